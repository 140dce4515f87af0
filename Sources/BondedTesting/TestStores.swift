import Foundation
import Storage
public import WMSCore

/// The backends every contract test runs on.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// A fresh, migrated, empty store for one test, and how to throw it away.
public struct TestStore: Sendable {
    public let store: any Store
    public let backend: TestBackend
    /// For SQLite, the database file (other processes may open it).
    public let sqlitePath: String?
    /// A `--database` address for the CLI that reaches the same data.
    public let address: String
    private let cleanup: @Sendable () async -> Void

    /// Runs raw SQL against the store (tampering tests).
    public func executeRaw(_ sql: String) async throws {
        switch store {
        case let sqlite as SQLiteStore: try await sqlite.executeRaw(sql)
        case let postgres as PostgresStore: try await postgres.executeRaw(sql)
        default: throw WMSError(.configuration, "unknown store type")
        }
    }

    /// Deletes the test's data.
    public func tearDown() async { await cleanup() }

    /// Creates an empty store on `backend`.
    ///
    /// PostgreSQL tests need `BONDED_TEST_POSTGRES_URL` (set by `make test`, which starts the server); each store
    /// lives in its own schema so tests run in parallel.
    public static func make(_ backend: TestBackend) async throws -> TestStore {
        let unique = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-test-\(unique)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("ledger.sqlite").path
            let store = try SQLiteStore(path: path)
            try await store.migrate()
            return TestStore(store: store, backend: backend, sqlitePath: path, address: "sqlite:\(path)") {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["BONDED_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw WMSError(
                    .configuration, field: "BONDED_TEST_POSTGRES_URL",
                    "PostgreSQL contract tests need a server: run `make test`, which starts one, or set BONDED_TEST_POSTGRES_URL"
                )
            }
            let schema = "t_\(unique)"
            let store = try PostgresStore(url: url, schema: schema, maxConnections: 16)
            try await store.migrate()
            let separator = url.contains("?") ? "&" : "?"
            let address = url + separator + "options=-csearch_path%3D\(schema)"
            return TestStore(store: store, backend: backend, sqlitePath: nil, address: address) {
                try? await store.dropSchema()
            }
        }
    }
}

/// Runs `body` with a fresh store and always tears it down.
public func withTestStore(
    _ backend: TestBackend, _ body: (TestStore) async throws -> Void
) async throws {
    let test = try await TestStore.make(backend)
    do {
        try await body(test)
    } catch {
        await test.tearDown()
        throw error
    }
    await test.tearDown()
}
