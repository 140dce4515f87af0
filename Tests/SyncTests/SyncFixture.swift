import BondedTesting
import Foundation
import Storage
import WMSCore

/// Master data and a seeded operator workload shared by the sync tests.
enum SyncFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let locations = ["A-01", "A-02", "A-03", "B-01", "B-02"]
    static let skus = ["SYNC-1", "SYNC-2", "SYNC-3", "SYNC-LOT"]

    /// A warehouse with five locations, four products (one lot-tracked, with two lots).
    static func seedMaster(_ store: any Store, warehouse: String) async throws {
        try await store.save(
            Warehouse(
                code: warehouse, name: "Edge \(warehouse)", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
                languages: ["de"]))
        for code in locations {
            try await store.save(
                Location(warehouse: warehouse, code: code, zone: String(code.prefix(1)), zoneKind: .general))
        }
        for sku in skus {
            try await store.save(Product(sku: sku, description: "Sync test \(sku)", lotTracked: sku == "SYNC-LOT"))
        }
        for lot in ["L1", "L2"] { try await store.save(Lot(sku: "SYNC-LOT", lot: lot)) }
    }

    /// Posts operator actions at an edge: receipts, moves, picks (shipments) and count adjustments, chosen by
    /// `random` from what the edge holds, so none is refused for lack of stock.
    struct Operator {
        var warehouse: String
        var random: SplitMix
        var counter = 0
        /// Client operation id → legs, of every posting done.
        var done: [String: Int] = [:]
        var prefix: String

        init(warehouse: String, seed: UInt64, prefix: String = "op") {
            self.warehouse = warehouse
            self.random = SplitMix(seed)
            self.prefix = prefix
        }

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        /// One posting; returns it after the store accepted it.
        @discardableResult
        mutating func act(on store: any Store, at date: Date? = nil) async throws -> Posting {
            counter += 1
            let id = "\(prefix)-\(warehouse)-\(counter)"
            let balances = try await store.balances(warehouse: warehouse, sku: nil).filter {
                $0.bucket == .available && $0.quantity > 0
            }
            let movement: Movement
            let roll = random.next() % 10
            if balances.isEmpty || roll < 4 {
                let sku = pick(SyncFixture.skus)
                movement = .receipt(
                    sku: sku, lot: sku == "SYNC-LOT" ? pick(["L1", "L2"]) : "",
                    quantity: Int64(1 + random.next() % 20),
                    to: StockPosition(location: pick(SyncFixture.locations), bucket: .available))
            } else {
                let balance = pick(balances)
                let quantity = Int64(1 + random.next() % UInt64(balance.quantity))
                switch roll {
                case 4, 5:
                    let target = pick(SyncFixture.locations.filter { $0 != balance.location })
                    movement = .transfer(
                        sku: balance.sku, lot: balance.lot, quantity: quantity,
                        from: StockPosition(location: balance.location, bucket: .available),
                        to: StockPosition(location: target, bucket: .available), reason: "move")
                case 6, 7:
                    movement = .shipment(
                        sku: balance.sku, lot: balance.lot, quantity: quantity, from: balance.location, reason: "pick")
                default:
                    let delta = random.next() % 2 == 0 ? Int64(1 + random.next() % 3) : -min(quantity, 2)
                    movement = .adjustment(
                        sku: balance.sku, lot: balance.lot, delta: delta, at: balance.location, reason: "count")
                }
            }
            let posting = Posting(
                clientOperationID: id, warehouse: warehouse, documentReference: "DOC-\(counter)", actor: "operator",
                device: "scanner-1", movements: [movement], recordedAt: date)
            let result = try await store.post(posting)
            done[id] = result.entries.count
            return posting
        }
    }
}
