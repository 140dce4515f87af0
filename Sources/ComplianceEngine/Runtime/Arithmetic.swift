/// Arithmetic on runtime values. Overflow, division by zero and currency mismatches are reported, never trapped.
enum Arithmetic {
    static func resultType(_ op: String, _ a: ValueType, _ b: ValueType) -> ValueType? {
        if a == .unknown { return b == .unknown ? .unknown : (op == "/" && a == b ? .number : b) }
        if b == .unknown { return a }
        switch (op, a, b) {
        case ("+", _, _), ("-", _, _):
            if a == b, [.number, .percent, .money].contains(a) { return a }
            if case .quantity(let d) = a, case .quantity(let e) = b, d == e { return a }
            return nil
        case ("*", .number, .number): return .number
        case ("*", .money, .number), ("*", .money, .percent): return .money
        case ("*", .number, .money), ("*", .percent, .money): return .money
        case ("*", .percent, .percent), ("*", .percent, .number), ("*", .number, .percent): return .percent
        case ("*", .quantity(let d), .number), ("*", .number, .quantity(let d)): return .quantity(d)
        case ("/", .number, .number), ("/", .money, .money), ("/", .percent, .percent): return .number
        case ("/", .money, .number): return .money
        case ("/", .percent, .number): return .percent
        case ("/", .quantity(let d), .quantity(let e)) where d == e: return .number
        case ("/", .quantity(let d), .number): return .quantity(d)
        default: return nil
        }
    }

    static func zeroLike(_ value: Value) -> Value {
        switch value {
        case .money(_, let c): .money(.zero, c)
        case .percent: .percent(.zero)
        case .quantity(_, let d): .quantity(.zero, d)
        default: .number(.zero)
        }
    }

    static func negate(_ value: Value, _ ctx: EvalContext) -> Value {
        func neg(_ x: Fixed) -> Fixed? { x.negated }
        switch value {
        case .number(let x): return neg(x).map(Value.number) ?? ctx.fail("overflow")
        case .percent(let x): return neg(x).map(Value.percent) ?? ctx.fail("overflow")
        case .money(let x, let c): return neg(x).map { .money($0, c) } ?? ctx.fail("overflow")
        case .quantity(let x, let d): return neg(x).map { .quantity($0, d) } ?? ctx.fail("overflow")
        default: return .absent
        }
    }

    static func round(_ value: Value, _ places: Int, _ mode: Fixed.Rounding) -> Value {
        switch value {
        case .number(let x): .number(x.rounded(places: places, mode))
        case .money(let x, let c): .money(x.rounded(places: places, mode), c)
        case .percent(let x): .percent(x.rounded(places: places + 2, mode))
        case .quantity(let x, let d): .quantity(x.rounded(places: places, mode), d)
        default: value
        }
    }

    private static func numeric(_ value: Value) -> Fixed? {
        switch value {
        case .number(let x), .percent(let x), .money(let x, _), .quantity(let x, _): x
        default: nil
        }
    }

    /// An arithmetic operator, resolved from its symbol at compile time.
    enum Operator: Sendable {
        case add, subtract, multiply, divide

        /// `+`, `-`, `*`; anything else divides (the checker admits only these four).
        init(_ symbol: String) {
            switch symbol {
            case "+": self = .add
            case "-": self = .subtract
            case "*": self = .multiply
            default: self = .divide
            }
        }

        var symbol: String {
            switch self {
            case .add: "+"
            case .subtract: "-"
            case .multiply: "*"
            case .divide: "/"
            }
        }
    }

    static func apply(_ op: String, _ a: Value, _ b: Value, _ ctx: EvalContext) -> Value {
        apply(Operator(op), a, b, ctx)
    }

    static func apply(_ op: Operator, _ a: Value, _ b: Value, _ ctx: EvalContext) -> Value {
        guard let x = numeric(a), let y = numeric(b) else { return .absent }  // absent or not a number
        let result: Fixed?
        switch op {
        case .add: result = x.adding(y)
        case .subtract: result = x.subtracting(y)
        case .multiply: result = x.multiplied(by: y)
        case .divide:
            guard y.raw != 0 else { return ctx.fail("division by zero") }
            result = x.divided(by: y)
        }
        guard let result else { return ctx.fail("arithmetic overflow in \(a.rendered) \(op.symbol) \(b.rendered)") }
        switch (a, b) {
        case (.money(_, let c), .money(_, let d)):
            switch op {
            case .add, .subtract: return c == d ? .money(result, c) : ctx.fail("cannot mix \(c) and \(d); convert first")
            case .divide: return c == d ? .number(result) : ctx.fail("cannot divide \(c) by \(d)")
            case .multiply: return .money(result, c)
            }
        case (.money(_, let c), _), (_, .money(_, let c)): return .money(result, c)
        case (.quantity, .quantity) where op == .divide: return .number(result)
        case (.percent, .percent) where op == .divide: return .number(result)
        case (.quantity(_, let d), _), (_, .quantity(_, let d)): return .quantity(result, d)
        case (.percent, _), (_, .percent): return .percent(result)
        default: return .number(result)
        }
    }
}

/// Table evaluation: indexed candidate rows, then the hit policy. The inputs arrive in a caller-owned buffer (on the
/// stack), so a lookup allocates nothing unless the hit policy collects.
enum TableLookup {
    /// Whether a row is in force on `day` and its cells match, `skipping` one column already matched by the index.
    @inline(__always)
    static func matches(_ row: CompiledRow, _ values: UnsafeBufferPointer<Value>, _ day: Day,
                        skipping: Int = -1) -> Bool {
        guard row.period.contains(day) else { return false }
        return row.cells.withUnsafeBufferPointer { cells in
            for column in 0..<min(cells.count, values.count)
            where column != skipping && !cells[column].matches(values[column]) {
                return false
            }
            return true
        }
    }

    static func matches(_ row: CompiledRow, _ values: [Value], _ day: Day) -> Bool {
        values.withUnsafeBufferPointer { matches(row, $0, day) }
    }

    private static func record(_ tableID: Int32, _ row: Int32, _ ctx: EvalContext) {
        ctx.trace.append(TraceEntry(kind: .row(table: Int(tableID), row: Int(row)), line: ctx.lineIndex))
    }

    static func lookup(_ table: CompiledTable, _ tableID: Int32, _ values: UnsafeBufferPointer<Value>, single: Bool,
                       _ ctx: EvalContext) -> Value {
        let rows = table.rows
        let skipping = table.indexColumn ?? -1
        return table.withCandidates(values) { candidates in
            switch table.hit {
            case .first, .unique:
                for index in candidates where matches(rows[Int(index)], values, ctx.day, skipping: skipping) {
                    if ctx.recordTrace { record(tableID, index, ctx) }
                    return single ? rows[Int(index)].outputs[0] : .row(tableID, index)
                }
                return .absent
            case .priority:
                var best: Int32?
                for index in candidates where matches(rows[Int(index)], values, ctx.day, skipping: skipping) {
                    if let current = best, rows[Int(current)].priority >= rows[Int(index)].priority { continue }
                    best = index
                }
                guard let best else { return .absent }
                if ctx.recordTrace { record(tableID, best, ctx) }
                return single ? rows[Int(best)].outputs[0] : .row(tableID, best)
            case .collect:
                var result: [Value] = []
                for index in candidates where matches(rows[Int(index)], values, ctx.day, skipping: skipping) {
                    if ctx.recordTrace { record(tableID, index, ctx) }
                    result.append(rows[Int(index)].outputs[0])
                }
                return .list(result)
            }
        }
    }
}
