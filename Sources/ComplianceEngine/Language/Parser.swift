/// Recursive-descent parser for `.rules` files. Reports every syntax error it can recover from, and limits nesting.
struct Parser {
    static let maximumDepth = 100
    static let topLevelWords: Set<String> = [
        "pack", "version", "owner", "source", "import", "applies", "effective", "let", "rule", "table", "test", "fixture",
    ]
    static let reserved: Set<String> = [
        "and", "or", "not", "in", "if", "then", "else", "true", "false", "when", "end", "is", "where", "of",
    ]
    static let units: Set<String> = ["Wh", "kWh", "mWh", "g", "kg", "mg", "t", "mL", "L", "km"]

    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    /// Binary operators in the current top-level expression: long chains build deep trees, so they are limited too.
    private var operators = 0
    static let maximumOperators = 1_000
    private let file: Int
    var sink: DiagnosticSink

    init(tokens: [Token], file: Int, sink: DiagnosticSink) {
        self.tokens = tokens
        self.file = file
        self.sink = sink
    }

    /// Lexes and parses one file.
    static func parse(_ source: SourceFile, file: Int, sink: inout DiagnosticSink) -> FileAST {
        var lexer = Lexer(source, file: file)
        let tokens = lexer.tokenize()
        for (message, range) in lexer.problems { sink.error("syntax", message, at: range) }
        var parser = Parser(tokens: tokens, file: file, sink: sink)
        let ast = parser.parseFile()
        sink = parser.sink
        return ast
    }

    struct Failure: Error {}

