/// A customs inspection hold on SKUs/lots of a shipment: what it froze, where.
public struct CustomsHold: Hashable, Sendable, Codable {
    /// The client operation id that placed it.
    public var id: String
    /// Frozen quantity per receipt key (container, SKU, lot).
    public var quantities: [String: Int64]
    /// Where the frozen stock waits (a dock or bonded location).
    public var location: String
    public var released: Bool
}

/// What one container of a shipment came to: expected, received good, damaged, over and short, per SKU/lot.
public struct ContainerDiscrepancy: Hashable, Sendable, Codable {
    public struct Line: Hashable, Sendable, Codable {
        public var sku: String
        public var lot: String
        public var expected: Int64
        public var good: Int64
        public var damaged: Int64
        public var over: Int64
        public var short: Int64
        public var outstanding: Int64
    }

    public var container: String
    public var closed: Bool
    public var lines: [Line]
    /// Lines whose receipt differs from the notice (over, short or damaged).
    public var discrepancies: [Line] { lines.filter { $0.over != 0 || $0.short != 0 || $0.damaged != 0 } }
}

/// The state of an inbound shipment (ASN): first-mile status, what each container should hold, what was
/// received, customs holds. Stored as a flow document of kind `asn`.
public struct InboundShipment: FlowState, Hashable {
    static let kind = "asn"
    public var id: String
    public var warehouse: String
    public var billOfLading: String
    public var firstMile: FirstMile
    /// The notice's lines. Stored apart from the state (kind `asn-lines`, written once at import) so that each
    /// receiving operation rewrites only the small state; `InboundService.shipment` loads them.
    public var lines: [ASNLine]
    /// Quantities per receipt key text.
    var expected: [String: Int64]
    var good: [String: Int64] = [:]
    var damaged: [String: Int64] = [:]
    var over: [String: Int64] = [:]
    var short: [String: Int64] = [:]
    public var holds: [CustomsHold] = []
    public var closedContainers: [String] = []
    var operations: [String: FlowOperation] = [:]

    public var status: String { firstMile.status.rawValue }

    static let linesKind = "asn-lines"

    enum CodingKeys: String, CodingKey {
        case id, warehouse, billOfLading, firstMile, expected, good, damaged, over, short, holds, closedContainers
        case operations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        warehouse = try c.decode(String.self, forKey: .warehouse)
        billOfLading = try c.decode(String.self, forKey: .billOfLading)
        firstMile = try c.decode(FirstMile.self, forKey: .firstMile)
        lines = []
        expected = try c.decode([String: Int64].self, forKey: .expected)
        good = try c.decode([String: Int64].self, forKey: .good)
        damaged = try c.decode([String: Int64].self, forKey: .damaged)
        over = try c.decode([String: Int64].self, forKey: .over)
        short = try c.decode([String: Int64].self, forKey: .short)
        holds = try c.decode([CustomsHold].self, forKey: .holds)
        closedContainers = try c.decode([String].self, forKey: .closedContainers)
        operations = try c.decode([String: FlowOperation].self, forKey: .operations)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(warehouse, forKey: .warehouse)
        try c.encode(billOfLading, forKey: .billOfLading)
        try c.encode(firstMile, forKey: .firstMile)
        try c.encode(expected, forKey: .expected)
        try c.encode(good, forKey: .good)
        try c.encode(damaged, forKey: .damaged)
        try c.encode(over, forKey: .over)
        try c.encode(short, forKey: .short)
        try c.encode(holds, forKey: .holds)
        try c.encode(closedContainers, forKey: .closedContainers)
        try c.encode(operations, forKey: .operations)
    }

    init(_ notice: AdvanceShippingNotice) {
        id = notice.id
        warehouse = notice.warehouse
        billOfLading = notice.billOfLading
        firstMile = FirstMile()
        lines = notice.lines
        var expected: [String: Int64] = [:]
        for line in notice.lines { expected[line.key.text, default: 0] += line.quantity }
        self.expected = expected
    }

    /// Quantity frozen by open holds per key.
    func held(_ key: String) -> Int64 {
        holds.filter { !$0.released }.reduce(0) { $0 + ($1.quantities[key] ?? 0) }
    }

    /// Still in transit and receivable (not received, not short, not held).
    func outstanding(_ key: String) -> Int64 {
        max(0, (expected[key] ?? 0) - (good[key] ?? 0) - (damaged[key] ?? 0) - (short[key] ?? 0) - held(key))
    }

    /// The discrepancy report of every container.
    public var containers: [ContainerDiscrepancy] {
        var byContainer: [String: [ContainerDiscrepancy.Line]] = [:]
        let keys = Set(expected.keys).union(over.keys).compactMap(ReceiptKey.init(text:)).sorted()
        for key in keys {
            let text = key.text
            byContainer[key.container, default: []].append(
                .init(
                    sku: key.sku, lot: key.lot, expected: expected[text] ?? 0, good: good[text] ?? 0,
                    damaged: damaged[text] ?? 0, over: over[text] ?? 0, short: short[text] ?? 0,
                    outstanding: outstanding(text) + held(text)))
        }
        return byContainer.keys.sorted().map {
            ContainerDiscrepancy(container: $0, closed: closedContainers.contains($0), lines: byContainer[$0] ?? [])
        }
    }
}
