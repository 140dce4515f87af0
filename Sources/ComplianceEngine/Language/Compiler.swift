/// The checker and code generator: types every expression against the fact schema, resolves names (with "did you
/// mean"), analyses tables and effective periods, and compiles everything to closures. Reports all errors it finds.
struct Compiler {
    struct Typed {
        var type: ValueType
        var eval: Eval
        var lineScoped: Bool
        var constant: Value?
        var recordPath: String?
        var alias: Int?
        /// The value of a reference to a constant `let`: used only to pick faster evaluation (a hashed set for
        /// `in`), never for checking, so diagnostics stay those of the written expression.
        var known: Value?

        static func constant(_ value: Value, _ type: ValueType) -> Typed {
            Typed(type: type, eval: { _ in value }, lineScoped: false, constant: value)
        }

        static let error = Typed(type: .unknown, eval: { _ in .absent }, lineScoped: false)
    }

    enum LetState {
        case pending
        case compiling
        case done(Int)
    }

    static let builtins = ["round", "min", "max", "abs", "amount", "money", "starts_with", "percent", "number", "length"]
    static let maximumDepth = 120

    var sink: DiagnosticSink
    var files: [SourceFile]
    var packs: [CompiledPack] = []
    var rules: [CompiledRule] = []
    var tables: [CompiledTable] = []
    var lets: [CompiledLet] = []

    private var letDecls: [[String: [LetDecl]]] = []
    private var letStates: [[String: LetState]] = []
    private var tableNames: [[String: Int]] = []
    private var aliases: [[String: Int]] = []
    private var sourceIDs: [Set<String>] = []
    private var reads: [(String, Eval)] = []
    private var readNames: Set<String> = []
    private var depth = 0

    init(files: [SourceFile], sink: DiagnosticSink) {
        self.files = files
        self.sink = sink
    }

    func location(_ range: SourceRange) -> String {
        guard range.file >= 0, range.file < files.count else { return "?" }
        let (line, column) = files[range.file].lineColumn(range.start)
        return "\(files[range.file].path):\(line):\(column)"
    }

    // MARK: Packs

    struct PackInput {
        var directory: String
        var asts: [FileAST]
        var csv: [String: Int]
        var firstFile: Int
    }

    mutating func compile(_ inputs: [PackInput]) {
        // Names and import order.
        var names: [String: Int] = [:]
        var headers: [Named?] = []
        for (index, input) in inputs.enumerated() {
            let headerFiles = input.asts.filter { $0.packName != nil }
            if headerFiles.count > 1, let second = headerFiles[1].packName {
                sink.error("duplicate-pack-header", "pack '\(input.directory)' has more than one 'pack' header", at: second.range)
            }
            let header = headerFiles.first?.packName
            headers.append(header)
            guard let header else {
                sink.error("missing-pack-header", "no 'pack' header in pack directory '\(input.directory)'",
                           at: SourceRange(file: input.firstFile, start: 0, end: 0))
                continue
            }
            if names[header.name] != nil {
                sink.error("duplicate-pack", "pack '\(header.name)' is declared twice", at: header.range)
            }
            names[header.name] = index
        }
        // Topological order with cycle detection.
        var order: [Int] = []
        var state = [Int](repeating: 0, count: inputs.count)  // 0 new, 1 visiting, 2 done
        func visit(_ index: Int, _ via: SourceRange?, compiler: inout Compiler) {
            if state[index] == 2 { return }
            if state[index] == 1 {
                if let via { compiler.sink.error("import-cycle", "import cycle through pack '\(headers[index]?.name ?? "?")'", at: via) }
                return
            }
            state[index] = 1
            for ast in inputs[index].asts {
                for item in ast.imports {
                    if let target = names[item.pack] { visit(target, item.range, compiler: &compiler) }
                }
            }
            state[index] = 2
            order.append(index)
        }
        for index in inputs.indices { visit(index, nil, compiler: &self) }
        var packIndex: [Int: Int] = [:]
        for inputIndex in order {
            guard let header = headers[inputIndex] else { continue }
            packIndex[inputIndex] = packs.count
            compilePack(inputs[inputIndex], header: header, names: names, packIndex: packIndex)
        }
    }

