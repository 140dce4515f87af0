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

    static func apply(_ op: String, _ a: Value, _ b: Value, _ ctx: EvalContext) -> Value {
        if a.isAbsent || b.isAbsent { return .absent }
        guard let x = numeric(a), let y = numeric(b) else { return .absent }
        let result: Fixed?
        switch op {
        case "+": result = x.adding(y)
        case "-": result = x.subtracting(y)
        case "*": result = x.multiplied(by: y)
        default:
            guard y.raw != 0 else { return ctx.fail("division by zero") }
            result = x.divided(by: y)
        }
        guard let result else { return ctx.fail("arithmetic overflow in \(a.rendered) \(op) \(b.rendered)") }
        switch (op, a, b) {
        case ("+", .money(_, let c), .money(_, let d)), ("-", .money(_, let c), .money(_, let d)):
            return c == d ? .money(result, c) : ctx.fail("cannot mix \(c) and \(d); convert first")
        case ("/", .money(_, let c), .money(_, let d)):
            return c == d ? .number(result) : ctx.fail("cannot divide \(c) by \(d)")
        case (_, .money(_, let c), _), (_, _, .money(_, let c)): return .money(result, c)
        case ("/", .quantity, .quantity), ("/", .percent, .percent): return .number(result)
        case (_, .quantity(_, let d), _), (_, _, .quantity(_, let d)): return .quantity(result, d)
        case (_, .percent, _), (_, _, .percent):
            if case .number = a, op == "*" { return .percent(result) }
            if case .number = b { return .percent(result) }
            return .percent(result)
        default: return .number(result)
        }
    }
}

/// Table evaluation: indexed candidate rows, then the hit policy.
enum TableLookup {
    @inline(__always)
    static func matches(_ row: CompiledRow, _ values: [Value], _ day: Day) -> Bool {
        guard row.period.contains(day) else { return false }
        for (cell, value) in zip(row.cells, values) where !cell.matches(value) { return false }
        return true
    }

    static func lookup(_ table: CompiledTable, _ tableID: Int32, _ values: [Value], single: Bool, _ ctx: EvalContext) -> Value {
        let candidates = table.candidates(values)
        switch table.hit {
        case .first, .unique:
            for index in candidates where matches(table.rows[Int(index)], values, ctx.day) {
                if ctx.recordTrace { ctx.trace.append(TraceEntry(kind: .row(table: Int(tableID), row: Int(index)), line: ctx.lineIndex)) }
                return single ? table.rows[Int(index)].outputs[0] : .row(tableID, index)
            }
            return .absent
        case .priority:
            var best: Int32?
            for index in candidates where matches(table.rows[Int(index)], values, ctx.day) {
                if let current = best, table.rows[Int(current)].priority >= table.rows[Int(index)].priority { continue }
                best = index
            }
            guard let best else { return .absent }
            if ctx.recordTrace { ctx.trace.append(TraceEntry(kind: .row(table: Int(tableID), row: Int(best)), line: ctx.lineIndex)) }
            return single ? table.rows[Int(best)].outputs[0] : .row(tableID, best)
        case .collect:
            var result: [Value] = []
            for index in candidates where matches(table.rows[Int(index)], values, ctx.day) {
                if ctx.recordTrace { ctx.trace.append(TraceEntry(kind: .row(table: Int(tableID), row: Int(index)), line: ctx.lineIndex)) }
                result.append(table.rows[Int(index)].outputs[0])
            }
            return .list(result)
        }
    }
}
