extension Compiler {
    /// Compiles a decision table (inline rows and/or rows from CSV) and analyses it.
    mutating func compileTable(_ decl: TableDecl, pack: Int, csv: [String: Int]) -> CompiledTable? {
        var ok = true
        guard let hit = HitPolicy(rawValue: decl.hit.name) else {
            sink.error("unknown-hit-policy", "unknown hit policy '\(decl.hit.name)'\(Suggest.hint(decl.hit.name, HitPolicy.allCases.map(\.rawValue))) (first, unique, priority, collect)", at: decl.hit.range)
            return nil
        }
        func types(_ columns: [ColumnDecl]) -> [ValueType] {
            columns.map { column in
                if let type = ValueType.named(column.type.name) { return type }
                sink.error("unknown-type", "unknown type '\(column.type.name)'\(Suggest.hint(column.type.name, ValueType.declarableNames))", at: column.type.range)
                ok = false
                return .unknown
            }
        }
        let inputTypes = types(decl.inputs)
        let outputTypes = types(decl.outputs)
        var seen = Set<String>()
        for column in decl.inputs + decl.outputs where !seen.insert(column.name.name).inserted {
            sink.error("duplicate-column", "column '\(column.name.name)' is declared twice", at: column.name.range)
            ok = false
        }
        if hit == .collect && decl.outputs.count != 1 {
            sink.error("collect-outputs", "a 'collect' table has exactly one output", at: decl.hit.range)
            ok = false
        }
        for ref in decl.sources where !sourceIDsContains(pack, ref.name) {
            sink.error("unknown-source", "unknown source '\(ref.name)'\(Suggest.hint(ref.name, sourceIDList(pack)))", at: ref.range)
        }
        var rows: [CompiledRow] = []
        var rowRanges: [SourceRange] = []
        var hasRowSources = true
        for row in decl.rows {
            if let compiled = compileRow(row, decl: decl, inputTypes: inputTypes, outputTypes: outputTypes, pack: pack) {
                rows.append(compiled)
                rowRanges.append(row.range)
                if compiled.source == nil { hasRowSources = false }
            } else {
                ok = false
            }
        }
        if let (path, range) = decl.csv {
            if let file = csv[path] {
                let before = rows.count
                loadCSV(file, decl: decl, inputTypes: inputTypes, outputTypes: outputTypes, pack: pack, rows: &rows, ranges: &rowRanges)
                if rows[before...].contains(where: { $0.source == nil }) { hasRowSources = false }
            } else {
                sink.error("missing-csv", "no CSV file '\(path)' beside the rules\(Suggest.hint(path, csv.keys))", at: range)
                ok = false
            }
        }
        if decl.sources.isEmpty && (!hasRowSources || rows.isEmpty) {
            sink.error("missing-source", "table '\(decl.name.name)' cites no source; add 'source <id>' before 'end'", at: decl.name.range)
        }
        guard ok else { return nil }
        var table = CompiledTable(
            pack: pack, name: decl.name.name, hit: hit, inputNames: decl.inputs.map(\.name.name), inputTypes: inputTypes,
            outputNames: decl.outputs.map(\.name.name), outputTypes: outputTypes, rows: rows, sources: decl.sources.map(\.name),
            location: location(decl.name.range))
        table.buildIndex()
        TableAnalysis.analyse(table, required: decl.required, ranges: rowRanges, nameRange: decl.name.range, sink: &sink)
        return table
    }

    private func sourceIDsContains(_ pack: Int, _ id: String) -> Bool { packs[pack].sources[id] != nil }
    private func sourceIDList(_ pack: Int) -> [String] { Array(packs[pack].sources.keys) }

    private mutating func constantCell(_ expr: Expr, type: ValueType, column: String, pack: Int) -> Value? {
        let typed = expression(expr, pack: pack, allowLine: false)
        guard let value = typed.constant else {
            if typed.type != .unknown { sink.error("non-constant-cell", "table cells must be literal values", at: expr.range) }
            return nil
        }
        var valueType = typed.type
        if case .list(let element) = valueType { valueType = element }
        if !type.compatible(with: valueType) {
            sink.error("type-mismatch", "\(value.rendered) is \(valueType) but column '\(column)' is \(type)", at: expr.range)
            return nil
        }
        validateLiteralPublic(typed, against: type, expr)
        return value
    }