    private mutating func compilePack(_ input: PackInput, header: Named, names: [String: Int], packIndex: [Int: Int]) {
        let pack = packs.count
        var sources: [String: SourceDecl] = [:]
        var version = ""
        var owner = ""
        var period = Period.always
        var importIndices: [Int] = []
        var alias: [String: Int] = [:]
        for ast in input.asts {
            if let v = ast.version { version = v.0 }
            if let o = ast.owner { owner = o }
            if let e = ast.effective { period = e.period }
            for source in ast.sources {
                if sources[source.id] != nil {
                    sink.error("duplicate-source", "source '\(source.id)' is declared twice", at: source.range)
                }
                sources[source.id] = source
            }
            for item in ast.imports {
                guard let target = names[item.pack], let compiled = packIndex[target] else {
                    if names[item.pack] == nil {
                        sink.error("unknown-pack", "unknown pack '\(item.pack)'\(Suggest.hint(item.pack, names.keys))", at: item.range)
                    }
                    continue
                }
                importIndices.append(compiled)
                alias[item.alias] = compiled
            }
        }
        if version.isEmpty { sink.error("missing-version", "pack '\(header.name)' has no 'version'", at: header.range) }
        packs.append(CompiledPack(
            name: header.name, version: version, owner: owner, period: period, sources: sources, imports: importIndices,
            applies: nil, rules: [], tables: [], tests: [], fixtures: [:], directory: input.directory))
        aliases.append(alias)
        sourceIDs.append(Set(sources.keys))
        letDecls.append([:])
        letStates.append([:])
        tableNames.append([:])

        // Tables first: their cells are constants.
        for ast in input.asts {
            for table in ast.tables {
                if tableNames[pack][table.name.name] != nil {
                    sink.error("duplicate-table", "table '\(table.name.name)' is declared twice", at: table.name.range)
                    continue
                }
                if let compiled = compileTable(table, pack: pack, csv: input.csv) {
                    tableNames[pack][table.name.name] = tables.count
                    packs[pack].tables.append(tables.count)
                    tables.append(compiled)
                }
            }
        }
        // Lets (versions by name), compiled lazily in dependency order.
        for ast in input.asts {
            for decl in ast.lets {
                if tableNames[pack][decl.name.name] != nil || decl.name.name == "shipment" || decl.name.name == "line" {
                    sink.error("duplicate-name", "'\(decl.name.name)' is already declared", at: decl.name.range)
                    continue
                }
                letDecls[pack][decl.name.name, default: []].append(decl)
                letStates[pack][decl.name.name] = .pending
            }
        }
        for name in letDecls[pack].keys.sorted() { _ = resolveLet(name, pack: pack) }
        for ast in input.asts {
            guard let applies = ast.applies else { continue }
            let typed = expression(applies, pack: pack, allowLine: false)
            requireType(typed, .bool, applies, "'applies when'")
            packs[pack].applies = EvalBox(typed.eval)
        }
        // Rules.
        var versions: [String: [(Period, SourceRange)]] = [:]
        for ast in input.asts {
            for rule in ast.rules {
                let period = rule.effective?.period ?? .always
                for (other, _) in versions[rule.name.name] ?? [] where other.overlaps(period) {
                    sink.error("overlapping-period",
                               "rule '\(rule.name.name)' is already in force \(other); versions must not overlap", at: rule.effective?.range ?? rule.name.range)
                }
                versions[rule.name.name, default: []].append((period, rule.name.range))
                if let compiled = compileRule(rule, pack: pack) {
                    packs[pack].rules.append(rules.count)
                    rules.append(compiled)
                }
            }
        }
        for (name, list) in versions where list.count > 1 { checkGaps(list, what: "rule '\(name)'", severity: .warning) }
        // Tests and fixtures.
        for ast in input.asts {
            for fixture in ast.fixtures {
                if packs[pack].fixtures[fixture.name.name] != nil {
                    sink.error("duplicate-fixture", "fixture '\(fixture.name.name)' is declared twice", at: fixture.name.range)
                }
                do { _ = try JSONReader.parse(fixture.json) } catch {
                    sink.error("invalid-json", "fixture '\(fixture.name.name)': \(error.message)", at: offsetRange(fixture.range, error.offset))
                }
                packs[pack].fixtures[fixture.name.name] = fixture
            }
        }
        for ast in input.asts {
            for test in ast.tests {
                checkTest(test, pack: pack)
                packs[pack].tests.append(test)
            }
        }
    }

    private func offsetRange(_ range: SourceRange, _ offset: Int) -> SourceRange {
        let start = min(range.start + offset, range.end - 1)
        return SourceRange(file: range.file, start: max(range.start, start), end: max(range.start, start) + 1)
    }

    private mutating func checkGaps(_ list: [(Period, SourceRange)], what: String, severity: Diagnostic.Severity) {
        let sorted = list.sorted { ($0.0.from?.ordinal ?? Int32.min) < ($1.0.from?.ordinal ?? Int32.min) }
        for (previous, next) in zip(sorted, sorted.dropFirst()) {
            guard let until = previous.0.until else { continue }
            if let from = next.0.from, from > until {
                sink.add("period-gap", severity,
                         "\(what) is not in force from \(until) until \(from): the versions leave a gap", at: next.1)
            }
        }
    }

    // MARK: Lets

    private mutating func resolveLet(_ name: String, pack: Int) -> Int? {
        switch letStates[pack][name] {
        case .none: return nil
        case .done(let index): return index
        case .compiling: return -1
        case .pending: break
        }
        letStates[pack][name] = .compiling
        let decls = letDecls[pack][name] ?? []
        var type: ValueType?
        var lineScoped = false
        var versions: [(Period, EvalBox)] = []
        var constantValue: Value?
        var periods: [(Period, SourceRange)] = []
        let savedReads = reads, savedNames = readNames
        for decl in decls {
            let period = decl.effective?.period ?? .always
            if decls.count > 1 && decl.effective == nil {
                sink.error("overlapping-period", "'\(name)' has several definitions, so each needs 'effective'", at: decl.name.range)
            }
            for (other, _) in periods where other.overlaps(period) {
                sink.error("overlapping-period", "'\(name)' is already defined \(other); versions must not overlap",
                           at: decl.effective?.range ?? decl.name.range)
            }
            periods.append((period, decl.name.range))
            for ref in decl.sources where !sourceIDs[pack].contains(ref.name) {
                sink.error("unknown-source", "unknown source '\(ref.name)'\(Suggest.hint(ref.name, sourceIDs[pack]))", at: ref.range)
            }
            let typed = expression(decl.value, pack: pack, allowLine: true)
            if let annotation = decl.type {
                if let declared = ValueType.named(annotation.name) {
                    if !declared.compatible(with: typed.type) {
                        sink.error("type-mismatch", "'\(name)' is declared \(declared) but its value is \(typed.type)", at: decl.value.range)
                    }
                } else {
                    sink.error("unknown-type", "unknown type '\(annotation.name)'\(Suggest.hint(annotation.name, ValueType.declarableNames))", at: annotation.range)
                }
            }
            if let previous = type, !previous.compatible(with: typed.type) {
                sink.error("type-mismatch", "this version of '\(name)' is \(typed.type) but an earlier one is \(previous)", at: decl.value.range)
            }
            if type == nil || type == .unknown { type = typed.type }
            constantValue = typed.constant
            lineScoped = lineScoped || typed.lineScoped
            versions.append((period, EvalBox(typed.eval)))
        }
        if periods.count > 1 { checkGaps(periods, what: "'\(name)'", severity: .error) }
        reads = savedReads
        readNames = savedNames
        let slot = lets.count
        lets.append(CompiledLet(pack: pack, name: name, type: type ?? .unknown, lineScoped: lineScoped, versions: versions,
                                constant: versions.count == 1 && versions[0].0 == .always ? constantValue : nil))
        letStates[pack][name] = .done(slot)
        return slot
    }

