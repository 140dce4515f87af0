public import ComplianceEngine

/// One observation of demand: units of a SKU shipped from a warehouse to a destination region on a day, and units
/// of it that came back. Orders, ledger shipments and returns are all turned into these.
public struct DemandEvent: Hashable, Sendable {
    public var sku: String
    public var warehouse: String
    /// Destination region (ISO country, marketplace region, or `ALL` when unknown).
    public var region: String
    public var day: Day
    public var shipped: Int64
    public var returned: Int64

    /// The region used when the source does not say where the goods went.
    public static let unknownRegion = "ALL"

    public init(sku: String, warehouse: String, region: String = DemandEvent.unknownRegion, day: Day, shipped: Int64,
                returned: Int64 = 0) {
        self.sku = sku
        self.warehouse = warehouse
        self.region = region
        self.day = day
        self.shipped = shipped
        self.returned = returned
    }
}

/// What a demand series is about: a SKU in a warehouse, optionally for one destination region.
public struct SeriesKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var sku: String
    public var warehouse: String
    /// `nil`: every region together.
    public var region: String?

    public init(sku: String, warehouse: String, region: String? = nil) {
        self.sku = sku
        self.warehouse = warehouse
        self.region = region
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.sku, lhs.warehouse, lhs.region ?? "") < (rhs.sku, rhs.warehouse, rhs.region ?? "")
    }

    public var description: String { "\(sku)@\(warehouse)" + (region.map { "/\($0)" } ?? "") }
}

/// A regular demand series: net units per period (day or week) from `start`, oldest first.
public struct DemandSeries: Hashable, Sendable {
    public enum Granularity: String, Hashable, Sendable, Codable {
        case daily
        case weekly

        /// Days per period.
        public var days: Int { self == .daily ? 1 : 7 }
    }

    public var key: SeriesKey
    public var granularity: Granularity
    /// The first day of the first period.
    public var start: Day
    /// Net units (shipped − returned, never below zero) per period.
    public var values: [Double]
    /// The last day with a shipment, if any.
    public var lastSale: Day?

    public init(key: SeriesKey, granularity: Granularity, start: Day, values: [Double], lastSale: Day? = nil) {
        self.key = key
        self.granularity = granularity
        self.start = start
        self.values = values
        self.lastSale = lastSale
    }

    /// The day after the last period.
    public var end: Day { start.adding(days: Int32(values.count * granularity.days)) }
}
