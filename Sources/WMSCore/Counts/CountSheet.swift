/// A stock count: which locations it covers (frozen while it is open), what the ledger held, what was counted,
/// and the variances it posted. Stored as a flow document of kind `count`.
public struct CountSheet: FlowState, Hashable {
    static let kind = "count"

    /// Cycle (chosen locations), dynamic (one location, after a pick found a difference) or full (every location).
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case cycle
        case dynamic
        case full
    }

    /// One counted record: a SKU/lot at a location, what the ledger held, what was counted.
    public struct Line: Hashable, Sendable, Codable {
        public var location: String
        public var sku: String
        public var lot: String
        /// What the ledger held when the count closed (picked units are at the pack station already).
        public var expected: Int64
        public var counted: Int64?
        public var variance: Int64 { (counted ?? expected) - expected }
    }

    public var id: String
    public var warehouse: String
    public var countKind: Kind
    /// Covered locations; every location for a full count.
    public var locations: [String]
    public var isOpen: Bool
    public var reason: String
    /// Ledger quantities when the count opened, all buckets but in-transit.
    var expected: [String: Int64]
    var counted: [String: Int64] = [:]
    /// Filled when the count closes.
    public var lines: [Line] = []
    var operations: [String: FlowOperation] = [:]

    public var status: String { isOpen ? "open" : "closed" }

    /// Whether an open count freezes `location`.
    public func covers(location: String) -> Bool { isOpen && (countKind == .full || locations.contains(location)) }

    /// Records that matched the ledger, out of all counted records (inventory record accuracy).
    public var matched: Int { lines.filter { $0.variance == 0 }.count }

    static func key(_ location: String, _ sku: String, _ lot: String) -> String {
        "\(location)\u{1F}\(sku)\u{1F}\(lot)"
    }
    static func parts(_ key: String) -> (String, String, String) {
        let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
    }
}

/// Inventory record accuracy over closed counts: the share of counted location-SKU-lot records that matched.
public struct AccuracyReport: Hashable, Sendable, Codable {
    public var counts: Int
    public var records: Int
    public var matched: Int
    /// Net units adjusted up and down.
    public var gains: Int64
    public var losses: Int64
    /// matched / records (1 when nothing was counted).
    public var accuracy: Double { records == 0 ? 1 : Double(matched) / Double(records) }
    public var variances: [CountSheet.Line]
}
