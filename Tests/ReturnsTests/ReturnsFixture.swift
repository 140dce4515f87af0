import BondedTesting
import ComplianceEngine
import Foundation
import WMSCore

/// A German warehouse with a returns area, products from China, Germany and the US, and shipped orders created
/// for real: stock received into the ledger, shipped out of it, and the shipment recorded as a flow document.
enum ReturnsFixture {
    static let warehouse = "DE-RET1"
    static let returns = "RET-01"
    /// 2026-11-28 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_764_331_200)

    static let packSet: PackSet = {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Rules")
            .standardized.path
        let result = RuleFiles.load(directory: rules)
        guard let packSet = result.packSet else { fatalError("rules do not load: \(result.errors)") }
        return packSet
    }()

    static let skus = (1...12).map { String(format: "RT-%02d", $0) }
    /// Lot-tracked SKUs (every third).
    static func lotTracked(_ sku: String) -> Bool { (Int(sku.suffix(2)) ?? 0) % 3 == 0 }

    static func setUp(_ store: any Store) async throws {
        try await store.save(
            Warehouse(
                code: warehouse, name: "Returns test site", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
                languages: ["de", "en"]))
        var locations = [
            Location(warehouse: warehouse, code: returns, zone: "RET", zoneKind: .returns),
            Location(warehouse: warehouse, code: "DOCK-1", zone: "DOCK", zoneKind: .dock),
        ]
        for i in 1...4 {
            locations.append(
                Location(
                    warehouse: warehouse, code: "GEN-0\(i)", zone: "GEN", zoneKind: .general,
                    yMillimetres: Int64(i) * 1_500))
        }
        for location in locations { try await store.save(location) }
        for (index, sku) in skus.enumerated() {
            let origin = ["CN", "DE", "US", "VN"][index % 4]
            try await store.save(
                Product(
                    sku: sku, gtin: sku == "RT-01" ? try GTIN("4006381333931") : nil,
                    description: "Returnable item \(sku)", hsCode: "940540", originCountry: origin,
                    netWeightGrams: 300, lotTracked: lotTracked(sku)))
        }
    }

    /// The lot a SKU's stock carries (empty for untracked SKUs).
    static func lot(_ sku: String, _ variant: Int = 0) -> String {
        lotTracked(sku) ? "L\(sku.suffix(2))-\(variant)" : ""
    }

    /// Generates `count` orders, receives their stock, ships each order by its own posting, and records them.
    static func shipOrders(_ store: any Store, count: Int, seed: UInt64 = 42) async throws -> [ShippedOrderSummary] {
        var random = SeededGenerator(seed: seed)
        var orders: [ShippedOrderSummary] = []
        var totals: [SKULot: Int64] = [:]
        for n in 0..<count {
            var lines: [ShippedOrderLine] = []
            for sku in skus.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)) {
                let price = Decimal(Int.random(in: 500...9_999, using: &random)) / 100
                lines.append(
                    ShippedOrderLine(
                        sku: sku, lot: lot(sku, n % 2), quantity: Int64.random(in: 1...4, using: &random),
                        unitPrice: price, currency: "EUR"))
            }
            for line in lines { totals[SKULot(sku: line.sku, lot: line.lot), default: 0] += line.quantity }
            orders.append(
                ShippedOrderSummary(
                    orderID: String(format: "SO-%05d", n), warehouse: warehouse,
                    channel: ["amazon", "shopee", "temu", "web"][n % 4],
                    destinationCountry: ["DE", "FR", "NL", "AT", "PL"][n % 5],
                    shippedAt: now.addingTimeInterval(-Double(count - n) * 3_600), lines: lines))
        }
        for lot in Set(totals.keys.filter { !$0.lot.isEmpty }) {
            try await store.save(Lot(sku: lot.sku, lot: lot.lot))
        }
        _ = try await store.post(
            Posting(
                clientOperationID: "stock-in", warehouse: warehouse, documentReference: "ASN-1", actor: "fixture",
                movements: totals.keys.sorted().map {
                    .receipt(
                        sku: $0.sku, lot: $0.lot, quantity: totals[$0] ?? 0,
                        to: StockPosition(location: "GEN-01", bucket: .available))
                }))
        let recorder = FlowDocumentShippedOrders(store: store, warehouses: [warehouse])
        for order in orders {
            _ = try await store.post(
                Posting(
                    clientOperationID: "ship-\(order.orderID)", warehouse: warehouse,
                    documentReference: order.orderID, actor: "fixture",
                    movements: order.lines.map {
                        .shipment(sku: $0.sku, lot: $0.lot, quantity: $0.quantity, from: "GEN-01")
                    }))
            try await recorder.record(order)
        }
        return orders
    }

    static func service(_ store: any Store) -> ReturnService {
        ReturnService(
            store: store, orders: FlowDocumentShippedOrders(store: store, warehouses: [warehouse]), packSet: packSet,
            clock: { now })
    }

    /// Sum of balances of `warehouse` at `location` per bucket.
    static func buckets(_ store: any Store, location: String) async throws -> [Bucket: Int64] {
        var result: [Bucket: Int64] = [:]
        for balance in try await store.balances(warehouse: warehouse, sku: nil) where balance.location == location {
            result[balance.bucket, default: 0] += balance.quantity
        }
        return result
    }
}
