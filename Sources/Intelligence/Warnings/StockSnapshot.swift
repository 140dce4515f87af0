public import ComplianceEngine
public import WMSCore

/// What the warnings need to know about one SKU in one warehouse: quantities per bucket, reserved, lots with
/// expiry, when the stock in each bucket arrived (first in, first out), the last sale and FEFO breaches.
public struct SKUStock: Sendable {
    public var sku: String
    public var warehouse: String
    public var quantities: [Bucket: Int64] = [:]
    public var reserved: Int64 = 0
    /// Available quantity per lot, with the lot's expiry when known.
    public var lots: [String: (quantity: Int64, expiry: Day?)] = [:]
    /// Arrival layers per bucket, oldest first: (day the units entered the bucket, units still there).
    public var layers: [Bucket: [(day: Day, quantity: Int64)]] = [:]
    public var lastSale: Day?
    public var breaches: [FEFOBreach] = []

    public init(sku: String, warehouse: String) {
        self.sku = sku
        self.warehouse = warehouse
    }

    public func quantity(_ bucket: Bucket) -> Int64 { quantities[bucket] ?? 0 }
    /// Available − reserved, never negative.
    public var availableToPromise: Int64 { max(0, quantity(.available) - reserved) }
    /// The day the oldest units still in a bucket arrived there.
    public func oldest(_ bucket: Bucket) -> Day? { layers[bucket]?.first?.day }
}

/// A shipment of a lot while an earlier-expiring lot of the same SKU was available in the same warehouse.
public struct FEFOBreach: Hashable, Sendable {
    public var day: Day
    public var shippedLot: String
    public var skippedLot: String
    public var skippedExpiry: Day
}

/// Replays ledger entries (in sequence order per warehouse) into `SKUStock` values.
public struct StockSnapshotBuilder: Sendable {
    public private(set) var stocks: [String: SKUStock] = [:]
    /// Lot expiries by SKU and lot.
    public var expiries: [String: [String: Day]]

    public init(expiries: [String: [String: Day]] = [:]) { self.expiries = expiries }

    private static func key(_ sku: String, _ warehouse: String) -> String { warehouse + "\u{1}" + sku }

    public mutating func apply(_ entry: LedgerEntry) {
        let key = Self.key(entry.sku, entry.warehouse)
        var stock = stocks[key] ?? SKUStock(sku: entry.sku, warehouse: entry.warehouse)
        let day = Day.utc(milliseconds: entry.recordedAtMilliseconds)
        let expiry = expiries[entry.sku]?[entry.lot]
        if let from = entry.from {
            if entry.kind == .shipment, from.bucket == .available,
                !LedgerDemandAdapter.nonSaleReasons.contains(entry.reason)
            {
                stock.lastSale = max(stock.lastSale ?? day, day)
                if let expiry {
                    let skipped = stock.lots
                        .filter { $0.key != entry.lot && $0.value.quantity > 0 && ($0.value.expiry.map { $0 < expiry } ?? false) }
                        .min { ($0.value.expiry!, $0.key) < ($1.value.expiry!, $1.key) }
                    if let skipped {
                        stock.breaches.append(
                            FEFOBreach(day: day, shippedLot: entry.lot, skippedLot: skipped.key,
                                       skippedExpiry: skipped.value.expiry!))
                    }
                }
            }
            stock.quantities[from.bucket, default: 0] -= entry.quantity
            if from.bucket == .available { stock.lots[entry.lot, default: (0, expiry)].quantity -= entry.quantity }
            var remaining = entry.quantity
            var layers = stock.layers[from.bucket] ?? []
            while remaining > 0, !layers.isEmpty {
                let take = min(remaining, layers[0].quantity)
                layers[0].quantity -= take
                remaining -= take
                if layers[0].quantity == 0 { layers.removeFirst() }
            }
            stock.layers[from.bucket] = layers
        }
        if let to = entry.to {
            stock.quantities[to.bucket, default: 0] += entry.quantity
            if to.bucket == .available { stock.lots[entry.lot, default: (0, expiry)].quantity += entry.quantity }
            stock.layers[to.bucket, default: []].append((day, entry.quantity))
        }
        stocks[key] = stock
    }

    /// Sets reserved quantities from the warehouse's stock levels.
    public mutating func apply(_ levels: [StockLevel]) {
        for level in levels {
            let key = Self.key(level.sku, level.warehouse)
            stocks[key, default: SKUStock(sku: level.sku, warehouse: level.warehouse)].reserved = level.reserved
        }
    }

    /// Every SKU × warehouse, sorted.
    public var snapshot: [SKUStock] {
        stocks.values.sorted { ($0.warehouse, $0.sku) < ($1.warehouse, $1.sku) }
    }

    /// Builds the snapshot of some warehouses from a store: ledger, lots' expiries and reservations.
    public static func load(store: any Store, warehouses: [String], pageSize: Int = 5_000) async throws
        -> (stocks: [SKUStock], events: [DemandEvent])
    {
        var builder = StockSnapshotBuilder()
        var events: [DemandEvent] = []
        for warehouse in warehouses {
            var after: Int64 = 0
            while true {
                let page = try await store.entries(warehouse: warehouse, after: after, limit: pageSize)
                for entry in page {
                    if builder.expiries[entry.sku]?[entry.lot] == nil, !entry.lot.isEmpty,
                        let lot = try await store.lot(sku: entry.sku, lot: entry.lot),
                        let expiry = lot.expiry.flatMap(Day.init(parsing:))
                    {
                        builder.expiries[entry.sku, default: [:]][entry.lot] = expiry
                    }
                    builder.apply(entry)
                }
                events += LedgerDemandAdapter.events(from: page)
                guard let last = page.last, page.count == pageSize else { break }
                after = last.sequence
            }
            builder.apply(try await store.stockLevels(warehouse: warehouse, sku: nil))
        }
        return (builder.snapshot, events)
    }
}
