/// Types of the assessment fields an in-pack test may check.
enum ResultSchema {
    static let top: [String: ValueType] = [
        "decision": .text, "regime": .text, "currency": .text(.currency), "documents": .list(.text), "codes": .list(.text),
        "holds": .list(.text), "fees": .list(.text), "line_count": .number, "co2e": .quantity(.mass),
    ]
    static let totals: [String: ValueType] = ["vat": .money, "duty": .money, "fees": .money]
    static let line: [String: ValueType] = [
        "sku": .text, "vat_rate": .percent, "vat": .money, "duty": .money, "un_number": .text, "dg_class": .text,
        "class": .text, "packing_instruction": .text, "section": .text, "air": .text, "storage_zone": .text,
        "proper_shipping_name": .text, "packing_group": .text, "subsidiary_hazard": .text,
        "labels": .list(.text), "segregation": .list(.text),
    ]

    struct PathError: Error, ExpressibleByStringInterpolation {
        var message: String
        init(message: String) { self.message = message }
        init(stringLiteral value: String) { message = value }
        init(stringInterpolation: DefaultStringInterpolation) { message = String(stringInterpolation: stringInterpolation) }
    }

    static func type(of path: [PathStep]) -> Result<ValueType, PathError> {
        guard case .field(let first)? = path.first else { return .failure("empty path") }
        switch first {
        case "totals":
            guard path.count == 2, case .field(let name) = path[1] else { return .failure("expected totals.vat, totals.duty or totals.fees") }
            guard let type = totals[name] else { return .failure("unknown total '\(name)'\(Suggest.hint(name, totals.keys))") }
            return .success(type)
        case "lines":
            guard path.count >= 3, case .index = path[1] else { return .failure("expected lines[N].field") }
            var rest = Array(path.dropFirst(2))
            if rest.first == .field("dg") { rest.removeFirst() }
            guard rest.count == 1, case .field(let name) = rest[0] else { return .failure("expected lines[N].field") }
            guard let type = line[name] else { return .failure("unknown line field '\(name)'\(Suggest.hint(name, line.keys))") }
            return .success(type)
        default:
            guard path.count == 1 else { return .failure("'\(first)' has no fields") }
            guard let type = top[first] else {
                return .failure(PathError(message: "unknown result field '\(first)'\(Suggest.hint(first, Array(top.keys) + ["totals", "lines"]))"))
            }
            return .success(type)
        }
    }

    static func value(of path: [PathStep], in assessment: Assessment) -> Value {
        func money(_ amount: Fixed) -> Value { .money(amount, assessment.currency) }
        guard case .field(let first)? = path.first else { return .absent }
        switch first {
        case "decision": return .text(assessment.decision.rawValue)
        case "regime": return assessment.regime.map(Value.text) ?? .absent
        case "currency": return .text(assessment.currency)
        case "documents": return .list(assessment.documents.map(Value.text))
        case "codes": return .list(assessment.codes.map(Value.text))
        case "holds": return .list(assessment.holds.map { .text($0.code) })
        case "fees": return .list(assessment.fees.map { .text($0.name) })
        case "line_count": return .number(Fixed(assessment.lines.count) ?? .zero)
        case "co2e": return .quantity(assessment.co2eGrams, .mass)
        case "totals":
            guard path.count == 2, case .field(let name) = path[1] else { return .absent }
            switch name {
            case "vat": return money(assessment.vat)
            case "duty": return money(assessment.duty)
            default: return money(assessment.feeTotal)
            }
        case "lines":
            guard path.count >= 3, case .index(let index) = path[1], index < assessment.lines.count,
                case .field(let name)? = path.last
            else { return .absent }
            let line = assessment.lines[index]
            let dg = line.dg
            switch name {
            case "sku": return .text(line.sku)
            case "vat_rate": return line.vatRate.map(Value.percent) ?? .absent
            case "vat": return money(line.vat)
            case "duty": return money(line.duty)
            case "un_number": return dg.unNumber.map(Value.text) ?? .absent
            case "dg_class", "class": return dg.dgClass.map(Value.text) ?? .absent
            case "packing_instruction": return dg.packingInstruction.map(Value.text) ?? .absent
            case "section": return dg.section.map(Value.text) ?? .absent
            case "air": return dg.air.map(Value.text) ?? .absent
            case "storage_zone": return dg.storageZone.map(Value.text) ?? .absent
            case "proper_shipping_name": return dg.properShippingName.map(Value.text) ?? .absent
            case "packing_group": return dg.packingGroup.map(Value.text) ?? .absent
            case "subsidiary_hazard": return dg.subsidiaryHazard.map(Value.text) ?? .absent
            case "labels": return .list(dg.labels.map(Value.text))
            case "segregation": return .list(dg.segregation.map(Value.text))
            default: return .absent
            }
        default: return .absent
        }
    }
}

