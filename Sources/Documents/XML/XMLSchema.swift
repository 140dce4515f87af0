internal import CLibXML2

/// A compiled XSD. Compiled once and shared: libxml2 allows concurrent validation with separate contexts.
public final class XMLSchema: @unchecked Sendable {  // unchecked: the compiled schema is never mutated after init.
    private let schema: xmlSchemaPtr
    /// File the schema was loaded from.
    public let path: String

    /// Loads and compiles the XSD at `path` (imports/includes resolve relative to it).
    /// - Throws: `DocumentError.resourceMissing` when the file is missing or not a valid schema.
    public init(path: String) throws(DocumentError) {
        XMLRuntime.ensureInitialised()
        let collector = XMLErrorCollector()
        let compiled: xmlSchemaPtr? = collector.capturing {
            guard let parser = xmlSchemaNewParserCtxt(path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(parser) }
            xmlSchemaSetParserStructuredErrors(parser, XMLErrorCollector.structuredHandler, collector.opaque)
            return xmlSchemaParse(parser)
        }
        guard let compiled else {
            throw DocumentError(.resourceMissing, "schema could not be compiled", issues: collector.issues)
        }
        self.schema = compiled
        self.path = path
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates `document`; returns the issues (empty when valid).
    public func issues(in document: XMLDocument) -> [DocumentIssue] {
        let collector = XMLErrorCollector()
        let result: Int32 = collector.capturing {
            guard let context = xmlSchemaNewValidCtxt(schema) else { return -1 }
            defer { xmlSchemaFreeValidCtxt(context) }
            xmlSchemaSetValidStructuredErrors(context, XMLErrorCollector.structuredHandler, collector.opaque)
            return xmlSchemaValidateDoc(context, document.pointer)
        }
        if result != 0 && collector.issues.isEmpty {
            return [DocumentIssue(path: "/", message: "schema validation failed (libxml2 code \(result))")]
        }
        return collector.issues
    }

    /// Validates `document`, failing closed.
    ///
    /// A tree built in memory has no line numbers, so on failure the document is serialised and re-parsed once to
    /// report lines as well as element paths.
    /// - Throws: `DocumentError.schemaInvalid` listing each element path, line and message.
    public func validate(_ document: XMLDocument) throws(DocumentError) {
        let found = issues(in: document)
        guard !found.isEmpty else { return }
        var detailed = found
        if found.contains(where: { $0.line == nil }), let reparsed = try? XMLDocument(parsing: document.serialized()) {
            let again = issues(in: reparsed)
            if !again.isEmpty { detailed = again }
        }
        throw DocumentError(.schemaInvalid, "document does not match its schema", issues: detailed)
    }
}
