/// One problem found in a request or a generated document: which field or element, where, and what.
public struct DocumentIssue: Sendable, Hashable, CustomStringConvertible {
    /// JSON path of the request field (`lines[0].hs`) or XPath of the XML element (`/H7Declaration/Item[1]/HS`).
    public var path: String
    /// Line in the serialised XML when the issue comes from schema validation; `nil` for request fields.
    public var line: Int?
    /// Human-readable explanation.
    public var message: String

    /// Creates an issue.
    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path) (line \(line)): \(message)" }
        return "\(path): \(message)"
    }
}

/// Error thrown by the Documents module. Equality compares the code only.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidCharacter, invalidName, malformedXML, schemaInvalid, missingData, invalidRequest
            case transformFailed, resourceMissing, renderFailed, barcodeFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A string contains a character that XML 1.0 forbids (for example U+0000 or U+001B).
        public static let invalidCharacter = Code(.invalidCharacter)
        /// An element or attribute name is not a valid XML name.
        public static let invalidName = Code(.invalidName)
        /// Input XML could not be parsed.
        public static let malformedXML = Code(.malformedXML)
        /// A document does not validate against its XSD.
        public static let schemaInvalid = Code(.schemaInvalid)
        /// Mandatory data for a document is missing or inconsistent.
        public static let missingData = Code(.missingData)
        /// The request JSON is malformed, has unknown fields or wrong types.
        public static let invalidRequest = Code(.invalidRequest)
        /// An XSLT transform failed.
        public static let transformFailed = Code(.transformFailed)
        /// A schema, template or catalogue file could not be loaded.
        public static let resourceMissing = Code(.resourceMissing)
        /// SVG could not be rendered to PDF/PNG.
        public static let renderFailed = Code(.renderFailed)
        /// A barcode or QR code could not be encoded.
        public static let barcodeFailed = Code(.barcodeFailed)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// Summary of the failure; may mention field paths but never field values.
    public let message: String
    /// Field-level or element-level details (these may contain customs data).
    public let issues: [DocumentIssue]
    /// Where in our source the error was raised.
    public let file: String
    /// Line in our source.
    public let line: Int

    init(_ code: Code, _ message: String, issues: [DocumentIssue] = [], file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.issues = issues
        self.file = file
        self.line = line
    }

    public static func == (lhs: DocumentError, rhs: DocumentError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Redacted: code, summary and the paths of the issues, no values.
    public var description: String {
        let paths = issues.map(\.path)
        return "DocumentError.\(code): \(message)" + (paths.isEmpty ? "" : " [\(paths.joined(separator: ", "))]")
    }

    /// Full detail, one issue per line.
    public var debugDescription: String {
        var text = "DocumentError.\(code): \(message) (at \(file):\(line))"
        for issue in issues { text += "\n  \(issue)" }
        return text
    }
}