    private func letReference(_ slot: Int) -> Eval {
        let compiled = lets[slot]
        let versions = compiled.versions
        let lineScoped = compiled.lineScoped
        if let constant = compiled.constant { return { _ in constant } }
        if versions.count == 1 && versions[0].0 == .always {
            let only = versions[0].1.call
            return { ctx in
                let stamp = lineScoped ? ctx.lineStamp : -2
                if ctx.letStamps[slot] == stamp { return ctx.letValues[slot] }
                let value = only(ctx)
                ctx.letValues[slot] = value
                ctx.letStamps[slot] = stamp
                return value
            }
        }
        return { ctx in
            let stamp = lineScoped ? ctx.lineStamp : -2
            if ctx.letStamps[slot] == stamp { return ctx.letValues[slot] }
            var value = Value.absent
            for (period, eval) in versions where period.contains(ctx.day) {
                value = eval(ctx)
                break
            }
            ctx.letValues[slot] = value
            ctx.letStamps[slot] = stamp
            return value
        }
    }

    // MARK: Rules

    private mutating func compileRule(_ rule: RuleDecl, pack: Int) -> CompiledRule? {
        reads = []
        readNames = []
        var lineScoped = false
        var declaredScope: Bool?
        if let scope = rule.scope {
            switch scope.name {
            case "line": declaredScope = true
            case "shipment": declaredScope = false
            default: sink.error("unknown-scope", "a rule applies 'per line' or 'per shipment', not '\(scope.name)'", at: scope.range)
            }
        }
        var condition: EvalBox?
        if let expr = rule.condition {
            let typed = expression(expr, pack: pack, allowLine: declaredScope != false)
            requireType(typed, .bool, expr, "a rule condition")
            lineScoped = lineScoped || typed.lineScoped
            condition = EvalBox(typed.eval)
        }
        let inputs = reads
        var then: [CompiledOutcome] = []
        var otherwise: [CompiledOutcome] = []
        for (list, isElse) in [(rule.then, false), (rule.otherwise, true)] {
            for outcome in list {
                guard let compiled = compileOutcome(outcome, pack: pack, declaredScope: declaredScope) else { continue }
                lineScoped = lineScoped || compiled.1
                if isElse { otherwise.append(compiled.0) } else { then.append(compiled.0) }
            }
        }
        if declaredScope == true { lineScoped = true }
        if rule.required && rule.otherwise.isEmpty {
            sink.error("missing-else", "rule '\(rule.name.name)' is required but has no 'else' outcome", at: rule.name.range)
        }
        if rule.sources.isEmpty {
            sink.error("missing-source", "rule '\(rule.name.name)' cites no source; add 'source <id>'", at: rule.name.range)
        }
        for ref in rule.sources where !sourceIDs[pack].contains(ref.name) {
            sink.error("unknown-source", "unknown source '\(ref.name)'\(Suggest.hint(ref.name, sourceIDs[pack]))", at: ref.range)
        }
        return CompiledRule(
            pack: pack, name: rule.name.name, lineScoped: lineScoped, period: rule.effective?.period ?? .always,
            condition: condition, then: then, otherwise: otherwise, sources: rule.sources.map(\.name), open: rule.open,
            location: location(rule.name.range), inputs: inputs)
    }

    private mutating func compileOutcome(_ outcome: Outcome, pack: Int, declaredScope: Bool?) -> (CompiledOutcome, Bool)? {
        guard let kind = OutcomeKind(rawValue: outcome.name.name) else {
            sink.error("unknown-outcome",
                       "unknown outcome '\(outcome.name.name)'\(Suggest.hint(outcome.name.name, OutcomeKind.allCases.map(\.rawValue)))",
                       at: outcome.name.range)
            return nil
        }
        if kind.lineOnly && declaredScope == false {
            sink.error("scope", "outcome '\(kind.rawValue)' is decided per line, but the rule is 'per shipment'", at: outcome.name.range)
        }
        var signature = kind.signature
        if signature == [nil] { signature = Array(repeating: nil, count: max(1, outcome.arguments.count)) }
        if outcome.arguments.count != signature.count {
            sink.error("arity", "outcome '\(kind.rawValue)' takes \(signature.count) value\(signature.count == 1 ? "" : "s"), not \(outcome.arguments.count)",
                       at: outcome.name.range)
            return nil
        }
        var evals: [EvalBox] = []
        var constants: [Value] = []
        var lineScoped = kind.lineOnly
        for (argument, expected) in zip(outcome.arguments, signature) {
            let typed = expression(argument, pack: pack, allowLine: declaredScope != false)
            lineScoped = lineScoped || typed.lineScoped
            if let expected {
                requireType(typed, expected, argument, "outcome '\(kind.rawValue)'")
                validateLiteral(typed, against: expected, argument)
            } else if !(typed.type.isTextual || typed.type == .list(.text) || typed.type.compatible(with: .list(.text))) {
                sink.error("type-mismatch", "outcome '\(kind.rawValue)' needs Text or a list of Text, not \(typed.type)", at: argument.range)
            }
            evals.append(EvalBox(typed.eval))
            if let constant = typed.constant { constants.append(constant) }
        }
        var constantTexts: [String]?
        switch kind {
        case .document, .code, .label, .segregation:
            // A constant absent first value means the outcome never applies: leave that to the evaluator.
            if constants.count == evals.count, let first = constants.first, !first.isAbsent {
                constantTexts = constants.flatMap(CompiledOutcome.texts)
            }
        default: break
        }
        return (CompiledOutcome(kind: kind, arguments: evals, constantTexts: constantTexts), lineScoped)
    }

