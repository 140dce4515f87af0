public import Foundation

/// The compliance engine: assesses order lines against the active pack set. Pure and `Sendable`.
public struct ComplianceEngine: Sendable {
    public let packSet: PackSet

    public init(packSet: PackSet) { self.packSet = packSet }

    /// Assesses a request with the rules in force on `date` (its UTC calendar day).
    public func assess(_ request: AssessmentRequest, at date: Date) -> Assessment {
        packSet.assess(request, on: Day.utc(date))
    }

    /// Assesses a request with the rules in force on `day`.
    public func assess(_ request: AssessmentRequest, on day: Day, explain: Bool = true) -> Assessment {
        packSet.assess(request, on: day, explain: explain)
    }
}

extension Day {
    /// The UTC calendar day of an instant.
    public static func utc(_ date: Date) -> Day {
        let seconds = date.timeIntervalSince1970
        let days = (seconds / 86_400).rounded(.down)
        guard days.isFinite, abs(days) < 3_000_000 else { return Day(ordinal: 0) }
        return Day(ordinal: Int32(days))
    }
}

/// Holds the active pack set and swaps it atomically on reload. A reload with any error keeps the old set.
public final class PackSetStore: @unchecked Sendable {  // @unchecked: all state is guarded by `lock`
    private let lock = NSLock()
    private var active: PackSet?

    public init(_ initial: PackSet? = nil) { active = initial }

    /// The pack set in force now.
    public var current: PackSet? {
        lock.lock()
        defer { lock.unlock() }
        return active
    }

    /// Compiles `files`; activates the result only if it has no errors. Returns every diagnostic either way.
    @discardableResult
    public func reload(_ files: [SourceFile]) -> PackSet.LoadResult {
        let result = PackSet.compile(files)
        if let packSet = result.packSet {
            lock.lock()
            active = packSet
            lock.unlock()
        }
        return result
    }

    /// Reloads from a rules directory.
    @discardableResult
    public func reload(directory: String) -> PackSet.LoadResult {
        do {
            return reload(try RuleFiles.read(directory: directory))
        } catch {
            return PackSet.LoadResult(packSet: nil, diagnostics: [
                Diagnostic(id: "io", severity: .error, message: "\(error)", path: directory, line: 0, column: 0, excerpt: ""),
            ])
        }
    }
}

/// Reads `.rules` and `.csv` files under a rules directory (the engine's only file access, for the CLI and tests).
public enum RuleFiles {
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(directory: String) throws -> [SourceFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReadError(description: "no rules directory at '\(directory)'")
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var files: [SourceFile] = []
        guard let enumerator = manager.enumerator(atPath: base) else { return [] }
        for case let relative as String in enumerator where relative.hasSuffix(".rules") || relative.hasSuffix(".csv") {
            let path = base + "/" + relative
            guard let data = manager.contents(atPath: path) else { throw ReadError(description: "cannot read '\(path)'") }
            files.append(SourceFile(path: path, text: String(decoding: data, as: UTF8.self)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Loads and checks a rules directory.
    public static func load(directory: String) -> PackSet.LoadResult {
        PackSetStore().reload(directory: directory)
    }
}