    private mutating func compileCell(_ cell: Cell, type: ValueType, column: String, pack: Int) -> CellMatcher? {
        switch cell {
        case .any: return .any
        case .equal(let expr):
            if case .set = expr { return nil }
            return constantCell(expr, type: type, column: column, pack: pack).map(CellMatcher.equal)
        case .compare(let op, let expr, _):
            if type.isTextual || type == .bool {
                sink.error("type-mismatch", "'\(op)' needs an ordered column, but '\(column)' is \(type)", at: cell.range)
                return nil
            }
            guard let bound = constantCell(expr, type: type, column: column, pack: pack) else { return nil }
            return op.hasPrefix("<") ? .less(bound, orEqual: op == "<=") : .greater(bound, orEqual: op == ">=")
        case .interval(let low, let high, let closed, let range):
            guard let lo = constantCell(low, type: type, column: column, pack: pack),
                let hi = constantCell(high, type: type, column: column, pack: pack)
            else { return nil }
            if let order = Value.compare(lo, hi), order > 0 {
                sink.error("empty-range", "range [\(lo.rendered)..\(hi.rendered)] is empty", at: range)
                return nil
            }
            return .interval(lo, hi, closedUpper: closed)
        case .oneOf(let exprs, let negated, _):
            var values: [Value] = []
            for expr in exprs {
                guard let value = constantCell(expr, type: type, column: column, pack: pack) else { return nil }
                values.append(value)
            }
            return .oneOf(values, negated: negated)
        }
    }

    private mutating func compileRow(_ row: RowDecl, decl: TableDecl, inputTypes: [ValueType], outputTypes: [ValueType], pack: Int) -> CompiledRow? {
        var ok = true
        if row.cells.count != inputTypes.count {
            sink.error("cell-count", "row '\(row.id)' has \(row.cells.count) input cell\(row.cells.count == 1 ? "" : "s") but table '\(decl.name.name)' has \(inputTypes.count) input\(inputTypes.count == 1 ? "" : "s")", at: row.range)
            return nil
        }
        if row.outputs.count != outputTypes.count {
            sink.error("cell-count", "row '\(row.id)' has \(row.outputs.count) output\(row.outputs.count == 1 ? "" : "s") but table '\(decl.name.name)' has \(outputTypes.count)", at: row.range)
            return nil
        }
        var cells: [CellMatcher] = []
        for (index, cell) in row.cells.enumerated() {
            if let matcher = compileCell(cell, type: inputTypes[index], column: decl.inputs[index].name.name, pack: pack) {
                cells.append(matcher)
            } else {
                ok = false
            }
        }
        var outputs: [Value] = []
        for (index, expr) in row.outputs.enumerated() {
            if let value = constantCell(expr, type: outputTypes[index], column: decl.outputs[index].name.name, pack: pack) {
                outputs.append(value)
            } else {
                ok = false
            }
        }
        if let source = row.source, packs[pack].sources[source.name] == nil {
            sink.error("unknown-source", "unknown source '\(source.name)'\(Suggest.hint(source.name, packs[pack].sources.keys))", at: source.range)
        }
        guard ok else { return nil }
        return CompiledRow(id: row.id, period: row.effective?.period ?? .always, priority: row.priority, cells: cells,
                           outputs: outputs, source: row.source?.name, location: location(row.range))
    }

