public import Foundation
public import HTTPTypes

/// An API failure rendered as RFC 9457 problem details (`application/problem+json`).
public struct Problem: Error, Sendable, Hashable, Codable {
    /// A URI reference naming the kind of problem: `/problems/<code>`.
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    /// The JSON path of the offending field (`lines[0].quantity`), when there is one.
    public var field: String?
    /// The offending value, when it is safe and helpful to echo it.
    public var value: String?
    /// Further issues (every bad cell of an import, every document field), when there are several.
    public var issues: [Issue]?

    /// One of several issues.
    public struct Issue: Sendable, Hashable, Codable {
        public var field: String
        public var detail: String
    }

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, code: String, _ detail: String, field: String? = nil, value: String? = nil,
        issues: [Issue]? = nil
    ) {
        self.type = "/problems/\(code)"
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.field = field.map(Problem.fieldPath)
        self.value = value
        self.issues = issues
    }

    /// `$.lines[0].quantity` → `lines[0].quantity`.
    static func fieldPath(_ path: String) -> String {
        var text = Substring(path)
        if text.hasPrefix("$") { text = text.dropFirst() }
        if text.hasPrefix(".") { text = text.dropFirst() }
        return String(text)
    }

    static func notFound(_ what: String, field: String? = nil, value: String? = nil) -> Problem {
        Problem(.notFound, code: "not-found", "\(what) not found", field: field, value: value)
    }

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, code: "forbidden", detail) }

    static func invalid(_ field: String, _ detail: String, value: String? = nil) -> Problem {
        Problem(.badRequest, code: "invalid-field", detail, field: field, value: value)
    }
}