extension Compiler {
    /// Load-time checks of an in-pack test: fixture, JSON request, result paths and expected value types.
    mutating func checkTest(_ test: TestDecl, pack: Int) {
        if let fixture = test.fixture, packs[pack].fixtures[fixture.name] == nil {
            let known = Array(packs[pack].fixtures.keys)
            sink.error("unknown-fixture", "unknown fixture '\(fixture.name)'\(Suggest.hint(fixture.name, known))", at: fixture.range)
        }
        if let json = test.json {
            do { _ = try JSONReader.parse(json.text) } catch {
                let start = min(json.range.start + error.offset, max(json.range.start, json.range.end - 1))
                sink.error("invalid-json", "test \"\(test.name)\": \(error.message)", at: SourceRange(file: json.range.file, start: start, end: start + 1))
            }
        }
        if test.expects.isEmpty { sink.error("empty-test", "test \"\(test.name)\" expects nothing", at: test.range) }
        for expect in test.expects {
            switch ResultSchema.type(of: expect.path) {
            case .failure(let problem):
                sink.error("unknown-result-field", problem.message, at: expect.range)
            case .success(let type):
                guard let value = expect.value else { continue }
                let typed = expression(value, pack: pack, allowLine: false)
                guard typed.constant != nil else {
                    if typed.type != .unknown { sink.error("non-constant-cell", "expected values must be literals", at: value.range) }
                    continue
                }
                var expected = type
                if expect.op == "contains" || expect.op == "lacks" {
                    guard case .list(let element) = type else {
                        sink.error("type-mismatch", "'\(expect.op)' needs a list field such as documents or holds", at: expect.range)
                        continue
                    }
                    if case .list = typed.type {} else { expected = element }
                }
                if !expected.compatible(with: typed.type) {
                    sink.error("type-mismatch", "'\(expect.pathText)' is \(expected) but the expected value is \(typed.type)", at: value.range)
                }
            }
        }
    }
}

/// Outcome of one in-pack test.
public struct PackTestResult: Sendable {
    public var pack: String
    public var name: String
    public var location: String
    public var failures: [String]
    public var passed: Bool { failures.isEmpty }
}

/// All in-pack test results and, for `--coverage`, the rules and table rows no test reached.
public struct PackTestReport: Sendable {
    public var results: [PackTestResult]
    public var unreachedRules: [String]
    public var unreachedRows: [String]
    public var totalRules: Int
    public var totalRows: Int
    public var failed: Int { results.filter { !$0.passed }.count }
}

