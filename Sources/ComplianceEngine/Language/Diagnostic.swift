/// A problem found while loading rules, located in a file with line, column and a caret excerpt.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
        case note
    }

    /// A stable identifier for the kind of problem (e.g. `unknown-name`), for tooling and tests.
    public var id: String
    public var severity: Severity
    public var message: String
    public var path: String
    public var line: Int
    public var column: Int
    /// The offending source line and a caret line under it.
    public var excerpt: String

    /// `path:line:column: severity: message`.
    public var headline: String { "\(path):\(line):\(column): \(severity.rawValue): \(message)" }

    public var description: String { excerpt.isEmpty ? headline : headline + "\n" + excerpt }
}

/// Collects diagnostics for a set of source files.
struct DiagnosticSink {
    var files: [SourceFile]
    var diagnostics: [Diagnostic] = []

    init(files: [SourceFile]) { self.files = files }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func add(_ id: String, _ severity: Diagnostic.Severity, _ message: String, at range: SourceRange) {
        guard range.file >= 0, range.file < files.count else {
            diagnostics.append(Diagnostic(id: id, severity: severity, message: message, path: "<input>", line: 0, column: 0, excerpt: ""))
            return
        }
        let file = files[range.file]
        let (line, column) = file.lineColumn(range.start)
        let text = file.lineText(line)
        let lineLength = text.utf8.count
        let width = max(1, min(range.end - range.start, lineLength - column + 1))
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^" + String(repeating: "~", count: max(0, width - 1))
        diagnostics.append(
            Diagnostic(id: id, severity: severity, message: message, path: file.path, line: line, column: column,
                       excerpt: text + "\n" + caret))
    }

    mutating func error(_ id: String, _ message: String, at range: SourceRange) { add(id, .error, message, at: range) }
    mutating func warning(_ id: String, _ message: String, at range: SourceRange) { add(id, .warning, message, at: range) }
}

/// "Did you mean" suggestions by edit distance.
enum Suggest {
    static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        let limit = max(2, name.count / 3)
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func hint(_ name: String, _ candidates: some Sequence<String>) -> String {
        if let match = closest(to: name, in: candidates) { return " (did you mean '\(match)'?)" }
        return ""
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8.prefix(64)), b = Array(b.utf8.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