    // MARK: Tokens

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    var currentKind: Token.Kind { current.kind }
    private func peek(_ offset: Int) -> Token { tokens[min(position + offset, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> Token {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func fail(_ message: String, _ range: SourceRange? = nil) -> Failure {
        sink.error("syntax", message, at: range ?? current.range)
        return Failure()
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .endOfFile: "end of file"
        case .string: "string \"\(token.text)\""
        case .invalid: "invalid character '\(token.text)'"
        case .json: "JSON block"
        default: "'\(token.text)'"
        }
    }

    private mutating func expectSymbol(_ symbol: String, _ context: String) throws(Failure) -> Token {
        guard current.is(symbol) else { throw fail("expected '\(symbol)' \(context), found \(describe(current))") }
        return advance()
    }

    private mutating func expectWord(_ word: String, _ context: String) throws(Failure) -> Token {
        guard current.isWord(word) else { throw fail("expected '\(word)' \(context), found \(describe(current))") }
        return advance()
    }

    private mutating func identifier(_ context: String) throws(Failure) -> Named {
        guard current.kind == .identifier, !Parser.reserved.contains(current.text) else {
            throw fail("expected \(context), found \(describe(current))")
        }
        let token = advance()
        return Named(name: token.text, range: token.range)
    }

    private mutating func stringLiteral(_ context: String) throws(Failure) -> Token {
        guard current.kind == .string else { throw fail("expected \(context) (a quoted string), found \(describe(current))") }
        return advance()
    }

    private mutating func date(_ context: String) throws(Failure) -> (Day, SourceRange) {
        guard current.kind == .date else { throw fail("expected a date YYYY-MM-DD \(context), found \(describe(current))") }
        let token = advance()
        guard let day = Day(parsing: token.text) else { throw fail("'\(token.text)' is not a valid calendar date", token.range) }
        return (day, token.range)
    }

    /// Skips to the next top-level keyword after an error.
    private mutating func recover() {
        while current.kind != .endOfFile {
            if current.isWord("end") {
                advance()
                return
            }
            if current.kind == .identifier, Parser.topLevelWords.contains(current.text), isLineStart(position) { return }
            advance()
        }
    }

    private func isLineStart(_ index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = tokens[index - 1].range.end, start = tokens[index].range.start
        return previous < start  // conservative: any token preceded by whitespace may start a declaration
    }

    // MARK: File

    mutating func parseFile() -> FileAST {
        var ast = FileAST(file: file)
        while current.kind != .endOfFile {
            let before = position
            do {
                try topLevel(&ast)
            } catch {
                recover()
            }
            if position == before { advance() }
        }
        return ast
    }

    private mutating func topLevel(_ ast: inout FileAST) throws(Failure) {
        let token = current
        guard token.kind == .identifier else {
            throw fail("expected a declaration (pack, source, let, rule, table, test…), found \(describe(token))")
        }
        switch token.text {
        case "pack":
            advance()
            let name = try identifier("a pack name")
            if ast.packName != nil { sink.error("duplicate-pack-header", "a file may declare 'pack' only once", at: name.range) }
            ast.packName = name
        case "version":
            advance()
            let value = current
            guard value.kind == .string || value.kind == .number else { throw fail("expected a version string") }
            advance()
            ast.version = (value.text, value.range)
        case "owner":
            advance()
            ast.owner = try stringLiteral("an owner").text
        case "effective":
            ast.effective = try effective()
        case "applies":
            advance()
            _ = try expectWord("when", "after 'applies'")
            ast.applies = try expression()
        case "source":
            advance()
            let id = try identifier("a source id")
            let citation = try stringLiteral("a citation")
            var url: String?
            if current.isWord("url") {
                advance()
                url = try stringLiteral("a URL").text
            }
            ast.sources.append(SourceDecl(id: id.name, citation: citation.text, url: url, range: id.range))
        case "import":
            advance()
            let pack = try identifier("a pack name to import")
            var alias = pack.name
            if current.isWord("as") {
                advance()
                alias = try identifier("an alias").name
            }
            ast.imports.append(ImportDecl(pack: pack.name, alias: alias, range: pack.range))
        case "let": ast.lets.append(try letDecl())
        case "rule": ast.rules.append(try rule())
        case "table": ast.tables.append(try table())
        case "test": ast.tests.append(try test())
        case "fixture":
            advance()
            let name = try identifier("a fixture name")
            guard current.kind == .json else { throw fail("expected a JSON object after the fixture name") }
            let json = advance()
            ast.fixtures.append(FixtureDecl(name: name, json: json.text, range: json.range))
        default:
            let hint = Suggest.hint(token.text, Parser.topLevelWords)
            throw fail("unknown declaration '\(token.text)'\(hint)")
        }
    }

    private mutating func effective() throws(Failure) -> EffectiveClause {
        let start = advance().range
        let (from, fromRange) = try date("after 'effective'")
        var until: Day?
        var end = fromRange
        if current.isWord("until") {
            advance()
            let (day, range) = try date("after 'until'")
            until = day
            end = range
            if day <= from { sink.error("empty-period", "'until' \(day) is not after 'effective' \(from)", at: range) }
        }
        return EffectiveClause(period: Period(from: from, until: until), range: start.to(end))
    }

    private mutating func sourceRefs() throws(Failure) -> [Named] {
        var refs: [Named] = []
        while current.isWord("source") {
            advance()
            refs.append(try identifier("a source id"))
            while current.is(",") {
                advance()
                refs.append(try identifier("a source id"))
            }
        }
        return refs
    }

    private mutating func openNote() throws(Failure) -> String? {
        guard current.isWord("open") else { return nil }
        advance()
        return try stringLiteral("a note on what is unverified").text
    }

    private mutating func letDecl() throws(Failure) -> LetDecl {
        advance()
        let name = try identifier("a name after 'let'")
        var type: TypeName?
        if current.is(":") {
            advance()
            let t = try identifier("a type")
            type = TypeName(name: t.name, range: t.range)
        }
        _ = try expectSymbol("=", "after the name of a 'let'")
        let value = try expression()
        var clause: EffectiveClause?
        var sources: [Named] = []
        var open: String?
        while true {
            if current.isWord("effective") { clause = try effective(); continue }
            if current.isWord("source") { sources += try sourceRefs(); continue }
            if current.isWord("open") { open = try openNote(); continue }
            break
        }
        return LetDecl(name: name, type: type, value: value, effective: clause, sources: sources, open: open)
    }

    private mutating func rule() throws(Failure) -> RuleDecl {
        advance()
        let name = try identifier("a rule name")
        var scope: Named?
        var clause: EffectiveClause?
        var required = false
        var condition: Expr?
        var then: [Outcome] = []
        var otherwise: [Outcome] = []
        var sources: [Named] = []
        var open: String?
        while true {
            if current.isWord("per") {
                advance()
                scope = try identifier("'line' or 'shipment'")
            } else if current.isWord("effective") {
                clause = try effective()
            } else if current.isWord("required") {
                advance()
                required = true
            } else {
                break
            }
        }
        if current.isWord("when") {
            advance()
            condition = try expression()
        }
        _ = try expectWord("then", "in rule '\(name.name)'")
        then = try outcomes()
        if current.isWord("else") {
            advance()
            otherwise = try outcomes()
        }
        while current.isWord("source") || current.isWord("open") {
            if current.isWord("source") { sources += try sourceRefs() } else { open = try openNote() }
        }
        _ = try expectWord("end", "to close rule '\(name.name)'")
        return RuleDecl(name: name, scope: scope, effective: clause, required: required, condition: condition,
                        then: then, otherwise: otherwise, sources: sources, open: open)
    }

    private mutating func outcomes() throws(Failure) -> [Outcome] {
        var result: [Outcome] = []
        while current.kind == .identifier, !["else", "source", "end", "open"].contains(current.text) {
            let name = try identifier("an outcome")
            var arguments = [try expression()]
            while current.is(",") {
                advance()
                arguments.append(try expression())
            }
            result.append(Outcome(name: name, arguments: arguments))
        }
        if result.isEmpty { throw fail("expected at least one outcome (regime, vat_rate, hold, document…), found \(describe(current))") }
        return result
    }

    private mutating func columns(_ context: String) throws(Failure) -> [ColumnDecl] {
        var result: [ColumnDecl] = []
        repeat {
            if !result.isEmpty { advance() }
            let name = try identifier("a column name")
            _ = try expectSymbol(":", "after column '\(name.name)'")
            let type = try identifier("a type")
            result.append(ColumnDecl(name: name, type: TypeName(name: type.name, range: type.range)))
        } while current.is(",")
        return result
    }

    private mutating func table() throws(Failure) -> TableDecl {
        advance()
        let name = try identifier("a table name")
        _ = try expectWord("hit", "after the table name (hit first|unique|priority|collect)")
        let hit = try identifier("a hit policy")
        var required = false
        if current.isWord("required") {
            advance()
            required = true
        }
        _ = try expectWord("in", "to declare the table inputs")
        let inputs = try columns("input")
        _ = try expectWord("out", "to declare the table outputs")
        let outputs = try columns("output")
        var csv: (String, SourceRange)?
        if current.isWord("rows") {
            advance()
            _ = try expectWord("from", "after 'rows'")
            let path = try stringLiteral("a CSV file name")
            csv = (path.text, path.range)
        }
        var rows: [RowDecl] = []
        var sources: [Named] = []
        while current.isWord("row") {
            do {
                rows.append(try row(index: rows.count, inputs: inputs.count))
            } catch {
                while current.kind != .endOfFile, !current.isWord("row"), !current.isWord("end"), !current.isWord("source") {
                    advance()
                }
            }
        }
        sources = try sourceRefs()
        _ = try expectWord("end", "to close table '\(name.name)'")
        return TableDecl(name: name, hit: hit, required: required, inputs: inputs, outputs: outputs, csv: csv, rows: rows,
                         sources: sources)
    }

    private mutating func row(index: Int, inputs: Int) throws(Failure) -> RowDecl {
        let start = advance().range
        var id = "#\(index + 1)"
        if current.kind == .identifier, !current.isWord("effective"), !current.isWord("priority"), peek(1).is(":") || peek(1).isWord("effective") || peek(1).isWord("priority") {
            id = advance().text
        }
        var clause: EffectiveClause?
        var priority = 0
        while true {
            if current.isWord("effective") { clause = try effective(); continue }
            if current.isWord("priority") {
                advance()
                guard current.kind == .number, let value = Int(current.text) else { throw fail("expected an integer priority") }
                advance()
                priority = value
                continue
            }
            break
        }
        _ = try expectSymbol(":", "after the row id")
        var cells: [Cell] = []
        if !current.is("=>") {
            cells.append(try cell())
            while current.is(",") {
                advance()
                cells.append(try cell())
            }
        }
        _ = try expectSymbol("=>", "between the input cells and the outputs of the row")
        var outputs = [try expression()]
        while current.is(",") {
            advance()
            outputs.append(try expression())
        }
        // A row's own source comes from the CSV `source` column; inline rows share the table's sources.
        let source: Named? = nil
        return RowDecl(id: id, range: start, effective: clause, priority: priority, cells: cells, outputs: outputs,
                       source: source)
    }

    /// `-`, a value, `< v`, `[a..b]`, `[a..b)`, `{a, b}`, `not {a, b}`.
    mutating func cell() throws(Failure) -> Cell {
        let token = current
        if token.is("-"), peek(1).is(",") || peek(1).is("=>") || peek(1).kind == .endOfFile {
            advance()
            return .any(token.range)
        }
        if token.is("<") || token.is("<=") || token.is(">") || token.is(">=") {
            advance()
            let bound = try expression()
            return .compare(token.text, bound, token.range.to(bound.range))
        }
        if token.is("[") {
            advance()
            let low = try additive()
            _ = try expectSymbol("..", "in a range cell")
            let high = try additive()
            let close = current
            guard close.is("]") || close.is(")") else { throw fail("expected ']' or ')' to close the range") }
            advance()
            return .interval(low, high, closedUpper: close.is("]"), token.range.to(close.range))
        }
        if token.isWord("not"), peek(1).is("{") {
            advance()
            let (values, range) = try setBody()
            return .oneOf(values, negated: true, token.range.to(range))
        }
        if token.is("{") {
            let (values, range) = try setBody()
            return .oneOf(values, negated: false, range)
        }
        return .equal(try expression())
    }

    private mutating func setBody() throws(Failure) -> ([Expr], SourceRange) {
        let open = try expectSymbol("{", "to start a set")
        var values: [Expr] = []
        if !current.is("}") {
            values.append(try expression())
            while current.is(",") {
                advance()
                if current.is("}") { break }
                values.append(try expression())
            }
        }
        let close = try expectSymbol("}", "to close the set")
        return (values, open.range.to(close.range))
    }

    private mutating func test() throws(Failure) -> TestDecl {
        let start = advance().range
        let name = try stringLiteral("a test name")
        var at: (Day, SourceRange)?
        if current.isWord("at") {
            advance()
            at = try date("after 'at'")
        }
        _ = try expectWord("given", "in test \"\(name.text)\"")
        var fixture: Named?
        var json: (String, SourceRange)?
        if current.kind == .identifier {
            fixture = try identifier("a fixture name")
            if current.isWord("with") { advance() }
        }
        if current.kind == .json {
            let token = advance()
            json = (token.text, token.range)
        }
        if fixture == nil && json == nil { throw fail("expected a fixture name or a JSON request after 'given'") }
        var expects: [ExpectDecl] = []
        while current.isWord("expect") {
            let keyword = advance()
            var path: [PathStep] = []
            var text = ""
            let first = try identifier("a result field (regime, totals.vat, lines[0].vat_rate…)")
            path.append(.field(first.name))
            text = first.name
            var end = first.range
            while current.is(".") || current.is("[") {
                if advance().is(".") {
                    let field = try identifier("a field name")
                    path.append(.field(field.name))
                    text += "." + field.name
                    end = field.range
                } else {
                    guard current.kind == .number, let index = Int(current.text), index < 10_000 else { throw fail("expected a line index") }
                    advance()
                    end = try expectSymbol("]", "after the index").range
                    path.append(.index(index))
                    text += "[\(index)]"
                }
            }
            let opToken = current
            var op: String
            if ["==", "!=", "<", "<=", ">", ">="].contains(where: { opToken.is($0) }) || opToken.isWord("contains") || opToken.isWord("lacks") {
                op = opToken.text
                advance()
            } else if opToken.isWord("is") {
                advance()
                if current.isWord("not") {
                    advance()
                    op = "is present"
                    _ = try expectWord("absent", "after 'is not'")
                } else if current.isWord("absent") || current.isWord("present") {
                    op = "is " + advance().text
                } else {
                    throw fail("expected 'absent' or 'present' after 'is'")
                }
                expects.append(ExpectDecl(path: path, pathText: text, op: op, value: nil, range: keyword.range.to(end)))
                continue
            } else {
                throw fail("expected a comparison (==, !=, <, >, contains, lacks, is absent) after '\(text)'")
            }
            let value = try expression()
            expects.append(ExpectDecl(path: path, pathText: text, op: op, value: value, range: keyword.range.to(end)))
        }
        _ = try expectWord("end", "to close test \"\(name.text)\"")
        return TestDecl(name: name.text, range: start.to(name.range), at: at, fixture: fixture, json: json, expects: expects)
    }

    // MARK: Expressions

    mutating func expression() throws(Failure) -> Expr {
        if depth == 0 { operators = 0 }
        depth += 1
        defer { depth -= 1 }
        guard depth < Parser.maximumDepth else { throw fail("expression nested too deeply (limit \(Parser.maximumDepth))") }
        return try coalesce()
    }

    private mutating func binaryOperator() throws(Failure) -> Token {
        operators += 1
        guard operators <= Parser.maximumOperators else {
            throw fail("expression has more than \(Parser.maximumOperators) operators; split it into named lets")
        }
        return advance()
    }

    private mutating func coalesce() throws(Failure) -> Expr {
        var lhs = try disjunction()
        while current.is("??") {
            let op = try binaryOperator()
            lhs = .binary("??", lhs, try disjunction(), op.range)
        }
        return lhs
    }

    private mutating func disjunction() throws(Failure) -> Expr {
        var lhs = try conjunction()
        while current.isWord("or") {
            let op = try binaryOperator()
            lhs = .binary("or", lhs, try conjunction(), op.range)
        }
        return lhs
    }

    private mutating func conjunction() throws(Failure) -> Expr {
        var lhs = try negation()
        while current.isWord("and") {
            let op = try binaryOperator()
            lhs = .binary("and", lhs, try negation(), op.range)
        }
        return lhs
    }

    private mutating func negation() throws(Failure) -> Expr {
        if current.isWord("not") {
            let op = advance()
            depth += 1
            defer { depth -= 1 }
            guard depth < Parser.maximumDepth else { throw fail("expression nested too deeply (limit \(Parser.maximumDepth))") }
            return .unary("not", try negation(), op.range)
        }
        return try comparison()
    }

    private mutating func comparison() throws(Failure) -> Expr {
        let lhs = try additive()
        let token = current
        for op in ["==", "!=", "<", "<=", ">", ">="] where token.is(op) {
            advance()
            return .binary(op, lhs, try additive(), token.range)
        }
        if token.isWord("in") {
            advance()
            return .binary("in", lhs, try additive(), token.range)
        }
        if token.isWord("not"), peek(1).isWord("in") {
            advance()
            let inToken = advance()
            return .binary("not in", lhs, try additive(), token.range.to(inToken.range))
        }
        if token.isWord("is") {
            advance()
            var negated = false
            if current.isWord("not") {
                advance()
                negated = true
            }
            if current.isWord("present") {
                return .presence(lhs, negated: negated, advance().range)
            }
            if current.isWord("absent") {
                return .presence(lhs, negated: !negated, advance().range)
            }
            throw fail("expected 'present' or 'absent' after 'is'")
        }
        return lhs
    }

    mutating func additive() throws(Failure) -> Expr {
        var lhs = try multiplicative()
        while current.is("+") || current.is("-") {
            let op = try binaryOperator()
            lhs = .binary(op.text, lhs, try multiplicative(), op.range)
        }
        return lhs
    }

    private mutating func multiplicative() throws(Failure) -> Expr {
        var lhs = try unary()
        while current.is("*") || current.is("/") {
            let op = try binaryOperator()
            lhs = .binary(op.text, lhs, try unary(), op.range)
        }
        return lhs
    }

    private mutating func unary() throws(Failure) -> Expr {
        if current.is("-") {
            let op = advance()
            depth += 1
            defer { depth -= 1 }
            guard depth < Parser.maximumDepth else { throw fail("expression nested too deeply (limit \(Parser.maximumDepth))") }
            return .unary("-", try unary(), op.range)
        }
        return try postfix()
    }

    private mutating func postfix() throws(Failure) -> Expr {
        var base = try primary()
        while true {
            if current.is(".") {
                advance()
                let name = try identifier("a field name after '.'")
                base = .member(base, name.name, name.range)
            } else if current.is("("), current.range.start == base.range.end {
                let open = advance()
                var arguments: [Expr] = []
                if !current.is(")") {
                    arguments.append(try expression())
                    while current.is(",") {
                        advance()
                        arguments.append(try expression())
                    }
                }
                let close = try expectSymbol(")", "to close the call")
                base = .call(base, arguments, open.range.to(close.range))
            } else {
                return base
            }
        }
    }

    private mutating func primary() throws(Failure) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            if current.kind == .identifier, Parser.units.contains(current.text) {
                let unit = advance()
                return .quantity(amount: token.text, unit: unit.text, token.range.to(unit.range))
            }
            return .number(token.text, token.range)
        case .percent:
            advance()
            return .percent(token.text, token.range)
        case .string:
            advance()
            return .string(token.text, token.range)
        case .date:
            advance()
            return .date(token.text, token.range)
        case .identifier:
            if token.text == "true" || token.text == "false" {
                advance()
                return .bool(token.text == "true", token.range)
            }
            if token.text == "if" {
                advance()
                let condition = try expression()
                _ = try expectWord("then", "in 'if'")
                let yes = try expression()
                _ = try expectWord("else", "in 'if … then …'")
                let no = try expression()
                return .conditional(condition, yes, no, token.range.to(no.range))
            }
            if ["any", "all", "count", "sum", "distinct"].contains(token.text), peek(1).isWord("line") {
                advance()
                advance()
                var body: Expr?
                var filter: Expr?
                if current.isWord("of") {
                    advance()
                    body = try additive()
                }
                if current.isWord("where") {
                    advance()
                    filter = try disjunction()
                }
                if (token.text == "sum" || token.text == "distinct") && body == nil {
                    throw fail("'\(token.text) line' needs 'of <expression>'")
                }
                if (token.text == "any" || token.text == "all") && filter == nil {
                    throw fail("'\(token.text) line' needs 'where <condition>'")
                }
                return .aggregate(kind: token.text, body: body, filter: filter, token.range)
            }
            if token.text.utf8.count == 3, token.text.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }), peek(1).kind == .number {
                advance()
                let amount = advance()
                return .money(currency: token.text, amount: amount.text, token.range.to(amount.range))
            }
            if Parser.reserved.contains(token.text) { throw fail("expected an expression, found '\(token.text)'") }
            advance()
            return .name(token.text, token.range)
        case .symbol where token.is("("):
            advance()
            let inner = try expression()
            _ = try expectSymbol(")", "to close '('")
            return inner
        case .symbol where token.is("{"):
            let (values, range) = try setBody()
            return .set(values, range)
        default:
            throw fail("expected an expression, found \(describe(token))")
        }
    }
}
