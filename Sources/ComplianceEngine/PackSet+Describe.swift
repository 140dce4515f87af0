extension PackSet {
    /// A human-readable description of the rules and tables called `name` (or `pack.name`): every dated version,
    /// where it is written, its cited sources (with OPEN notes) and its source text.
    public func describe(_ name: String) -> String? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let packFilter = parts.count == 2 ? parts[0] : nil
        let target = parts.last ?? name
        var out: [String] = []
        func citations(_ pack: CompiledPack, _ ids: [String]) -> [String] {
            ids.map { id in
                guard let source = pack.sources[id] else { return "  source \(id)" }
                return "  source \(id): \(source.citation)" + (source.url.map { " <\($0)>" } ?? "")
            }
        }
        for rule in program.rules where rule.name == target {
            let pack = program.packs[rule.pack]
            if let packFilter, pack.name != packFilter { continue }
            out.append("rule \(pack.name).\(rule.name) (pack version \(pack.version)), \(rule.period), per \(rule.lineScoped ? "line" : "shipment")")
            out.append("  at \(rule.location)")
            out += citations(pack, rule.sources)
            if let open = rule.open { out.append("  OPEN: \(open)") }
            out += excerpt(rule.location, until: "end").map { "    | " + $0 }
        }
        for table in program.tables where table.name == target {
            let pack = program.packs[table.pack]
            if let packFilter, pack.name != packFilter { continue }
            let inputs = zip(table.inputNames, table.inputTypes).map { "\($0): \($1)" }.joined(separator: ", ")
            let outputs = zip(table.outputNames, table.outputTypes).map { "\($0): \($1)" }.joined(separator: ", ")
            out.append("table \(pack.name).\(table.name) (pack version \(pack.version)), hit \(table.hit.rawValue), \(table.rows.count) rows")
            out.append("  in \(inputs)  out \(outputs)")
            out.append("  indexed on: \(table.indexColumn.map { table.inputNames[$0] } ?? "none (ordered scan)")")
            out.append("  at \(table.location)")
            out += citations(pack, table.sources)
            for row in table.rows {
                let cells = row.cells.map(Self.render).joined(separator: ", ")
                let outputs = row.outputs.map(\.rendered).joined(separator: ", ")
                let period = row.period == .always ? "" : " [\(row.period)]"
                out.append("    \(row.id)\(period): \(cells) => \(outputs)")
            }
        }
        for value in program.lets where value.name == target {
            let pack = program.packs[value.pack]
            if let packFilter, pack.name != packFilter { continue }
            out.append("let \(pack.name).\(value.name): \(value.type), \(value.versions.count) version(s), per \(value.lineScoped ? "line" : "shipment")")
            out += value.versions.map { "  \($0.0)" }
        }
        return out.isEmpty ? nil : out.joined(separator: "\n")
    }

    /// Names that `describe` knows, for suggestions.
    public var describableNames: [String] {
        program.rules.map(\.name) + program.tables.map(\.name) + program.lets.map(\.name)
    }

    private static func render(_ cell: CellMatcher) -> String {
        switch cell {
        case .any: "-"
        case .equal(let v): v.rendered
        case .less(let v, let orEqual): (orEqual ? "<= " : "< ") + v.rendered
        case .greater(let v, let orEqual): (orEqual ? ">= " : "> ") + v.rendered
        case .interval(let a, let b, let closed): "[\(a.rendered)..\(b.rendered)\(closed ? "]" : ")")"
        case .oneOf(let values, let negated): (negated ? "not " : "") + "{" + values.map(\.rendered).joined(separator: ", ") + "}"
        }
    }

    /// Source lines from a `path:line:column` location down to a line that is exactly `terminator` (at most 60).
    private func excerpt(_ location: String, until terminator: String) -> [String] {
        let parts = location.split(separator: ":")
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]) else { return [] }
        let path = parts.dropLast(2).joined(separator: ":")
        guard let file = program.files.first(where: { $0.path == path }) else { return [] }
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        var result: [String] = []
        var index = line - 1
        while index >= 0, index < lines.count, result.count < 60 {
            result.append(String(lines[index]))
            if lines[index].trimmingCharacters() == terminator { break }
            index += 1
        }
        return result
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }
}