    // MARK: Type helpers

    private mutating func requireType(_ typed: Typed, _ expected: ValueType, _ expr: Expr, _ context: String) {
        if !expected.compatible(with: typed.type) {
            sink.error("type-mismatch", "\(context) needs \(expected), but this is \(typed.type)", at: expr.focus)
        }
    }

    /// Checks a text literal against an enumeration, country or currency type.
    mutating func validateLiteral(_ typed: Typed, against type: ValueType, _ expr: Expr) {
        guard case .text(let kind) = type, let constant = typed.constant else { return }
        var values: [String] = []
        if case .text(let t) = constant { values = [t] }
        if case .list(let list) = constant { values = list.compactMap { if case .text(let t) = $0 { t } else { nil } } }
        for value in values {
            switch kind {
            case .enumeration(let name, let cases) where !cases.contains(value):
                sink.error("invalid-literal",
                           "'\(value)' is not a \(name) (\(cases.joined(separator: ", ")))\(Suggest.hint(value, cases))", at: expr.range)
            case .country where !(value.utf8.count == 2 && value.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }):
                sink.error("invalid-literal", "'\(value)' is not a two-letter ISO country code", at: expr.range)
            case .currency where !(value.utf8.count == 3 && value.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }):
                sink.error("invalid-literal", "'\(value)' is not a three-letter ISO currency code", at: expr.range)
            case .hs where !(value.utf8.count >= 2 && value.utf8.count <= 10 && value.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }):
                sink.error("invalid-literal", "'\(value)' is not an HS code (2 to 10 digits)", at: expr.range)
            default: break
            }
        }
    }

    // MARK: Expressions

    mutating func expression(_ expr: Expr, pack: Int, allowLine: Bool) -> Typed {
        depth += 1
        defer { depth -= 1 }
        guard depth < Compiler.maximumDepth else {
            sink.error("too-deep", "expression nested too deeply", at: expr.range)
            return .error
        }
        switch expr {
        case .number(let text, let range):
            guard let value = Fixed(parsing: text) else {
                sink.error("invalid-number", "'\(text)' is out of range or has more than 6 decimal places", at: range)
                return .error
            }
            return .constant(.number(value), .number)
        case .percent(let text, let range):
            guard let value = Fixed(parsing: text)?.divided(by: Fixed(raw: 100_000_000)) else {
                sink.error("invalid-number", "'\(text)%' is not a valid percentage", at: range)
                return .error
            }
            return .constant(.percent(value), .percent)
        case .string(let text, _):
            return .constant(.text(text), .text)
        case .bool(let flag, _):
            return .constant(.bool(flag), .bool)
        case .date(let text, let range):
            guard let day = Day(parsing: text) else {
                sink.error("invalid-date", "'\(text)' is not a valid calendar date", at: range)
                return .error
            }
            return .constant(.date(day), .date)
        case .money(let currency, let amount, let range):
            guard let value = Fixed(parsing: amount) else {
                sink.error("invalid-number", "'\(amount)' is out of range or has more than 6 decimal places", at: range)
                return .error
            }
            return .constant(.money(value, currency), .money)
        case .quantity(let amount, let unit, let range):
            guard let (dimension, factor) = Dimension.unit(unit), let value = Fixed(parsing: amount)?.multiplied(by: factor) else {
                sink.error("invalid-number", "'\(amount) \(unit)' is out of range", at: range)
                return .error
            }
            return .constant(.quantity(value, dimension), .quantity(dimension))
        case .set(let elements, let range):
            var values: [Value] = []
            var evals: [EvalBox] = []
            var element: ValueType?
            var constant = true
            var lineScoped = false
            for item in elements {
                let typed = expression(item, pack: pack, allowLine: allowLine)
                if let previous = element, !previous.compatible(with: typed.type) {
                    sink.error("type-mismatch", "set elements must share one type: \(typed.type) among \(previous)", at: item.range)
                }
                if element == nil || element == .unknown { element = typed.type }
                if let c = typed.constant { values.append(c) } else { constant = false }
                lineScoped = lineScoped || typed.lineScoped
                evals.append(EvalBox(typed.eval))
            }
            if elements.isEmpty { sink.warning("empty-set", "empty set", at: range) }
            let type = ValueType.list(element ?? .text)
            if constant { return .constant(.list(values), type) }
            let elementEvals = evals
            return Typed(type: type, eval: { ctx in .list(elementEvals.map { $0(ctx) }) }, lineScoped: lineScoped)
        case .name(let name, let range):
            return resolveName(name, range: range, pack: pack, allowLine: allowLine)
        case .member(let base, let name, let range):
            return member(base, name, range, pack: pack, allowLine: allowLine)
        case .call(let callee, let arguments, let range):
            return call(callee, arguments, range, pack: pack, allowLine: allowLine)
        case .unary(let op, let operand, let range):
            let typed = expression(operand, pack: pack, allowLine: allowLine)
            let eval = typed.eval
            if op == "not" {
                requireType(typed, .bool, operand, "'not'")
                return fold(Typed(type: .bool, eval: { ctx in
                    if case .bool(let b) = eval(ctx) { return .bool(!b) }
                    return .absent
                }, lineScoped: typed.lineScoped), typed)
            }
            guard [.number, .percent, .money, .unknown].contains(typed.type) || { if case .quantity = typed.type { true } else { false } }() else {
                sink.error("type-mismatch", "cannot negate \(typed.type)", at: range)
                return .error
            }
            return fold(Typed(type: typed.type, eval: { ctx in Arithmetic.negate(eval(ctx), ctx) }, lineScoped: typed.lineScoped), typed)
        case .binary(let op, let lhs, let rhs, let range):
            return binary(op, lhs, rhs, range, pack: pack, allowLine: allowLine)
        case .conditional(let condition, let yes, let no, _):
            let c = expression(condition, pack: pack, allowLine: allowLine)
            requireType(c, .bool, condition, "'if'")
            let a = expression(yes, pack: pack, allowLine: allowLine)
            let b = expression(no, pack: pack, allowLine: allowLine)
            if !a.type.compatible(with: b.type) {
                sink.error("type-mismatch", "'then' is \(a.type) but 'else' is \(b.type)", at: no.range)
            }
            let (ce, ae, be) = (c.eval, a.eval, b.eval)
            return Typed(type: a.type == .unknown ? b.type : a.type, eval: { ctx in ce(ctx).isTrue ? ae(ctx) : be(ctx) },
                         lineScoped: c.lineScoped || a.lineScoped || b.lineScoped)
        case .presence(let base, let negated, _):
            let typed = expression(base, pack: pack, allowLine: allowLine)
            let eval = typed.eval
            return Typed(type: .bool, eval: { ctx in .bool(eval(ctx).isAbsent == negated) }, lineScoped: typed.lineScoped)
        case .aggregate(let kind, let body, let filter, let range):
            return aggregate(kind, body, filter, range, pack: pack)
        }
    }

    /// Facts for folding constants: constant expressions read none of them.
    private static let foldRequest = AssessmentRequest(
        id: "", date: Day(ordinal: 0), sale: "B2C", marketplace: false, gift: false, from: "ZZ", to: "ZZ", transport: "road",
        aircraft: nil, currency: "EUR", shipping: .zero, insurance: .zero, seller: nil,
        lines: [AssessmentRequest.Line(sku: "", description: nil, hs: "000000", origin: "ZZ", category: nil, quantity: .zero,
                                       unitPrice: .zero, netKg: nil, volumeML: nil, excise: false, battery: nil, unNumber: nil,
                                       manufacturerCountry: nil, euResponsiblePerson: nil)])
    private static let foldFacts = Facts(foldRequest)

    /// Evaluates constant sub-expressions once at load.
    private func fold(_ result: Typed, _ operands: Typed...) -> Typed {
        guard operands.allSatisfy({ $0.constant != nil }) else { return result }
        let folded: Value? = withUnsafePointer(to: Compiler.foldRequest) { request in
            let ctx = EvalContext(
                facts: Compiler.foldFacts, request: request, day: Day(ordinal: 0), letCount: 0, recordTrace: false)
            let value = result.eval(ctx)
            return ctx.runtimeErrors.isEmpty ? value : nil
        }
        guard let folded else { return result }
        return .constant(folded, result.type)
    }

    private mutating func noteRead(_ label: String, _ eval: @escaping Eval) {
        if readNames.insert(label).inserted, reads.count < 24 { reads.append((label, eval)) }
    }

    private mutating func resolveName(_ name: String, range: SourceRange, pack: Int, allowLine: Bool) -> Typed {
        switch name {
        case "shipment":
            return Typed(type: .record("shipment"), eval: { _ in .absent }, lineScoped: false, recordPath: "shipment")
        case "line":
            if !allowLine {
                sink.error("scope", "'line' is not available here (only in rules and lets that apply per line, or inside 'any line where …')", at: range)
                return .error
            }
            return Typed(type: .record("line"), eval: { _ in .absent }, lineScoped: true, recordPath: "line")
        case "today":
            return Typed(type: .date, eval: { ctx in .date(ctx.day) }, lineScoped: false)
        default: break
        }
        if let slot = resolveLet(name, pack: pack) {
            if slot < 0 {
                sink.error("cycle", "'\(name)' depends on itself", at: range)
                return .error
            }
            let compiled = lets[slot]
            if compiled.lineScoped && !allowLine {
                sink.error("scope", "'\(name)' depends on the order line, which is not available here", at: range)
            }
            let eval = letReference(slot)
            noteRead(name, eval)
            return Typed(type: compiled.type, eval: eval, lineScoped: compiled.lineScoped, known: compiled.constant)
        }
        if let target = aliases[pack][name] {
            return Typed(type: .unknown, eval: { _ in .absent }, lineScoped: false, alias: target)
        }
        if tableNames[pack][name] != nil {
            sink.error("table-without-call", "table '\(name)' must be called with its inputs, e.g. \(name)(…)", at: range)
            return .error
        }
        var candidates = Array(letDecls[pack].keys) + Array(tableNames[pack].keys) + Array(aliases[pack].keys)
        candidates += ["shipment", "line", "today"] + Compiler.builtins
        sink.error("unknown-name", "unknown name '\(name)'\(Suggest.hint(name, candidates))", at: range)
        return .error
    }

    private mutating func member(_ base: Expr, _ name: String, _ range: SourceRange, pack: Int, allowLine: Bool) -> Typed {
        let typed = expression(base, pack: pack, allowLine: allowLine)
        if let target = typed.alias {
            if let slot = resolveLetIn(target, name) {
                let compiled = lets[slot]
                if compiled.lineScoped && !allowLine {
                    sink.error("scope", "'\(name)' depends on the order line, which is not available here", at: range)
                }
                let eval = letReference(slot)
                noteRead("\(packs[target].name).\(name)", eval)
                return Typed(type: compiled.type, eval: eval, lineScoped: compiled.lineScoped, known: compiled.constant)
            }
            let candidates = Array(letDecls[target].keys) + Array(tableNames[target].keys)
            if tableNames[target][name] != nil {
                sink.error("table-without-call", "table '\(name)' must be called with its inputs", at: range)
            } else {
                sink.error("unknown-name", "pack '\(packs[target].name)' has no '\(name)'\(Suggest.hint(name, candidates))", at: range)
            }
            return .error
        }
        switch typed.type {
        case .unknown:
            return .error
        case .record(let record):
            guard let fields = FactSchema.records[record], let field = fields[name] else {
                let fields = FactSchema.records[record].map { Array($0.keys) } ?? []
                sink.error("unknown-field", "unknown field '\(name)' of \(record)\(Suggest.hint(name, fields))", at: range)
                return .error
            }
            let path = (typed.recordPath ?? record) + "." + name
            if case .record(let nested) = field.type {
                return Typed(type: .record(nested), eval: { _ in .absent }, lineScoped: field.lineScoped || typed.lineScoped, recordPath: path)
            }
            noteRead(path, field.read)
            return Typed(type: field.type, eval: field.read, lineScoped: field.lineScoped || typed.lineScoped)
        case .row(let tableIndex):
            let table = tables[tableIndex]
            guard let column = table.outputNames.firstIndex(of: name) else {
                sink.error("unknown-field", "table '\(table.name)' has no output '\(name)'\(Suggest.hint(name, table.outputNames))", at: range)
                return .error
            }
            let eval = typed.eval
            let rows = table.rows
            return Typed(type: table.outputTypes[column], eval: { ctx in
                if case .row(_, let row) = eval(ctx) { return rows[Int(row)].outputs[column] }
                return .absent
            }, lineScoped: typed.lineScoped)
        default:
            sink.error("unknown-field", "\(typed.type) has no field '\(name)'", at: range)
            return .error
        }
    }

    private mutating func resolveLetIn(_ target: Int, _ name: String) -> Int? {
        guard case .done(let slot) = letStates[target][name] else { return nil }
        return slot
    }

    private mutating func call(_ callee: Expr, _ arguments: [Expr], _ range: SourceRange, pack: Int, allowLine: Bool) -> Typed {
        var tableIndex: Int?
        var builtin: String?
        switch callee {
        case .name(let name, let nameRange):
            if let index = tableNames[pack][name] {
                tableIndex = index
            } else if Compiler.builtins.contains(name) {
                builtin = name
            } else {
                let candidates = Array(tableNames[pack].keys) + Compiler.builtins
                sink.error("unknown-function", "unknown table or function '\(name)'\(Suggest.hint(name, candidates))", at: nameRange)
                return .error
            }
        case .member(.name(let aliasName, _), let name, let nameRange):
            guard let target = aliases[pack][aliasName] else {
                sink.error("unknown-name", "'\(aliasName)' is not an imported pack\(Suggest.hint(aliasName, aliases[pack].keys))", at: callee.range)
                return .error
            }
            guard let index = tableNames[target][name] else {
                sink.error("unknown-function", "pack '\(packs[target].name)' has no table '\(name)'\(Suggest.hint(name, tableNames[target].keys))", at: nameRange)
                return .error
            }
            tableIndex = index
        default:
            sink.error("unknown-function", "only tables and built-in functions can be called", at: callee.range)
            return .error
        }
        // The rounding mode of `round` is a word, not an expression.
        let typedArguments = arguments.enumerated().map { index, argument in
            builtin == "round" && index == 2 ? Typed.constant(.absent, .unknown) : expression(argument, pack: pack, allowLine: allowLine)
        }
        let lineScoped = typedArguments.contains { $0.lineScoped }
        if let tableIndex { return tableCall(tableIndex, typedArguments, arguments, callee.range.to(range), lineScoped: lineScoped) }
        return builtinCall(builtin ?? "", typedArguments, arguments, range, lineScoped: lineScoped)
    }

    private mutating func tableCall(_ index: Int, _ typed: [Typed], _ arguments: [Expr], _ range: SourceRange, lineScoped: Bool) -> Typed {
        let table = tables[index]
        guard typed.count == table.inputNames.count else {
            sink.error("arity", "table '\(table.name)' takes \(table.inputNames.count) input\(table.inputNames.count == 1 ? "" : "s") (\(table.inputNames.joined(separator: ", "))), not \(typed.count)", at: range)
            return .error
        }
        for (position, argument) in typed.enumerated() where !table.inputTypes[position].compatible(with: argument.type) {
            sink.error("type-mismatch", "input '\(table.inputNames[position])' of table '\(table.name)' is \(table.inputTypes[position]), not \(argument.type)", at: arguments[position].range)
        }
        let evals = typed.map { EvalBox($0.eval) }
        let resultType: ValueType
        switch table.hit {
        case .collect: resultType = .list(table.outputTypes.first ?? .text)
        default: resultType = table.outputNames.count == 1 ? table.outputTypes[0] : .row(index)
        }
        let single = table.outputNames.count == 1
        let tableID = Int32(index)
        let count = evals.count
        let eval: Eval = { ctx in
            withUnsafeTemporaryAllocation(of: Value.self, capacity: max(1, count)) { buffer in
                let base = buffer.baseAddress!
                for column in 0..<count { (base + column).initialize(to: evals[column](ctx)) }
                defer { base.deinitialize(count: count) }
                return TableLookup.lookup(table, tableID, UnsafeBufferPointer(start: base, count: count), single: single, ctx)
            }
        }
        return Typed(type: resultType, eval: eval, lineScoped: lineScoped)
    }

    private mutating func builtinCall(_ name: String, _ typed: [Typed], _ arguments: [Expr], _ range: SourceRange, lineScoped: Bool) -> Typed {
        func arity(_ counts: ClosedRange<Int>) -> Bool {
            if counts.contains(typed.count) { return true }
            sink.error("arity", "'\(name)' takes \(counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) or \(counts.upperBound)") arguments, not \(typed.count)", at: range)
            return false
        }
        let evals = typed.map { EvalBox($0.eval) }
        switch name {
        case "round":
            guard arity(2...3) else { return .error }
            requireType(typed[1], .number, arguments[1], "the places of 'round'")
            var mode = Fixed.Rounding.halfEven
            if arguments.count == 3 {
                if case .name(let word, let wordRange) = arguments[2] {
                    if let parsed = Fixed.Rounding(rawValue: word) { mode = parsed } else {
                        sink.error("unknown-rounding", "unknown rounding '\(word)'\(Suggest.hint(word, Fixed.Rounding.allCases.map(\.rawValue)))", at: wordRange)
                    }
                } else {
                    sink.error("unknown-rounding", "rounding is one of half-up, half-even, down, up", at: arguments[2].range)
                }
            }
            guard case .number(let places)? = typed[1].constant, places.raw % Fixed.scale == 0, (0...6).contains(places.raw / Fixed.scale) else {
                sink.error("invalid-places", "'round' needs a constant number of places from 0 to 6", at: arguments[1].range)
                return .error
            }
            let digits = Int(places.raw / Fixed.scale)
            let value = evals[0].call
            let roundingMode = mode
            return Typed(type: typed[0].type, eval: { ctx in Arithmetic.round(value(ctx), digits, roundingMode) }, lineScoped: lineScoped)
        case "min", "max":
            guard arity(2...2) else { return .error }
            if !typed[0].type.compatible(with: typed[1].type) {
                sink.error("type-mismatch", "'\(name)' of \(typed[0].type) and \(typed[1].type)", at: range)
            }
            let (a, b) = (evals[0].call, evals[1].call)
            let wantMax = name == "max"
            return Typed(type: typed[0].type, eval: { ctx in
                let x = a(ctx), y = b(ctx)
                guard let order = Value.compare(x, y) else { return x.isAbsent || y.isAbsent ? .absent : ctx.fail("'\(wantMax ? "max" : "min")' of \(x.rendered) and \(y.rendered)") }
                return (order >= 0) == wantMax ? x : y
            }, lineScoped: lineScoped)
        case "abs":
            guard arity(1...1) else { return .error }
            let a = evals[0].call
            return Typed(type: typed[0].type, eval: { ctx in
                let x = a(ctx)
                if let order = Value.compare(x, Arithmetic.zeroLike(x)), order < 0 { return Arithmetic.negate(x, ctx) }
                return x
            }, lineScoped: lineScoped)
        case "amount":
            guard arity(1...1) else { return .error }
            requireType(typed[0], .money, arguments[0], "'amount'")
            let a = evals[0].call
            return Typed(type: .number, eval: { ctx in if case .money(let v, _) = a(ctx) { return .number(v) }; return .absent }, lineScoped: lineScoped)
        case "number":
            guard arity(1...1) else { return .error }
            let a = evals[0].call
            return Typed(type: .number, eval: { ctx in
                switch a(ctx) {
                case .percent(let v), .money(let v, _), .quantity(let v, _), .number(let v): return .number(v)
                default: return .absent
                }
            }, lineScoped: lineScoped)
        case "percent":
            guard arity(1...1) else { return .error }
            requireType(typed[0], .number, arguments[0], "'percent'")
            let a = evals[0].call
            return Typed(type: .percent, eval: { ctx in
                if case .number(let v) = a(ctx) { return v.divided(by: Fixed(raw: 100_000_000)).map(Value.percent) ?? ctx.fail("percent overflow") }
                return .absent
            }, lineScoped: lineScoped)
        case "money":
            guard arity(2...2) else { return .error }
            requireType(typed[0], .number, arguments[0], "the amount of 'money'")
            requireType(typed[1], .text(.currency), arguments[1], "the currency of 'money'")
            validateLiteral(typed[1], against: .text(.currency), arguments[1])
            let (a, c) = (evals[0].call, evals[1].call)
            return Typed(type: .money, eval: { ctx in
                if case .number(let v) = a(ctx), case .text(let currency) = c(ctx) { return .money(v, currency) }
                return .absent
            }, lineScoped: lineScoped)
        case "length":
            guard arity(1...1) else { return .error }
            requireType(typed[0], .text, arguments[0], "'length'")
            let a = evals[0].call
            return Typed(type: .number, eval: { ctx in
                if case .text(let t) = a(ctx) { return .number(Fixed(t.utf8.count) ?? .zero) }
                return .absent
            }, lineScoped: lineScoped)
        case "starts_with":
            guard arity(2...2) else { return .error }
            requireType(typed[0], .text, arguments[0], "'starts_with'")
            let (a, p) = (evals[0].call, evals[1].call)
            return Typed(type: .bool, eval: { ctx in
                guard case .text(let text) = a(ctx) else { return .absent }
                switch p(ctx) {
                case .text(let prefix): return .bool(text.hasPrefix(prefix))
                case .list(let prefixes):
                    return .bool(prefixes.contains { if case .text(let prefix) = $0 { text.hasPrefix(prefix) } else { false } })
                default: return .absent
                }
            }, lineScoped: lineScoped)
        default:
            return .error
        }
    }

    private mutating func aggregate(_ kind: String, _ body: Expr?, _ filter: Expr?, _ range: SourceRange, pack: Int) -> Typed {
        let bodyTyped = body.map { expression($0, pack: pack, allowLine: true) }
        let filterTyped = filter.map { expression($0, pack: pack, allowLine: true) }
        if let filterTyped, let filter { requireType(filterTyped, .bool, filter, "'where'") }
        let bodyEval = bodyTyped?.eval
        let filterEval = filterTyped?.eval
        let each = { @Sendable (ctx: EvalContext, visit: (EvalContext) -> Bool) in
            let saved = ctx.lineIndex
            for index in ctx.facts.lines.indices {
                ctx.setLine(index)
                if let filterEval, !filterEval(ctx).isTrue { continue }
                if !visit(ctx) { break }
            }
            ctx.setLine(saved)
        }
        switch kind {
        case "any":
            return Typed(type: .bool, eval: { ctx in
                var found = false
                each(ctx) { _ in found = true; return false }
                return .bool(found)
            }, lineScoped: false)
        case "all":
            guard let filterEval else { return .error }
            return Typed(type: .bool, eval: { ctx in
                let saved = ctx.lineIndex
                defer { ctx.setLine(saved) }
                for index in ctx.facts.lines.indices {
                    ctx.setLine(index)
                    if !filterEval(ctx).isTrue { return .bool(false) }
                }
                return .bool(true)
            }, lineScoped: false)
        case "count":
            return Typed(type: .number, eval: { ctx in
                var count = 0
                each(ctx) { _ in count += 1; return true }
                return .number(Fixed(count) ?? .zero)
            }, lineScoped: false)
        case "distinct":
            guard let bodyEval else { return .error }
            return Typed(type: .number, eval: { ctx in
                var seen = Set<Value>()
                each(ctx) { ctx in seen.insert(bodyEval(ctx)); return true }
                return .number(Fixed(seen.count) ?? .zero)
            }, lineScoped: false)
        default:  // sum
            guard let bodyEval, let bodyTyped else { return .error }
            if ![ValueType.number, .money, .percent, .unknown].contains(bodyTyped.type), !{ if case .quantity = bodyTyped.type { true } else { false } }() {
                sink.error("type-mismatch", "cannot sum \(bodyTyped.type)", at: range)
            }
            return Typed(type: bodyTyped.type, eval: { ctx in
                var total = Value.absent
                each(ctx) { ctx in
                    let value = bodyEval(ctx)
                    total = total.isAbsent ? value : Arithmetic.apply(.add, total, value, ctx)
                    return true
                }
                return total
            }, lineScoped: false)
        }
    }

    private mutating func binary(_ op: String, _ lhs: Expr, _ rhs: Expr, _ range: SourceRange, pack: Int, allowLine: Bool) -> Typed {
        let a = expression(lhs, pack: pack, allowLine: allowLine)
        let b = expression(rhs, pack: pack, allowLine: allowLine)
        let lineScoped = a.lineScoped || b.lineScoped
        let (ae, be) = (a.eval, b.eval)
        switch op {
        case "and", "or":
            requireType(a, .bool, lhs, "'\(op)'")
            requireType(b, .bool, rhs, "'\(op)'")
            let isAnd = op == "and"
            return fold(Typed(type: .bool, eval: { ctx in
                let x = ae(ctx)
                if case .bool(let left) = x, left != isAnd { return x }
                let y = be(ctx)
                if case .bool(let right) = y, right != isAnd { return y }
                if case .bool = x, case .bool = y { return .bool(isAnd) }
                return .absent
            }, lineScoped: lineScoped), a, b)
        case "??":
            if !a.type.compatible(with: b.type) { sink.error("type-mismatch", "'??' between \(a.type) and \(b.type)", at: range) }
            return Typed(type: a.type == .unknown ? b.type : a.type, eval: { ctx in
                let x = ae(ctx)
                return x.isAbsent ? be(ctx) : x
            }, lineScoped: lineScoped)
        case "==", "!=", "<", "<=", ">", ">=":
            if !a.type.compatible(with: b.type) {
                sink.error("type-mismatch", "cannot compare \(a.type) with \(b.type)", at: range)
                return .error
            }
            if op != "==" && op != "!=" && (a.type == .bool || a.type.isTextual) {
                sink.error("type-mismatch", "'\(op)' needs ordered values (numbers, money, dates, quantities), not \(a.type)", at: range)
            }
            validateLiteral(b, against: a.type, rhs)
            validateLiteral(a, against: b.type, lhs)
            // The order test as the set of accepted orders (bit 0: less, 1: equal, 2: greater), so evaluation
            // needs no closure call or string switch.
            let accepted: UInt8
            switch op {
            case "==": accepted = 0b010
            case "!=": accepted = 0b101
            case "<": accepted = 0b001
            case "<=": accepted = 0b011
            case ">": accepted = 0b100
            default: accepted = 0b110
            }
            return fold(Typed(type: .bool, eval: { ctx in
                let x = ae(ctx), y = be(ctx)
                if x.isAbsent || y.isAbsent { return .absent }
                guard let order = Value.compare(x, y) else { return ctx.fail("cannot compare \(x.rendered) with \(y.rendered)") }
                return .bool(accepted & (1 << UInt8(order + 1)) != 0)
            }, lineScoped: lineScoped), a, b)
        case "in", "not in":
            guard case .list(let element) = b.type else {
                if b.type != .unknown { sink.error("type-mismatch", "'\(op)' needs a set on the right, not \(b.type)", at: range) }
                return .error
            }
            if !element.compatible(with: a.type) {
                sink.error("type-mismatch", "cannot look for \(a.type) in a set of \(element)", at: range)
            }
            validateLiteral(b, against: a.type, rhs)
            let negated = op == "not in"
            if case .list(let constant)? = b.constant ?? b.known {
                let set = Set(constant)
                if let keys = ASCIIKey.sortedKeys(constant) {
                    // All short ASCII texts: a binary search over integer keys; other probes take the hashed set.
                    return Typed(type: .bool, eval: { ctx in
                        let x = ae(ctx)
                        if x.isAbsent { return .absent }
                        if case .text(let text) = x, let key = ASCIIKey.of(text) {
                            return .bool(keys.withUnsafeBufferPointer { ASCIIKey.find(key, in: $0) != nil } != negated)
                        }
                        return .bool(set.contains(x) != negated)
                    }, lineScoped: lineScoped)
                }
                return Typed(type: .bool, eval: { ctx in
                    let x = ae(ctx)
                    if x.isAbsent { return .absent }
                    return .bool(set.contains(x) != negated)
                }, lineScoped: lineScoped)
            }
            return Typed(type: .bool, eval: { ctx in
                let x = ae(ctx)
                guard case .list(let values) = be(ctx), !x.isAbsent else { return .absent }
                return .bool(values.contains(x) != negated)
            }, lineScoped: lineScoped)
        default:
            guard let type = Arithmetic.resultType(op, a.type, b.type) else {
                sink.error("type-mismatch", "cannot apply '\(op)' to \(a.type) and \(b.type)", at: range)
                return .error
            }
            let arithmetic = Arithmetic.Operator(op)
            return fold(Typed(type: type, eval: { ctx in Arithmetic.apply(arithmetic, ae(ctx), be(ctx), ctx) }, lineScoped: lineScoped), a, b)
        }
    }
}