    /// Rows from a CSV file: a header naming the table's columns (plus optional id, effective, until, source,
    /// priority); each cell is parsed with the cell syntax, and bare words in text columns are text.
    private mutating func loadCSV(_ file: Int, decl: TableDecl, inputTypes: [ValueType], outputTypes: [ValueType], pack: Int,
                                  rows: inout [CompiledRow], ranges: inout [SourceRange]) {
        let bytes = files[file].bytes
        let records = CSV.parse(bytes)
        guard let header = records.first else {
            sink.error("csv", "CSV file is empty", at: SourceRange(file: file, start: 0, end: 0))
            return
        }
        let known = decl.inputs.map(\.name.name) + decl.outputs.map(\.name.name)
        let extras = ["id", "effective", "until", "source", "priority"]
        var columnOf: [String: Int] = [:]
        for (index, field) in header.enumerated() {
            let range = SourceRange(file: file, start: field.start, end: field.end)
            if !(known + extras).contains(field.text) {
                sink.error("csv-column", "unknown CSV column '\(field.text)' for table '\(decl.name.name)'\(Suggest.hint(field.text, known + extras))", at: range)
                continue
            }
            columnOf[field.text] = index
        }
        for name in known where columnOf[name] == nil {
            sink.error("csv-column", "CSV file has no column '\(name)' required by table '\(decl.name.name)'", at: SourceRange(file: file, start: header.first?.start ?? 0, end: header.last?.end ?? 0))
            return
        }
        for (recordIndex, record) in records.dropFirst().enumerated() {
            let rowRange = SourceRange(file: file, start: record.first?.start ?? 0, end: record.last?.end ?? 0)
            guard record.count == header.count else {
                sink.error("csv", "CSV row has \(record.count) fields but the header has \(header.count)", at: rowRange)
                continue
            }
            func field(_ name: String) -> CSVField? { columnOf[name].map { record[$0] } }
            func range(_ f: CSVField) -> SourceRange { SourceRange(file: file, start: f.start, end: max(f.end, f.start + 1)) }
            var ok = true
            var cells: [CellMatcher] = []
            for (index, column) in decl.inputs.enumerated() {
                guard let f = field(column.name.name) else { ok = false; continue }
                if let cell = parseCSVCell(f, file: file, bytes: bytes, type: inputTypes[index]) {
                    if let matcher = compileCell(cell, type: inputTypes[index], column: column.name.name, pack: pack) {
                        cells.append(matcher)
                        continue
                    }
                }
                ok = false
            }
            var outputs: [Value] = []
            for (index, column) in decl.outputs.enumerated() {
                guard let f = field(column.name.name) else { ok = false; continue }
                if case .equal(let expr)? = parseCSVCell(f, file: file, bytes: bytes, type: outputTypes[index]),
                    let value = constantCell(expr, type: outputTypes[index], column: column.name.name, pack: pack)
                {
                    outputs.append(value)
                } else {
                    if f.text.isEmpty { sink.error("csv", "empty output '\(column.name.name)'", at: range(f)) }
                    ok = false
                }
            }
            var period = Period.always
            for (name, isFrom) in [("effective", true), ("until", false)] {
                guard let f = field(name), !f.text.isEmpty else { continue }
                guard let day = Day(parsing: f.text) else {
                    sink.error("invalid-date", "'\(f.text)' is not a date YYYY-MM-DD", at: range(f))
                    ok = false
                    continue
                }
                if isFrom { period.from = day } else { period.until = day }
            }
            if let from = period.from, let until = period.until, until <= from, let f = field("until") {
                sink.error("empty-period", "'until' \(until) is not after 'effective' \(from)", at: range(f))
                ok = false
            }
            var source: String?
            if let f = field("source"), !f.text.isEmpty {
                if packs[pack].sources[f.text] == nil {
                    sink.error("unknown-source", "unknown source '\(f.text)'\(Suggest.hint(f.text, packs[pack].sources.keys))", at: range(f))
                }
                source = f.text
            }
            var priority = 0
            if let f = field("priority"), !f.text.isEmpty {
                if let value = Int(f.text) { priority = value } else {
                    sink.error("csv", "priority must be an integer", at: range(f))
                }
            }
            guard ok else { continue }
            let id = field("id").flatMap { $0.text.isEmpty ? nil : $0.text } ?? "\(files[file].path.split(separator: "/").last.map(String.init) ?? "csv"):\(recordIndex + 2)"
            rows.append(CompiledRow(id: id, period: period, priority: priority, cells: cells, outputs: outputs, source: source,
                                    location: location(rowRange)))
            ranges.append(rowRange)
        }
    }

