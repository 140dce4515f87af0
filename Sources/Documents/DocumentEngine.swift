public import Foundation

/// Builds, validates, transforms and renders customs documents and labels.
///
/// Create one engine per process: it compiles every schema and template once. It is immutable and safe to share
/// between tasks; each call works on its own libxml2 document and contexts.
public final class DocumentEngine: Sendable {
    private let schemas: [DocumentKind: XMLSchema]
    private let templates: [String: XSLTStylesheet]
    private let catalogue: SharedXMLDocument
    /// Directory holding `Schemas/` and `Templates/`.
    public let resourceDirectory: String

    /// Loads all schemas and templates.
    /// - Parameter resourceDirectory: directory containing `Schemas/` and `Templates/`; found automatically when nil
    ///   (`BONDED_RESOURCES`, the working directory, the executable's ancestors, then the source checkout).
    /// - Throws: `DocumentError.resourceMissing`.
    public init(resourceDirectory: String? = nil) throws(DocumentError) {
        guard let root = resourceDirectory ?? Self.locateResources() else {
            throw DocumentError(.resourceMissing, "Schemas/ and Templates/ not found; set BONDED_RESOURCES")
        }
        self.resourceDirectory = root
        var schemas: [DocumentKind: XMLSchema] = [:]
        for kind in DocumentKind.allCases {
            schemas[kind] = try XMLSchema(path: root + "/Schemas/" + kind.schemaFile)
        }
        var templates: [String: XSLTStylesheet] = [:]
        for name in [
            "xml/ceb311.xsl", "xml/ceb621.xsl", "svg/cn22.xsl", "svg/cn23.xsl", "svg/invoice.xsl", "svg/label.xsl",
            "svg/dg-declaration.xsl",
            "zpl/label.xsl",
            "html/preview.xsl",
        ] {
            templates[name] = try XSLTStylesheet(path: root + "/Templates/" + name)
        }
        self.schemas = schemas
        self.templates = templates
        self.catalogue = try SharedXMLDocument(path: root + "/Templates/i18n/messages.xml")
    }

    static func locateResources() -> String? {
        let fm = FileManager.default
        func has(_ dir: String) -> Bool {
            fm.fileExists(atPath: dir + "/Schemas/h7.xsd") && fm.fileExists(atPath: dir + "/Templates/svg/label.xsl")
        }
        if let env = ProcessInfo.processInfo.environment["BONDED_RESOURCES"], has(env) { return env }
        if has(fm.currentDirectoryPath) { return fm.currentDirectoryPath }
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").standardizedFileURL
        candidates.append(executable.deletingLastPathComponent())
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        for start in candidates {
            var dir = start
            for _ in 0..<8 {
                if has(dir.path) { return dir.path }
                dir = dir.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Builds the document and validates it against its schema (fail closed).
    /// - Throws: `.missingData` with field-level issues, `.invalidCharacter`, or `.schemaInvalid`.
    public func document(_ kind: DocumentKind, for request: DocumentRequest) throws(DocumentError) -> XMLDocument {
        let root = try kind.build(request)
        var document = try XMLDocument(root: root, namespace: kind.messageTemplate == nil ? kind.namespace : nil)
        if let template = kind.messageTemplate {
            // Canonical data -> single-window message through the editable template, then the message's schema.
            document = try templates[template]!.transformToDocument(document)
        }
        try schemas[kind]!.validate(document)
        return document
    }

    /// The validated XML of a document, formatted.
    public func xml(_ kind: DocumentKind, for request: DocumentRequest) throws(DocumentError) -> String {
        try document(kind, for: request).serialized()
    }

    /// A CEB message with an enveloped XML signature, validated before and after signing.
    /// - Throws: `DocumentError.invalidRequest` for kinds other than `ceb311`/`ceb621`, plus build/validation errors.
    public func signedXML(_ kind: DocumentKind, for request: DocumentRequest, signer: XMLSigner)
        throws(DocumentError) -> String
    {
        guard kind == .ceb311 || kind == .ceb621 else {
            throw DocumentError(.invalidRequest, "only CEB messages are signed")
        }
        let signed = try signer.sign(xml(kind, for: request))
        try schemas[kind]!.validate(XMLDocument(parsing: signed, keepBlanks: true))
        return signed
    }

    /// Validates arbitrary XML text against the schema of `kind` (for inbound or stored documents).
    public func validate(xml text: String, as kind: DocumentKind) throws(DocumentError) {
        try schemas[kind]!.validate(XMLDocument(parsing: text))
    }

    /// Produces `kind` in `format`. SVG/HTML/ZPL/XML are UTF-8 text; PDF/PNG are rendered from the SVG.
    /// - Parameters:
    ///   - language: catalogue language; the destination's language when nil. CN23 and invoices add English.
    /// - Throws: `DocumentError`; nothing is returned for invalid data.
    public func output(
        _ kind: DocumentKind, for request: DocumentRequest, format: OutputFormat,
        language: DocumentLanguage? = nil
    ) throws(DocumentError) -> Data {
        let document = try document(kind, for: request)
        let language = language ?? DocumentLanguage(destination: request.to)
        switch format {
        case .xml:
            return Data(document.serialized().utf8)
        case .html:
            return Data(try transform(document, "html/preview.xsl", kind: kind, language: language).utf8)
        case .zpl:
            guard kind == .label else {
                throw DocumentError(.invalidRequest, "ZPL is available for labels only")
            }
            return Data(try transform(document, "zpl/label.xsl", kind: kind, language: language).utf8)
        case .svg, .pdf, .png:
            guard let template = kind.svgTemplate else {
                throw DocumentError(.invalidRequest, "\(kind.rawValue) has no printable form; use xml or html")
            }
            let svg = try transform(document, template, kind: kind, language: language)
            switch format {
            case .pdf: return try SVGRenderer.pdf(svg: svg)
            case .png: return try SVGRenderer.png(svg: svg, scale: 2)
            default: return Data(svg.utf8)
            }
        }
    }

    private func transform(
        _ document: XMLDocument, _ template: String, kind: DocumentKind,
        language: DocumentLanguage
    ) throws(DocumentError) -> String {
        let second = kind.isBilingual && language != .en ? "en" : ""
        return try templates[template]!.transform(
            document,
            parameters: [
                "lang": language.rawValue, "lang2": second, "kind": kind.rawValue,
                "font": language == .ja ? "Noto Sans CJK JP" : "Noto Sans CJK SC",
            ], shared: [catalogue])
    }
}
