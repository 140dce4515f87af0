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
            let nodePointer = node.assumingMemoryBound(to: xmlNode.self)
            if let raw = xmlGetNodePath(nodePointer) {
                path = String(cString: raw)
                bonded_xml_free(raw)
            }
        }
        let message = error.message.map { String(cString: $0).trimmingWhitespace() } ?? "unknown libxml2 error"
        issues.append(DocumentIssue(path: path, line: error.line > 0 ? Int(error.line) : nil, message: message))
    }

    /// Runs `body` with this collector installed as the thread's structured error handler.
    func capturing<T>(_ body: () throws -> T) rethrows -> T {
        xmlSetStructuredErrorFunc(opaque, XMLErrorCollector.structuredHandler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try withExtendedLifetime(self) { try body() }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        return String(scalars)
    }
}