    private mutating func parseCSVCell(_ field: CSVField, file: Int, bytes: [UInt8], type: ValueType) -> Cell? {
        let range = SourceRange(file: file, start: field.start, end: max(field.end, field.start + 1))
        let text = field.text
        if text.isEmpty || text == "-" || text == "*" { return .any(range) }
        if type.isTextual, let first = text.utf8.first,
            !["\"", "{", "[", "<", ">"].contains(Character(Unicode.Scalar(first))), !text.hasPrefix("not ")
        {
            return .equal(.string(text, range))
        }
        if field.quoted { return .equal(.string(text, range)) }
        var lexer = Lexer(bytes: bytes, file: file, offset: field.start, end: field.end)
        let tokens = lexer.tokenize()
        for (message, problemRange) in lexer.problems { sink.error("syntax", message, at: problemRange) }
        var parser = Parser(tokens: tokens, file: file, sink: sink)
        let cell = try? parser.cell()
        let trailing = parser.atEnd
        sink = parser.sink
        guard let cell else { return nil }
        if !trailing {
            sink.error("syntax", "unexpected text after the cell value", at: range)
            return nil
        }
        return cell
    }

    mutating func validateLiteralPublic(_ typed: Typed, against type: ValueType, _ expr: Expr) {
        validateLiteral(typed, against: type, expr)
    }
}

extension Parser {
    var atEnd: Bool { currentKind == .endOfFile }
}

/// Load-time analysis of a decision table over the interesting points of each input column (every literal and the
/// values just either side of each bound, plus "any other" value), and over the effective dates of its rows.
enum TableAnalysis {
    static let maximumPoints = 40_000

    static func analyse(_ table: CompiledTable, required: Bool, ranges: [SourceRange], nameRange: SourceRange, sink: inout DiagnosticSink) {
        guard !table.rows.isEmpty else {
            if required { sink.error("table-gap", "table '\(table.name)' is required but has no rows", at: nameRange) }
            return
        }
        checkDatedVersions(table, ranges: ranges, sink: &sink)
        guard required || table.hit == .unique || table.hit == .first else { return }
        var axes: [[Value]] = []
        for (column, type) in table.inputTypes.enumerated() {
            var points = Set<Value>()
            for row in table.rows { points.formUnion(interesting(row.cells[column])) }
            switch type {
            case .text(.enumeration(_, let cases)): points = Set(cases.map(Value.text))
            case .bool: points = [.bool(true), .bool(false)]
            case .text: points.insert(.text("«any other»"))
            default: if points.isEmpty { points.insert(.absent) }
            }
            axes.append(points.sorted { ($0.rendered) < ($1.rendered) })
        }
        var dates = Set<Int32>()
        for row in table.rows {
            if let from = row.period.from { dates.insert(from.ordinal); dates.insert(from.ordinal - 1) }
            if let until = row.period.until { dates.insert(until.ordinal); dates.insert(until.ordinal - 1) }
        }
        let days = dates.isEmpty ? [Day(ordinal: 0)] : dates.sorted().map(Day.init(ordinal:))
        var total = days.count
        for axis in axes {
            total = total.multipliedReportingOverflow(by: max(1, axis.count)).partialValue
            if total > maximumPoints || total < 0 { return }
        }
        var reportedPairs = Set<[Int]>()
        var overlapReports = 0
        var gapReported = false
        var reachedFirst = [Bool](repeating: false, count: table.rows.count)
        var matchedAny = [Bool](repeating: false, count: table.rows.count)
        var shadowExample = [Int: ([Value], Day, Int)]()
        var counters = [Int](repeating: 0, count: axes.count)
        if axes.contains(where: \.isEmpty) { return }
        while true {
            let point = counters.enumerated().map { axes[$0.offset][$0.element] }
            for day in days {
                var first: Int?
                for (index, row) in table.rows.enumerated() where TableLookup.matches(row, point, day) {
                    matchedAny[index] = true
                    if let earlier = first {
                        if shadowExample[index] == nil { shadowExample[index] = (point, day, earlier) }
                        if table.hit == .unique, overlapReports < 3, reportedPairs.insert([earlier, index]).inserted {
                            overlapReports += 1
                            sink.error("table-overlap", "rows '\(table.rows[earlier].id)' and '\(row.id)' of unique table '\(table.name)' both match \(describe(table, point, day, dates.isEmpty))", at: ranges[index])
                        }
                    } else {
                        first = index
                        reachedFirst[index] = true
                    }
                }
                if first == nil, required, !gapReported {
                    gapReported = true
                    sink.error("table-gap", "table '\(table.name)' is required but no row matches \(describe(table, point, day, dates.isEmpty)); add a row or a catch-all row", at: nameRange)
                }
            }
            var position = counters.count - 1
            while position >= 0 {
                counters[position] += 1
                if counters[position] < axes[position].count { break }
                counters[position] = 0
                position -= 1
            }
            if position < 0 { break }
        }
        if table.hit == .first {
            for index in table.rows.indices where matchedAny[index] && !reachedFirst[index] {
                if let (point, day, earlier) = shadowExample[index] {
                    sink.warning("table-shadowed", "row '\(table.rows[index].id)' of table '\(table.name)' is never used: row '\(table.rows[earlier].id)' comes first, e.g. for \(describe(table, point, day, dates.isEmpty))", at: ranges[index])
                }
            }
        }
    }