extension PackSet {
    /// Runs every in-pack test (each with its own pack and the packs it imports) and records coverage.
    public func runTests(pack filter: String? = nil) -> PackTestReport {
        var results: [PackTestResult] = []
        var reachedRules = Set<Int>()
        var reachedRows = Set<[Int]>()
        for (packIndex, pack) in program.packs.enumerated() where filter == nil || pack.name == filter {
            var closure: [Int] = []
            func include(_ index: Int) {
                if closure.contains(index) { return }
                for imported in program.packs[index].imports { include(imported) }
                closure.append(index)
            }
            include(packIndex)
            for test in pack.tests {
                let location = program.files.indices.contains(test.range.file)
                    ? { let (l, c) = program.files[test.range.file].lineColumn(test.range.start); return "\(program.files[test.range.file].path):\(l):\(c)" }()
                    : "?"
                var failures: [String] = []
                var json: JSONValue = .object([])
                if let fixture = test.fixture, let decl = pack.fixtures[fixture.name], let base = try? JSONReader.parse(decl.json) {
                    json = base
                }
                if let patch = test.json, let parsed = try? JSONReader.parse(patch.text) { json = json.merged(with: parsed) }
                let request: AssessmentRequest
                do {
                    request = try AssessmentRequest.decode(json)
                } catch {
                    results.append(PackTestResult(pack: pack.name, name: test.name, location: location, failures: ["request: \(error)"]))
                    continue
                }
                let day = test.at?.0 ?? request.date
                let assessment = assess(request, on: day, packs: closure, explain: true)
                for entry in assessment.trace {
                    switch entry.kind {
                    case .rule(let index, _): reachedRules.insert(index)
                    case .row(let table, let row): reachedRows.insert([table, row])
                    }
                }
                for expect in test.expects {
                    let actual = ResultSchema.value(of: expect.path, in: assessment)
                    let expected = expect.value.flatMap { PackSet.constant($0) } ?? .absent
                    if !PackSet.check(expect.op, actual, expected) {
                        let want = expect.value == nil ? "" : " \(expected.rendered)"
                        failures.append("expected \(expect.pathText) \(expect.op)\(want), got \(actual.rendered)"
                            + (assessment.holds.isEmpty || expect.pathText == "holds" ? "" : " (holds: \(assessment.holds.map(\.code).joined(separator: ", ")))"))
                    }
                }
                results.append(PackTestResult(pack: pack.name, name: test.name, location: location, failures: failures))
            }
        }
        let relevant = program.rules.indices.filter { filter == nil || program.packs[program.rules[$0].pack].name == filter }
        let unreachedRules = relevant.filter { !reachedRules.contains($0) }.map {
            "\(program.packs[program.rules[$0].pack].name).\(program.rules[$0].name) (\(program.rules[$0].location))"
        }
        var unreachedRows: [String] = []
        var totalRows = 0
        for (tableIndex, table) in program.tables.enumerated() where filter == nil || program.packs[table.pack].name == filter {
            totalRows += table.rows.count
            for (rowIndex, row) in table.rows.enumerated() where !reachedRows.contains([tableIndex, rowIndex]) {
                unreachedRows.append("\(program.packs[table.pack].name).\(table.name)[\(row.id)] (\(row.location))")
            }
        }
        return PackTestReport(results: results, unreachedRules: unreachedRules, unreachedRows: unreachedRows,
                              totalRules: relevant.count, totalRows: totalRows)
    }

    /// Evaluates a literal expression (expected values in tests).
    static func constant(_ expr: Expr) -> Value? {
        switch expr {
        case .string(let t, _): return .text(t)
        case .number(let n, _): return Fixed(parsing: n).map(Value.number)
        case .percent(let p, _): return Fixed(parsing: p)?.divided(by: Fixed(raw: 100_000_000)).map(Value.percent)
        case .money(let c, let a, _): return Fixed(parsing: a).map { .money($0, c) }
        case .bool(let b, _): return .bool(b)
        case .date(let d, _): return Day(parsing: d).map(Value.date)
        case .quantity(let a, let u, _):
            guard let (dimension, factor) = Dimension.unit(u), let v = Fixed(parsing: a)?.multiplied(by: factor) else { return nil }
            return .quantity(v, dimension)
        case .set(let elements, _): return .list(elements.compactMap(constant))
        case .unary("-", let inner, _):
            guard let value = constant(inner) else { return nil }
            switch value {
            case .number(let x): return x.negated.map(Value.number)
            case .money(let x, let c): return x.negated.map { .money($0, c) }
            default: return nil
            }
        default: return nil
        }
    }

    static func check(_ op: String, _ actual: Value, _ expected: Value) -> Bool {
        switch op {
        case "is absent": return actual.isAbsent
        case "is present": return !actual.isAbsent
        case "contains", "lacks":
            guard case .list(let values) = actual else { return false }
            let found: Bool
            if case .list(let wanted) = expected { found = wanted.allSatisfy(values.contains) } else { found = values.contains(expected) }
            return found == (op == "contains")
        case "==":
            if case .list(let a) = actual, case .list(let b) = expected { return Set(a) == Set(b) }
            return Value.compare(actual, expected) == 0
        case "!=":
            if case .list(let a) = actual, case .list(let b) = expected { return Set(a) != Set(b) }
            return Value.compare(actual, expected) != 0
        default:
            guard let order = Value.compare(actual, expected) else { return false }
            switch op {
            case "<": return order < 0
            case "<=": return order <= 0
            case ">": return order > 0
            default: return order >= 0
            }
        }
    }
}
