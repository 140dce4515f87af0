public import ComplianceEngine
public import WMSCore

/// Aggregates demand events into regular daily or weekly series per SKU × warehouse (× region): returns are netted
/// against shipments of the same period, days without events count as zero demand.
public struct DemandHistory: Sendable {
    public private(set) var events: [DemandEvent] = []

    public init(_ events: [DemandEvent] = []) { self.events = events }

    /// Adds one event; bad quantities are refused naming the field.
    public mutating func add(_ event: DemandEvent) throws {
        guard event.shipped >= 0 else {
            throw WMSError(.invalidField, field: "event.shipped", value: String(event.shipped), "must not be negative")
        }
        guard event.returned >= 0 else {
            throw WMSError(.invalidField, field: "event.returned", value: String(event.returned), "must not be negative")
        }
        guard !event.sku.isEmpty else { throw WMSError(.invalidField, field: "event.sku", value: "", "must not be empty") }
        events.append(event)
    }

    /// The keys present, sorted; `byRegion` keeps destination regions apart.
    public func keys(byRegion: Bool = false) -> [SeriesKey] {
        Set(events.map { SeriesKey(sku: $0.sku, warehouse: $0.warehouse, region: byRegion ? $0.region : nil) })
            .sorted()
    }

    /// Every series from `from` (inclusive) to `until` (exclusive). A weekly series covers whole weeks ending at
    /// `until`, so its first week may start before `from`.
    public func series(
        granularity: DemandSeries.Granularity = .daily, byRegion: Bool = false, from: Day, until: Day
    ) -> [DemandSeries] {
        let step = Int32(granularity.days)
        let periods = max(0, Int((until.ordinal - from.ordinal + step - 1) / step))
        let start = until.adding(days: -Int32(periods) * step)
        var net: [SeriesKey: [Double]] = [:]
        var lastSale: [SeriesKey: Day] = [:]
        for event in events where event.day >= start && event.day < until {
            let key = SeriesKey(sku: event.sku, warehouse: event.warehouse, region: byRegion ? event.region : nil)
            let index = Int((event.day.ordinal - start.ordinal) / step)
            net[key, default: Array(repeating: 0, count: periods)][index] += Double(event.shipped - event.returned)
            if event.shipped > 0, (lastSale[key].map { event.day > $0 } ?? true) { lastSale[key] = event.day }
        }
        for event in events where event.day < start && event.shipped > 0 {
            let key = SeriesKey(sku: event.sku, warehouse: event.warehouse, region: byRegion ? event.region : nil)
            if net[key] == nil { net[key] = Array(repeating: 0, count: periods) }
            if lastSale[key].map({ event.day > $0 }) ?? true { lastSale[key] = event.day }
        }
        return net.keys.sorted().map { key in
            DemandSeries(
                key: key, granularity: granularity, start: start, values: net[key]!.map { max(0, $0) },
                lastSale: lastSale[key])
        }
    }
}

/// Turns ledger entries into demand events until the order service records regions: every `shipment` entry
/// that is not a transfer or a destruction is demand (region `ALL`); receipts with a reason starting `return`
/// are returns.
public enum LedgerDemandAdapter {
    /// Reasons of shipment entries that move stock without selling it.
    public static let nonSaleReasons: Set<String> = ["transfer-out", "adjustment", "destruction"]

    /// The demand events of some entries (of any warehouses), one per entry.
    public static func events(from entries: [LedgerEntry]) -> [DemandEvent] {
        entries.compactMap { entry in
            let day = Day.utc(milliseconds: entry.recordedAtMilliseconds)
            switch entry.kind {
            case .shipment where !nonSaleReasons.contains(entry.reason):
                return DemandEvent(sku: entry.sku, warehouse: entry.warehouse, day: day, shipped: entry.quantity)
            case .receipt where entry.reason.hasPrefix("return"):
                return DemandEvent(sku: entry.sku, warehouse: entry.warehouse, day: day, shipped: 0,
                                   returned: entry.quantity)
            default:
                return nil
            }
        }
    }

    /// Reads a warehouse's whole ledger from a store, page by page.
    public static func events(store: any Store, warehouse: String, pageSize: Int = 5_000) async throws -> [DemandEvent] {
        var result: [DemandEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await store.entries(warehouse: warehouse, after: after, limit: pageSize)
            result += events(from: page)
            guard let last = page.last, page.count == pageSize else { break }
            after = last.sequence
        }
        return result
    }
}

extension Day {
    /// The UTC day of a timestamp in milliseconds since 1970.
    public static func utc(milliseconds: Int64) -> Day {
        Day(ordinal: Int32((milliseconds >= 0 ? milliseconds : milliseconds - 86_399_999) / 86_400_000))
    }
}
