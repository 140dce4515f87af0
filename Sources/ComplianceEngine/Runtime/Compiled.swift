/// What a rule can decide. Each outcome has a fixed argument signature and a scope.
enum OutcomeKind: String, Sendable, CaseIterable {
    case regime, document, code, hold, fee, vat, duty
    case vatRate = "vat_rate"
    case unNumber = "un_number"
    case dgClass = "dg_class"
    case packingInstruction = "packing_instruction"
    case section, air
    case storageZone = "storage_zone"
    case properShippingName = "proper_shipping_name"
    case packingGroup = "packing_group"
    case subsidiaryHazard = "subsidiary_hazard"
    case label, segregation, co2e

    /// Outcomes that only make sense for one order line.
    var lineOnly: Bool {
        switch self {
        case .vatRate, .unNumber, .dgClass, .packingInstruction, .section, .air, .storageZone, .label, .segregation,
            .properShippingName, .packingGroup, .subsidiaryHazard:
            true
        default: false
        }
    }

    /// Argument types (`nil` = text or list of text).
    var signature: [ValueType?] {
        switch self {
        case .hold: [.text, .text]
        case .fee: [.text, .money]
        case .vat, .duty: [.money]
        case .co2e: [.quantity(.mass)]
        case .vatRate: [.percent]
        case .document, .code, .label, .segregation: [nil]
        case .air: [.text(.enumeration("Air", RequestEnums.air))]
        default: [.text]
        }
    }
}

struct CompiledOutcome: Sendable {
    var kind: OutcomeKind
    var arguments: [EvalBox]
    /// For list outcomes (document, code, label, segregation) whose arguments are all constants: their texts,
    /// computed once at load instead of on every firing.
    var constantTexts: [String]?

    /// The texts of a value: one text, the texts of a list (recursively), or none.
    static func texts(_ value: Value) -> [String] {
        switch value {
        case .text(let t): [t]
        case .list(let values): values.flatMap(texts)
        default: []
        }
    }
}

/// A compiled rule. A class so the evaluator passes one reference instead of copying (and retaining) every field.
final class CompiledRule: Sendable {
    let pack: Int
    let name: String
    let lineScoped: Bool
    let period: Period
    let condition: EvalBox?
    let then: [CompiledOutcome]
    let otherwise: [CompiledOutcome]
    let sources: [String]
    let open: String?
    let location: String
    /// What the rule read, for explanations: label and how to re-read it.
    let inputs: [(String, Eval)]

    init(pack: Int, name: String, lineScoped: Bool, period: Period, condition: EvalBox?, then: [CompiledOutcome],
         otherwise: [CompiledOutcome], sources: [String], open: String?, location: String, inputs: [(String, Eval)]) {
        self.pack = pack
        self.name = name
        self.lineScoped = lineScoped
        self.period = period
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
        self.sources = sources
        self.open = open
        self.location = location
        self.inputs = inputs
    }
}

enum HitPolicy: String, Sendable, CaseIterable {
    case first, unique, priority, collect
}

enum CellMatcher: Sendable, Hashable {
    case any
    case equal(Value)
    case less(Value, orEqual: Bool)
    case greater(Value, orEqual: Bool)
    case interval(Value, Value, closedUpper: Bool)
    case oneOf([Value], negated: Bool)

    @inline(__always)
    func matches(_ value: Value) -> Bool {
        switch self {
        case .any: return true
        // `==` agrees with `compare(…) == 0` for every comparable kind (same kind, same currency or dimension).
        case .equal(let expected): return value == expected
        case .less(let bound, let orEqual):
            guard let order = Value.compare(value, bound) else { return false }
            return orEqual ? order <= 0 : order < 0
        case .greater(let bound, let orEqual):
            guard let order = Value.compare(value, bound) else { return false }
            return orEqual ? order >= 0 : order > 0
        case .interval(let low, let high, let closed):
            guard let lower = Value.compare(value, low), let upper = Value.compare(value, high) else { return false }
            return lower >= 0 && (closed ? upper <= 0 : upper < 0)
        case .oneOf(let values, let negated):
            if value.isAbsent { return false }
            return values.contains(value) != negated
        }
    }
}

/// One table row. A class so lookups do not copy (and retain) its cells and outputs.
final class CompiledRow: Sendable {
    let id: String
    let period: Period
    let priority: Int
    let cells: [CellMatcher]
    let outputs: [Value]
    let source: String?
    let location: String

