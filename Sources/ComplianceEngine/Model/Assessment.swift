/// The result of assessing one request: decision, regime, taxes, per-line results, documents, holds, and an
/// explanation recorded as ids (rendered to text only when asked for).
public struct Assessment: Sendable {
    public enum Decision: String, Sendable {
        case release
        case hold
    }

    public struct Hold: Sendable, Hashable {
        public var code: String
        public var message: String
        public var rule: String
        public var source: String
    }

    public struct Fee: Sendable, Hashable {
        public var name: String
        public var amount: Fixed
    }

    public struct DangerousGoods: Sendable, Hashable {
        public var unNumber: String?
        public var dgClass: String?
        public var packingInstruction: String?
        public var section: String?
        public var air: String?
        public var storageZone: String?
        /// The proper shipping name of the UN entry as the dangerous-goods list gives it (for the declaration).
        public var properShippingName: String?
        /// Packing group `I`, `II` or `III`; nil for entries without one (e.g. lithium batteries).
        public var packingGroup: String?
        /// Subsidiary hazard class, when the entry has one.
        public var subsidiaryHazard: String?
        public var labels: [String] = []
        public var segregation: [String] = []

        var isEmpty: Bool {
            unNumber == nil && dgClass == nil && packingInstruction == nil && section == nil && air == nil
                && storageZone == nil && properShippingName == nil && packingGroup == nil && subsidiaryHazard == nil
                && labels.isEmpty && segregation.isEmpty
        }
    }

    public struct Line: Sendable, Hashable {
        public var sku: String
        /// VAT rate as a fraction (0.19 for 19%).
        public var vatRate: Fixed?
        public var vat: Fixed = .zero
        public var duty: Fixed = .zero
        public var dg = DangerousGoods()
    }

    public var id: String
    public var decision: Decision
    public var regime: String?
    public var currency: String
    public var vat: Fixed
    public var duty: Fixed
    public var fees: [Fee]
    public var lines: [Line]
    public var documents: [String]
    public var codes: [String]
    public var holds: [Hold]
    /// Greenhouse-gas emissions of the transport legs, in grams CO2e.
    public var co2eGrams: Fixed
    public var date: Day
    /// SHA-256 of the active pack set's files.
    public var packSetHash: String

    var trace: [TraceEntry]
    let program: Program?
    let facts: Facts?
    /// The request, kept only when the explanation was recorded (to re-read the inputs when rendering it).
    let request: AssessmentRequest?

    public var feeTotal: Fixed { fees.reduce(Fixed.zero) { $0.adding($1.amount) ?? $0 } }

    /// One decision step: which pack, version, rule or table row, the inputs it read, and the cited source.
    public struct Explanation: Sendable, Hashable {
        public var pack: String
        public var version: String
        public var rule: String
        public var line: String?
        public var outcome: String
        public var inputs: [String: String]
        public var source: String
        public var location: String
    }

    /// Renders the recorded trace (ids only) into explanations.
    public func explanation() -> [Explanation] {
        guard let program, let facts, let request else { return [] }
        return withUnsafePointer(to: request) { pointer in
            let ctx = EvalContext(
                facts: facts, request: pointer, day: date, letCount: program.lets.count, recordTrace: false)
            return explanation(program, facts, ctx)
        }
    }

    private func explanation(_ program: Program, _ facts: Facts, _ ctx: EvalContext) -> [Explanation] {
        var result: [Explanation] = []
        var seen = Set<TraceEntry>()
        // Aggregates re-read lines, so one table row can be recorded several times: explain it once.
        for entry in trace where seen.insert(entry).inserted {
            let lineSKU = entry.line >= 0 && entry.line < facts.lines.count ? facts.lines[entry.line].sku : nil
            if entry.line >= 0 { ctx.setLine(entry.line) }
            switch entry.kind {
            case .rule(let index, let otherwise):
                let rule = program.rules[index]
                let pack = program.packs[rule.pack]
                var inputs: [String: String] = [:]
                for (label, eval) in rule.inputs {
                    let value = eval(ctx)
                    if case .row(let table, let row) = value, program.tables.indices.contains(Int(table)) {
                        let compiled = program.tables[Int(table)]
                        inputs[label] = "\(compiled.name)[\(compiled.rows[Int(row)].id)]"
                    } else {
                        inputs[label] = value.rendered
                    }
                }
                let outcomes = (otherwise ? rule.otherwise : rule.then).map(\.kind.rawValue).joined(separator: ", ")
                result.append(Explanation(
                    pack: pack.name, version: pack.version, rule: rule.name, line: rule.lineScoped ? lineSKU : nil,
                    outcome: (otherwise ? "else: " : "then: ") + outcomes, inputs: inputs,
                    source: rule.sources.compactMap { pack.sources[$0].map { s in "\(s.id): \(s.citation)" } }.joined(separator: "; ")
                        + (rule.open.map { " [OPEN: \($0)]" } ?? ""),
                    location: rule.location))
            case .row(let tableIndex, let rowIndex):
                let table = program.tables[tableIndex]
                let pack = program.packs[table.pack]
                let row = table.rows[rowIndex]
                let outputs = zip(table.outputNames, row.outputs).map { "\($0) = \($1.rendered)" }.joined(separator: ", ")
                let sourceIDs = row.source.map { [$0] } ?? table.sources
                result.append(Explanation(
                    pack: pack.name, version: pack.version, rule: "\(table.name)[\(row.id)]", line: lineSKU, outcome: outputs,
                    inputs: [:],
                    source: sourceIDs.compactMap { pack.sources[$0].map { s in "\(s.id): \(s.citation)" } }.joined(separator: "; "),
                    location: row.location))
            }
        }
        return result
    }
}
