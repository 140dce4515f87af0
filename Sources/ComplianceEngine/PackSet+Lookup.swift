/// A value passed to or read from a decision table by code outside the rules (policy tables read by planners).
public enum TableValue: Hashable, Sendable, CustomStringConvertible {
    case absent
    case bool(Bool)
    case number(Fixed)
    /// A fraction: 98% is 0.98.
    case percent(Fixed)
    case text(String)
    case date(Day)
    /// Any other kind of value (money, quantities, lists), rendered as in explanations.
    case other(String)

    public var description: String {
        switch self {
        case .absent: "absent"
        case .bool(let value): String(value)
        case .number(let value), .percent(let value): value.description
        case .text(let value): value
        case .date(let value): value.description
        case .other(let value): value
        }
    }

    /// The number of a `number` or `percent` value.
    public var fixed: Fixed? {
        switch self {
        case .number(let value), .percent(let value): value
        default: nil
        }
    }

    var value: Value {
        switch self {
        case .absent, .other: .absent
        case .bool(let value): .bool(value)
        case .number(let value): .number(value)
        case .percent(let value): .percent(value)
        case .text(let value): .text(value)
        case .date(let value): .date(value)
        }
    }

    init(_ value: Value) {
        switch value {
        case .absent: self = .absent
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .percent(let value): self = .percent(value)
        case .text(let value): self = .text(value)
        case .date(let value): self = .date(value)
        default: self = .other(value.rendered)
        }
    }
}

/// The row a table lookup hit: its id, outputs by name, and the table's cited sources.
public struct TableHit: Hashable, Sendable {
    public var pack: String
    public var table: String
    public var row: String
    public var outputs: [String: TableValue]
    public var sources: [String]

    /// A text output, or nil.
    public func text(_ name: String) -> String? {
        if case .text(let value)? = outputs[name] { return value }
        return nil
    }
}

extension PackSet {
    /// Whether pack `pack` has a table called `table`.
    public func hasTable(pack: String, table: String) -> Bool { tableIndex(pack: pack, table: table) != nil }

    /// Looks a row up in a decision table of a pack with the rows in force on `day`, by the table's hit policy
    /// (`collect` tables give their first matching row). Nil when the table does not exist, the argument count is
    /// wrong, or no row matches.
    public func lookup(pack: String, table name: String, _ arguments: [TableValue], on day: Day) -> TableHit? {
        guard let index = tableIndex(pack: pack, table: name) else { return nil }
        let table = program.tables[index]
        guard arguments.count == table.inputNames.count else { return nil }
        let values = arguments.map(\.value)
        var chosen: Int32?
        for row in table.candidates(values) where TableLookup.matches(table.rows[Int(row)], values, day) {
            if table.hit == .priority {
                if let current = chosen, table.rows[Int(current)].priority >= table.rows[Int(row)].priority { continue }
                chosen = row
            } else {
                chosen = row
                break
            }
        }
        guard let chosen else { return nil }
        let row = table.rows[Int(chosen)]
        var outputs: [String: TableValue] = [:]
        for (outputName, value) in zip(table.outputNames, row.outputs) { outputs[outputName] = TableValue(value) }
        return TableHit(pack: pack, table: name, row: row.id, outputs: outputs, sources: table.sources)
    }

    private func tableIndex(pack: String, table: String) -> Int? {
        guard let packIndex = program.packs.firstIndex(where: { $0.name == pack }) else { return nil }
        return program.packs[packIndex].tables.first { program.tables[$0].name == table }
    }
}
