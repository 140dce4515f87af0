internal import CLibXML2

/// An XML document owned by libxml2. The pointer never leaves this type; use it within one task.
public final class XMLDocument {
    let pointer: xmlDocPtr

    /// Takes ownership of a libxml2 document (module-internal: results of transforms).
    init(owning pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    deinit { xmlFreeDoc(pointer) }

    /// Builds a document from a Swift element tree.
    /// - Parameters:
    ///   - root: the root element.
    ///   - namespace: namespace URI for every element (default namespace, no prefix), or nil.
    /// - Throws: `DocumentError.invalidCharacter` / `.invalidName` listing every offending path; nothing is built.
    public convenience init(root: XMLElement, namespace: String? = nil) throws(DocumentError) {
        XMLRuntime.ensureInitialised()
        let issues = root.characterIssues()
        if !issues.isEmpty {
            let onlyNames = issues.allSatisfy { $0.message.hasPrefix("invalid XML") }
            throw DocumentError(
                onlyNames ? .invalidName : .invalidCharacter,
                "document contains text that XML cannot carry", issues: issues)
        }
        guard let doc = xmlNewDoc("1.0") else { throw DocumentError(.malformedXML, "libxml2 could not allocate") }
        self.init(owning: doc)
        let rootNode = xmlNewDocNode(doc, nil, root.name, nil)!
        xmlDocSetRootElement(doc, rootNode)
        var ns: xmlNsPtr? = nil
        if let namespace { ns = xmlNewNs(rootNode, namespace, nil) }
        xmlSetNs(rootNode, ns)
        Self.fill(rootNode, from: root, ns: ns, doc: doc)
    }

    private static func fill(_ node: xmlNodePtr, from element: XMLElement, ns: xmlNsPtr?, doc: xmlDocPtr) {
        for attribute in element.attributes {
            xmlNewProp(node, attribute.name, attribute.value)
        }
        for child in element.children {
            switch child {
            case .text(let text):
                // xmlNewDocText stores raw text; escaping happens on serialisation.
                xmlAddChild(node, xmlNewDocText(doc, text))
            case .element(let sub):
                let subNode = xmlNewDocNode(doc, ns, sub.name, nil)!
                xmlAddChild(node, subNode)
                fill(subNode, from: sub, ns: ns, doc: doc)
            }
        }
    }

    /// Parses XML text. External entities and network access are disabled.
    /// - Throws: `DocumentError.malformedXML` with the parser's messages and lines.
    /// - Parameter keepBlanks: keep whitespace-only text (needed when the bytes are signed or compared exactly).
    public convenience init(parsing text: String, keepBlanks: Bool = false) throws(DocumentError) {
        XMLRuntime.ensureInitialised()
        let collector = XMLErrorCollector()
        let blanks = keepBlanks ? 0 : XML_PARSE_NOBLANKS.rawValue
        let options = Int32(XML_PARSE_NONET.rawValue | blanks | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = collector.capturing {
            var bytes = Array(text.utf8)
            let count = Int32(bytes.count)
            return bytes.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlReadMemory(chars, count, "input.xml", "UTF-8", options)
                }
            }
        }
        guard let doc, collector.issues.isEmpty else {
            if let doc { xmlFreeDoc(doc) }
            throw DocumentError(.malformedXML, "input is not well-formed XML", issues: collector.issues)
        }
        self.init(owning: doc)
    }

    /// Serialises as UTF-8 with an XML declaration; `formatted` indents elements (stable, used for golden files).
    public func serialized(formatted: Bool = true) -> String {
        var buffer: UnsafeMutablePointer<xmlChar>? = nil
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(pointer, &buffer, &size, "UTF-8", formatted ? 1 : 0)
        guard let buffer else { return "" }
        defer { bonded_xml_free(buffer) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(size)), as: UTF8.self)
    }

    /// Exclusive XML canonicalisation (C14N 1.0 without comments).
    public func canonical() -> String {
        var buffer: UnsafeMutablePointer<xmlChar>? = nil
        let size = xmlC14NDocDumpMemory(pointer, nil, Int32(XML_C14N_1_0.rawValue), nil, 0, &buffer)
        guard let buffer, size >= 0 else { return "" }
        defer { bonded_xml_free(buffer) }
        return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(size)), as: UTF8.self)
    }

    /// Name of the root element.
    public var rootName: String {
        guard let root = xmlDocGetRootElement(pointer), let name = root.pointee.name else { return "" }
        return String(cString: name)
    }
}
