import Documents
import Foundation
import Testing

/// Test fixtures, golden files and one shared engine.
enum Support {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = directory.deletingLastPathComponent().deletingLastPathComponent().path

    static let engine: DocumentEngine = {
        do { return try DocumentEngine(resourceDirectory: packageRoot) } catch { fatalError(String(reflecting: error)) }
    }()

    static func request(_ name: String) throws -> DocumentRequest {
        let data = try Data(contentsOf: directory.appendingPathComponent("Fixtures/\(name).json"))
        return try DocumentRequest.decode(json: data)
    }

    /// Compares `text` to `Golden/<name>`; with `BONDED_UPDATE_GOLDEN=1` writes it instead.
    static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["BONDED_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "golden \(name) differs", sourceLocation: sourceLocation)
    }

    /// The field issues of building `kind` from fixture `name` after `change` (recording a failure when it builds).
    static func issues(
        _ kind: DocumentKind, _ name: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ change: (inout DocumentRequest) -> Void
    ) throws -> [DocumentIssue] {
        var request = try self.request(name)
        change(&request)
        do {
            _ = try engine.document(kind, for: request)
            Issue.record("expected \(kind) to fail", sourceLocation: sourceLocation)
            return []
        } catch {
            #expect(error.code == .missingData, sourceLocation: sourceLocation)
            return error.issues
        }
    }

    /// Runs a command and returns (status, stdout, stderr).
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        } else {
            try process.run()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    static func tool(_ name: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"]
        where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        return nil
    }

    static func temporaryFile(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}