    /// Rows with the same input cells are dated versions of one entry: they must not overlap, and a gap between
    /// them (a period in which the entry is missing) is reported.
    private static func checkDatedVersions(_ table: CompiledTable, ranges: [SourceRange], sink: inout DiagnosticSink) {
        guard table.hit != .collect else { return }
        var groups: [[CellMatcher]: [Int]] = [:]
        for (index, row) in table.rows.enumerated() { groups[row.cells, default: []].append(index) }
        for (_, members) in groups where members.count > 1 {
            let sorted = members.sorted {
                (table.rows[$0].period.from?.ordinal ?? Int32.min) < (table.rows[$1].period.from?.ordinal ?? Int32.min)
            }
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                let first = table.rows[a], second = table.rows[b]
                if first.period.overlaps(second.period) {
                    sink.error("overlapping-period", "rows '\(first.id)' and '\(second.id)' of table '\(table.name)' have the same inputs and overlapping periods (\(first.period); \(second.period))", at: ranges[max(a, b)])
                } else if let until = first.period.until, let from = second.period.from, from > until {
                    sink.warning("period-gap", "table '\(table.name)' has no row for the inputs of '\(first.id)' from \(until) until \(from)", at: ranges[max(a, b)])
                }
            }
        }
    }

    private static func describe(_ table: CompiledTable, _ point: [Value], _ day: Day, _ undated: Bool) -> String {
        let inputs = zip(table.inputNames, point).map { "\($0) = \($1.rendered)" }.joined(separator: ", ")
        return undated ? inputs : inputs + " on \(day)"
    }

    private static func nudge(_ value: Value, _ up: Bool) -> Value? {
        let step = Fixed(raw: up ? 10_000 : -10_000)
        switch value {
        case .number(let x): return x.adding(step).map(Value.number)
        case .percent(let x): return x.adding(Fixed(raw: up ? 100 : -100)).map(Value.percent)
        case .money(let x, let c): return x.adding(step).map { .money($0, c) }
        case .quantity(let x, let d): return x.adding(step).map { .quantity($0, d) }
        case .date(let d): return .date(d.adding(days: up ? 1 : -1))
        default: return nil
        }
    }

    private static func interesting(_ cell: CellMatcher) -> [Value] {
        switch cell {
        case .any: return []
        case .equal(let v): return [v] + [nudge(v, true), nudge(v, false)].compactMap { $0 }
        case .less(let v, _), .greater(let v, _): return [v] + [nudge(v, true), nudge(v, false)].compactMap { $0 }
        case .interval(let a, let b, _): return [a, b] + [nudge(a, false), nudge(a, true), nudge(b, true), nudge(b, false)].compactMap { $0 }
        case .oneOf(let values, _): return values
        }
    }
}
