internal import CLibXML2
internal import CLibXSLT

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A compiled XSLT 1.0 stylesheet (EXSLT available). Shared read-only; each transform gets its own context.
public final class XSLTStylesheet: @unchecked Sendable {  // unchecked: compiled stylesheets are immutable after init.
    private let stylesheet: xsltStylesheetPtr
    /// File the stylesheet was loaded from.
    public let path: String

    /// Loads and compiles the stylesheet at `path`; `xsl:include`/`document()` resolve relative to it.
    /// - Throws: `DocumentError.resourceMissing`.
    public init(path: String) throws(DocumentError) {
        XMLRuntime.ensureInitialised()
        let collector = XMLErrorCollector()
        let compiled: xsltStylesheetPtr? = collector.capturing { xsltParseStylesheetFile(path) }
        guard let compiled else {
            throw DocumentError(.resourceMissing, "stylesheet could not be compiled", issues: collector.issues)
        }
        self.stylesheet = compiled
        self.path = path
    }

    deinit { xsltFreeStylesheet(stylesheet) }

    /// Applies the stylesheet and returns the serialised result (per `xsl:output`).
    /// - Parameters:
    ///   - document: the input.
    ///   - parameters: string parameters, passed as literal strings (no XPath quoting needed).
    /// - Throws: `DocumentError.transformFailed` with libxslt's messages (including `xsl:message terminate="yes"`).
    public func transform(_ document: XMLDocument, parameters: [String: String] = [:]) throws(DocumentError) -> String {
        try transform(document, parameters: parameters, shared: [])
    }

    /// As `transform(_:parameters:)`, with documents that `document()` calls resolve to without reading files.
    func transform(_ document: XMLDocument, parameters: [String: String], shared: [SharedXMLDocument])
        throws(DocumentError) -> String
    {
        try apply(document, parameters: parameters, shared: shared) { result in
            var buffer: UnsafeMutablePointer<xmlChar>? = nil
            var length: Int32 = 0
            guard xsltSaveResultToString(&buffer, &length, result, stylesheet) == 0 else { return nil }
            guard let buffer else { return "" }
            defer { bonded_xml_free(buffer) }
            return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
        }
    }

    /// Applies the stylesheet and returns the result tree as a document (for XML-to-XML mappings that are
    /// validated next, without serialising and re-parsing).
    func transformToDocument(_ document: XMLDocument, parameters: [String: String] = [:])
        throws(DocumentError) -> XMLDocument
    {
        let pointer: xmlDocPtr = try apply(document, parameters: parameters, shared: []) { result in
            xmlCopyDoc(result, 1)
        }
        return XMLDocument(owning: pointer)
    }

    /// Runs one transform with its own context, hands the result to `consume` and frees it.
    private func apply<T>(
        _ document: XMLDocument, parameters: [String: String], shared: [SharedXMLDocument],
        consume: (xmlDocPtr) -> T?
    ) throws(DocumentError) -> T {
        let collector = XMLErrorCollector()
        let output: T? = collector.capturing {
            guard let context = xsltNewTransformContext(stylesheet, document.pointer) else { return nil }
            defer { xsltFreeTransformContext(context) }
            for sharedDocument in shared { _ = bonded_xslt_add_shared_document(context, sharedDocument.pointer) }
            var sink = bonded_xslt_sink(context: collector.opaque, callback: XMLErrorCollector.messageHandler)
            return withUnsafeMutablePointer(to: &sink) { sinkPointer -> T? in
                bonded_xslt_set_error_sink(context, sinkPointer)
                let result = Self.withCStringArray(parameters) { params in
                    _ = xsltQuoteUserParams(context, params)
                    return xsltApplyStylesheetUser(stylesheet, document.pointer, nil, nil, nil, context)
                }
                guard let result else { return nil }
                defer { xmlFreeDoc(result) }
                if bonded_xslt_failed(context) != 0 { return nil }
                return consume(result)
            }
        }
        guard let output, collector.issues.isEmpty else {
            throw DocumentError(
                .transformFailed, "XSLT transform failed",
                issues: collector.issues.isEmpty
                    ? [DocumentIssue(path: path, message: "transform produced no result")] : collector.issues)
        }
        return output
    }

    /// Builds a NULL-terminated `[name, value, name, value, …]` C array valid during `body`.
    private static func withCStringArray<T>(
        _ parameters: [String: String],
        _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>) -> T
    ) -> T {
        var owned: [UnsafeMutablePointer<CChar>] = []
        for (name, value) in parameters.sorted(by: { $0.key < $1.key }) {
            owned.append(strdup(name)!)
            owned.append(strdup(value)!)
        }
        defer { owned.forEach { free($0) } }
        var array: [UnsafePointer<CChar>?] = owned.map { UnsafePointer($0) }
        array.append(nil)
        return array.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

/// A parsed document shared read-only by concurrent transforms (the message catalogue). Its URL is the file path, which
/// is what libxslt resolves `document('i18n/messages.xml')` to; element order indexes are computed once at load.
final class SharedXMLDocument: @unchecked Sendable {  // unchecked: never mutated after init; libxslt only reads it.
    let pointer: xmlDocPtr

    init(path: String) throws(DocumentError) {
        XMLRuntime.ensureInitialised()
        let collector = XMLErrorCollector()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue)
        let parsed: xmlDocPtr? = collector.capturing { xmlReadFile(path, "UTF-8", options) }
        guard let parsed, collector.issues.isEmpty else {
            if let parsed { xmlFreeDoc(parsed) }
            throw DocumentError(.resourceMissing, "shared document could not be read", issues: collector.issues)
        }
        xmlXPathOrderDocElems(parsed)
        self.pointer = parsed
    }

    deinit { xmlFreeDoc(pointer) }
}
