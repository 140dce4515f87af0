/// One bad cell of an import: the row (1-based, the header is row 1), the column, the value and what is wrong.
public struct ImportIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var value: String
    public var message: String

    public init(row: Int, column: String, value: String, message: String) {
        self.row = row
        self.column = column
        self.value = value
        self.message = message
    }

    public var description: String { "row \(row), column \(column): \(message) (value '\(value)')" }
}

/// An error of a warehouse flow (receiving, putaway, counts, moves, transfers, destruction): what is wrong, the
/// field and value, and for a compliance refusal the rule and its cited source.
///
/// Equality compares the code only. `description` is safe to log (no values); `debugDescription` has the detail.
public struct FlowError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable, Codable {
        case invalidRequest = "invalid-request"
        case importRejected = "import-rejected"
        case unknownDocument = "unknown-document"
        case transitionNotAllowed = "transition-not-allowed"
        case overReceipt = "over-receipt"
        case customsHold = "customs-hold"
        case wrongLocation = "wrong-location"
        case locationFrozen = "location-frozen"
        case forbiddenPlacement = "forbidden-placement"
        case noLocation = "no-location"
        case countIncomplete = "count-incomplete"
        case complianceHold = "compliance-hold"
        case destructionBlocked = "destruction-blocked"
        case missingEvidence = "missing-evidence"
    }

    public let code: Code
    public let field: String?
    public let value: String?
    public let message: String
    /// The rule that refused the operation (`pack.rule`), for compliance refusals.
    public let rule: String?
    /// The legal source the rule cites.
    public let source: String?
    /// Every bad cell of a rejected import.
    public let issues: [ImportIssue]

    public init(
        _ code: Code, field: String? = nil, value: String? = nil, _ message: String, rule: String? = nil,
        source: String? = nil, issues: [ImportIssue] = []
    ) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
        self.rule = rule
        self.source = source
        self.issues = issues
    }

    public static func == (lhs: FlowError, rhs: FlowError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var text = code.rawValue
        if let field { text += ": \(field)" }
        text += ": \(message)"
        if let rule { text += " [rule \(rule)" + (source.map { "; source \($0)" } ?? "") + "]" }
        return text
    }

    public var debugDescription: String {
        var text = description
        if let value { text += " (value: \(value))" }
        for issue in issues.prefix(50) { text += "\n  \(issue)" }
        if issues.count > 50 { text += "\n  … and \(issues.count - 50) more" }
        return text
    }
}
