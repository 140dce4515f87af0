public import ComplianceEngine
internal import Foundation

/// Keeps an edge's rule packs equal to the centre's: writes pulled files into the edge's rules directory and
/// activates them, so compliance checks keep working offline with the same rules.
public struct RuleMirror: Sendable {
    public let directory: String
    public let packs: PackSetStore

    public init(directory: String, packs: PackSetStore) {
        self.directory = directory
        self.packs = packs
    }

    /// Compiles `files`; when they have no errors, activates them and replaces the directory's rule files.
    /// Returns whether they were activated.
    public func activate(_ files: [RuleFile]) throws -> Bool {
        for file in files where file.path.hasPrefix("/") || file.path.split(separator: "/").contains("..") {
            throw SyncError(.payload, "rule file path '\(file.path)' leaves the rules directory")
        }
        let sources = files.map { SourceFile(path: directory + "/" + $0.path, text: $0.text) }
        guard PackSet.compile(sources).packSet != nil else { return false }
        let manager = FileManager.default
        if let existing = try? RuleFiles.read(directory: directory) {
            let wanted = Set(sources.map(\.path))
            for file in existing where !wanted.contains(file.path) { try? manager.removeItem(atPath: file.path) }
        }
        for source in sources {
            let url = URL(fileURLWithPath: source.path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(source.text.utf8).write(to: url, options: .atomic)
        }
        packs.reload(sources)
        return true
    }
}
