internal import CLibXML2
internal import CLibXSLT

/// One-time, thread-safe initialisation of libxml2, libxslt and EXSLT (Swift runs a `static let` initialiser once).
enum XMLRuntime {
    private static let initialised: Bool = {
        xmlInitParser()
        xsltInit()
        exsltRegisterAll()
        return true
    }()

    /// Call before any libxml2/libxslt use; cheap after the first call.
    static func ensureInitialised() {
        _ = initialised
    }
}

/// Collects libxml2 structured errors for one call. Passed to C as an unretained pointer and kept alive by the caller
/// with `withExtendedLifetime`.
final class XMLErrorCollector {
    var issues: [DocumentIssue] = []

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> XMLErrorCollector? {
        guard let pointer else { return nil }
        return Unmanaged<XMLErrorCollector>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// The C callback for `xmlSetStructuredErrorFunc` and `xmlSchemaSetValidStructuredErrors`.
    static let structuredHandler: xmlStructuredErrorFunc = { context, error in
        guard let collector = XMLErrorCollector.from(context), let error else { return }
        collector.record(error.pointee)
    }

    /// The C callback behind the libxslt sink.
    static let messageHandler: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = {
        context, message in
        guard let collector = XMLErrorCollector.from(context), let message else { return }
        let text = String(cString: message).trimmingWhitespace()
        if !text.isEmpty { collector.issues.append(DocumentIssue(path: "/", message: text)) }
    }

    private func record(_ error: xmlError) {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var path = "/"
        if let node = error.node {
            path = Self.elementPath(node.assumingMemoryBound(to: xmlNode.self))
        }
        let message = error.message.map { String(cString: $0).trimmingWhitespace() } ?? "unknown libxml2 error"
        issues.append(DocumentIssue(path: path, line: error.line > 0 ? Int(error.line) : nil, message: message))
    }

    /// `/Root/Child[2]/Leaf` by local names (namespace prefixes left out), with an index where siblings share a name.
    static func elementPath(_ node: xmlNodePtr) -> String {
        var parts: [String] = []
        var current: xmlNodePtr? = node
        while let element = current,
            element.pointee.type == XML_ELEMENT_NODE || element.pointee.type == XML_ATTRIBUTE_NODE
        {
            let name = element.pointee.name.map { String(cString: $0) } ?? "?"
            if element.pointee.type == XML_ATTRIBUTE_NODE {
                parts.append("@" + name)
                current = element.pointee.parent
                continue
            }
            var index = 1, total = 0
            var sibling = element.pointee.parent?.pointee.children
            while let s = sibling {
                if s.pointee.type == XML_ELEMENT_NODE, let n = s.pointee.name, xmlStrEqual(n, element.pointee.name) != 0
                {
                    total += 1
                    if s == element { index = total }
                }
                sibling = s.pointee.next
            }
            parts.append(total > 1 ? "\(name)[\(index)]" : name)
            current = element.pointee.parent
        }
        return "/" + parts.reversed().joined(separator: "/")
    }

    /// Runs `body` with this collector installed as the thread's structured error handler.
    /// The thread's previous handler (FoundationXML may have installed one) is restored afterwards.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        let previousHandler = __xmlStructuredError().pointee
        let previousContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(opaque, XMLErrorCollector.structuredHandler)
        defer { xmlSetStructuredErrorFunc(previousContext, previousHandler) }
        return try withExtendedLifetime(self) { try body() }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Fast path: nothing to trim when both ends are printable ASCII.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self
        }
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
