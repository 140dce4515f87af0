/// An expression with its source range.
indirect enum Expr: Sendable {
    case number(String, SourceRange)
    case percent(String, SourceRange)
    case string(String, SourceRange)
    case date(String, SourceRange)
    case bool(Bool, SourceRange)
    case money(currency: String, amount: String, SourceRange)
    case quantity(amount: String, unit: String, SourceRange)
    case name(String, SourceRange)
    case member(Expr, String, SourceRange)  // range of the member name
    case call(Expr, [Expr], SourceRange)
    case unary(String, Expr, SourceRange)
    case binary(String, Expr, Expr, SourceRange)  // range of the operator
    case conditional(Expr, Expr, Expr, SourceRange)
    case set([Expr], SourceRange)
    case aggregate(kind: String, body: Expr?, filter: Expr?, SourceRange)
    case presence(Expr, negated: Bool, SourceRange)

    var range: SourceRange {
        switch self {
        case .number(_, let r), .percent(_, let r), .string(_, let r), .date(_, let r), .bool(_, let r),
            .money(_, _, let r), .quantity(_, _, let r), .name(_, let r), .set(_, let r), .aggregate(_, _, _, let r):
            return r
        case .member(let base, _, let r): return base.range.to(r)
        case .call(let callee, _, let r): return callee.range.to(r)
        case .unary(_, let operand, let r): return r.to(operand.range)
        case .binary(_, let lhs, let rhs, _): return lhs.range.to(rhs.range)
        case .conditional(_, _, _, let r): return r
        case .presence(let base, _, let r): return base.range.to(r)
        }
    }

    /// The range to point a caret at: the operator of a binary expression, the name of a member.
    var focus: SourceRange {
        switch self {
        case .binary(_, _, _, let r): return r
        default: return range
        }
    }
}

struct Named: Sendable {
    var name: String
    var range: SourceRange
}

/// A type written in a declaration: `Money`, `Percent`, `Energy`, `Text`.
struct TypeName: Sendable {
    var name: String
    var range: SourceRange
}

struct EffectiveClause: Sendable {
    var period: Period
    var range: SourceRange
}

struct SourceDecl: Sendable {
    var id: String
    var citation: String
    var url: String?
    var range: SourceRange
}

struct ImportDecl: Sendable {
    var pack: String
    var alias: String
    var range: SourceRange
}

struct LetDecl: Sendable {
    var name: Named
    var type: TypeName?
    var value: Expr
    var effective: EffectiveClause?
    var sources: [Named]
    var open: String?
}

struct Outcome: Sendable {
    var name: Named
    var arguments: [Expr]
}

struct RuleDecl: Sendable {
    var name: Named
    var scope: Named?
    var effective: EffectiveClause?
    var required: Bool
    var condition: Expr?
    var then: [Outcome]
    var otherwise: [Outcome]
    var sources: [Named]
    var open: String?
}

enum Cell: Sendable {
    case any(SourceRange)
    case equal(Expr)
    case compare(String, Expr, SourceRange)
    case interval(Expr, Expr, closedUpper: Bool, SourceRange)
    case oneOf([Expr], negated: Bool, SourceRange)

    var range: SourceRange {
        switch self {
        case .any(let r), .compare(_, _, let r), .interval(_, _, _, let r), .oneOf(_, _, let r): r
        case .equal(let e): e.range
        }
    }
}

struct RowDecl: Sendable {
    var id: String
    var range: SourceRange
    var effective: EffectiveClause?
    var priority: Int
    var cells: [Cell]
    var outputs: [Expr]
    var source: Named?
}

struct ColumnDecl: Sendable {
    var name: Named
    var type: TypeName
}

struct TableDecl: Sendable {
    var name: Named
    var hit: Named
    var required: Bool
    var inputs: [ColumnDecl]
    var outputs: [ColumnDecl]
    var csv: (path: String, range: SourceRange)?
    var rows: [RowDecl]
    var sources: [Named]
}

enum PathStep: Sendable, Equatable {
    case field(String)
    case index(Int)
}

struct ExpectDecl: Sendable {
    var path: [PathStep]
    var pathText: String
    var op: String
    var value: Expr?
    var range: SourceRange
}

struct TestDecl: Sendable {
    var name: String
    var range: SourceRange
    var at: (Day, SourceRange)?
    var fixture: Named?
    var json: (text: String, range: SourceRange)?
    var expects: [ExpectDecl]
}

struct FixtureDecl: Sendable {
    var name: Named
    var json: String
    var range: SourceRange
}

/// Everything one `.rules` file declares.
struct FileAST: Sendable {
    var file: Int
    var packName: Named?
    var version: (String, SourceRange)?
    var owner: String?
    var effective: EffectiveClause?
    var applies: Expr?
    var sources: [SourceDecl] = []
    var imports: [ImportDecl] = []
    var lets: [LetDecl] = []
    var rules: [RuleDecl] = []
    var tables: [TableDecl] = []
    var tests: [TestDecl] = []
    var fixtures: [FixtureDecl] = []

    init(file: Int) { self.file = file }
}