    init(id: String, period: Period, priority: Int, cells: [CellMatcher], outputs: [Value], source: String?, location: String) {
        self.id = id
        self.period = period
        self.priority = priority
        self.cells = cells
        self.outputs = outputs
        self.source = source
        self.location = location
    }
}

struct CompiledTable: Sendable {
    var pack: Int
    var name: String
    var hit: HitPolicy
    var inputNames: [String]
    var inputTypes: [ValueType]
    var outputNames: [String]
    var outputTypes: [ValueType]
    var rows: [CompiledRow]
    var sources: [String]
    var location: String
    /// Index on one equality column: rows for each key (wildcard rows merged in, in row order).
    var indexColumn: Int?
    var keyed: [Value: [Int32]] = [:]
    var unkeyed: [Int32] = []
    /// The same index when every key is a short ASCII text: sorted keys and their rows (no hashing on lookup).
    var asciiKeys: [UInt64]?
    var asciiRows: [[Int32]] = []

    mutating func buildIndex() {
        indexColumn = nil
        keyed = [:]
        asciiKeys = nil
        asciiRows = []
        unkeyed = Array(0..<Int32(rows.count))
        guard !rows.isEmpty else { return }
        columns: for column in inputNames.indices {
            var wildcard: [Int32] = []
            var keys: [Value: [Int32]] = [:]
            for (index, row) in rows.enumerated() {
                switch row.cells[column] {
                case .any: wildcard.append(Int32(index))
                case .equal(let value): keys[value, default: []].append(Int32(index))
                default: continue columns
                }
            }
            guard keys.count > 1 else { continue }
            for key in keys.keys { keys[key] = (keys[key, default: []] + wildcard).sorted() }
            indexColumn = column
            keyed = keys
            unkeyed = wildcard
            if let sorted = ASCIIKey.sortedKeys(Array(keys.keys)) {
                let byKey = Dictionary(
                    keys.map { key, rows in (ASCIIKey.sortedKeys([key])![0], rows) }, uniquingKeysWith: { a, _ in a })
                asciiKeys = sorted
                asciiRows = sorted.map { byKey[$0]! }
            }
            return
        }
    }

    /// The candidate rows for the inputs, in row order.
    func candidates(_ arguments: [Value]) -> [Int32] {
        arguments.withUnsafeBufferPointer { buffer in withCandidates(buffer) { Array($0) } }
    }

    /// Calls `body` with the candidate rows for the inputs, in row order, without copying the row list.
    /// Every candidate matches the index column (keyed rows equal the key, the others are wildcards there), so
    /// matching skips it.
    @inline(__always)
    func withCandidates<R>(_ arguments: UnsafeBufferPointer<Value>, _ body: (UnsafeBufferPointer<Int32>) -> R) -> R {
        guard let column = indexColumn else { return unkeyed.withUnsafeBufferPointer(body) }
        if let asciiKeys, case .text(let text) = arguments[column], let key = ASCIIKey.of(text) {
            if let position = asciiKeys.withUnsafeBufferPointer({ ASCIIKey.find(key, in: $0) }) {
                return asciiRows[position].withUnsafeBufferPointer(body)
            }
            return unkeyed.withUnsafeBufferPointer(body)
        }
        if let rows = keyed[arguments[column]] { return rows.withUnsafeBufferPointer(body) }
        return unkeyed.withUnsafeBufferPointer(body)
    }
}

struct CompiledLet: Sendable {
    var pack: Int
    var name: String
    var type: ValueType
    var lineScoped: Bool
    var versions: [(Period, EvalBox)]
    /// The value when the let has one undated version and it is a constant expression.
    var constant: Value?
}

/// A rule's index in the program and its effective period.
struct ScheduledRule: Sendable {
    var index: Int
    var period: Period
}

/// A pack after checking: metadata and indices into the pack set's rules and tables.
struct CompiledPack: Sendable {
    var name: String
    var version: String
    var owner: String
    var period: Period
    var sources: [String: SourceDecl]
    var imports: [Int]
    var applies: EvalBox?
    var rules: [Int]
    /// Filled in by the program: the pack's rules split by scope, in order, each with its period so rules not in
    /// force are skipped without touching them.
    var shipmentRules: [ScheduledRule] = []
    var lineRules: [ScheduledRule] = []
    var tables: [Int]
    var tests: [TestDecl]
    var fixtures: [String: FixtureDecl]
    var directory: String
}
