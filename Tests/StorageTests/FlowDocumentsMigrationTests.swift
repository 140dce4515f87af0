import Foundation
import Testing
import WMSCore

@testable import Storage

/// Version 8 rebuilds SQLite's `flow_documents` as a rowid table so that a document of a few KB stays on its leaf
/// page: a version-7 database with documents must come through with every row, version and index, no longer be
/// `WITHOUT ROWID`, and keep refusing stale saves.
@Suite("Migration 8: SQLite flow documents in a rowid table")
struct FlowDocumentsMigrationTests {
    /// JSON of about `bytes` bytes, the way the flows save orders and pick sessions.
    private static func json(_ bytes: Int, _ seed: Int) -> String {
        let lines = (0..<max(1, bytes / 40)).map { #"{"sku":"SKU-\#(seed)-\#($0)","quantity":\#($0 + 1)}"# }
        return #"{"lines":["# + lines.joined(separator: ",") + "]}"
    }

    private static func strings(_ store: SQLiteStore, _ sql: String) async throws -> [String] {
        try await store.run { db in try db.query(sql).map { $0.text(0) } }
    }

    private static func overflowPages(_ store: SQLiteStore) async throws -> Int64 {
        try await store.run { db in
            try db.query("SELECT count(*) FROM dbstat WHERE name = 'flow_documents' AND pagetype = 'overflow'")
                .first?.int(0) ?? -1
        }
    }

    @Test("rows, versions and indexes survive; the table has rowids; versioned saves still work")
    func rebuild() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-v8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("v7.sqlite").path)
        try await store.executeRaw(Migrations.sqliteScript(Migrations.sqlite.filter { $0.version <= 7 }))
        #expect(try await store.schemaVersion() == 7)

        // Documents of the sizes the order flow saves, some saved twice (version 2), in two warehouses and kinds.
        var saved: [FlowDocument] = []
        for (index, bytes) in [60, 900, 2_400, 3_200, 3_900].enumerated() {
            var document = try await store.saveDocument(
                FlowDocument(
                    warehouse: "DE-FRA1", kind: "order", id: "o-\(index)", status: "open",
                    data: Self.json(bytes, index)))
            if index.isMultiple(of: 2) {
                document.status = "picked"
                document = try await store.saveDocument(document)
            }
            saved.append(document)
        }
        saved.append(
            try await store.saveDocument(
                FlowDocument(warehouse: "US-LAX1", kind: "pick-session", id: "p-1", status: "open", data: "{}")))
        let updated =
            "SELECT kind || '/' || id || '@' || updated_at_ms FROM flow_documents ORDER BY warehouse, kind, id"
        let updatedBefore = try await Self.strings(store, updated)
        let tableSQL = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'flow_documents'"
        #expect(try await Self.strings(store, tableSQL).first?.contains("WITHOUT ROWID") == true)
        #expect(try await Self.overflowPages(store) > 0)

        try await store.migrate()
        #expect(try await store.schemaVersion() == Migrations.sqlite.last?.version)
        let sql = try #require(try await Self.strings(store, tableSQL).first)
        #expect(!sql.uppercased().contains("WITHOUT ROWID"))
        #expect(try await Self.strings(store, "SELECT count(rowid) FROM flow_documents") == ["\(saved.count)"])
        for document in saved {
            #expect(
                try await store.document(warehouse: document.warehouse, kind: document.kind, id: document.id)
                    == document)
        }
        #expect(try await Self.strings(store, updated) == updatedBefore)
        #expect(
            try await store.documents(warehouse: "DE-FRA1", kind: "order", status: "picked").map(\.id)
                == ["o-0", "o-2", "o-4"])
        // What the change is for: documents up to ~4 KB now sit on their leaf pages.
        #expect(try await Self.overflowPages(store) == 0)

        // Every index is back, on the same columns; the key is a UNIQUE constraint.
        let indexes = try await Self.strings(
            store,
            """
            SELECT l.name || '('
                || (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
                || ')' || (CASE WHEN l."unique" THEN ' unique' ELSE '' END)
            FROM pragma_index_list('flow_documents') l ORDER BY l.name
            """)
        #expect(
            indexes == [
                "flow_documents_status(warehouse,kind,status)",
                "flow_documents_updated(warehouse,kind,updated_at_ms)",
                "sqlite_autoindex_flow_documents_1(warehouse,kind,id) unique",
            ])
        await #expect(throws: (any Error).self) {
            try await store.executeRaw(
                "INSERT INTO flow_documents VALUES ('DE-FRA1', 'order', 'o-1', 'open', 1, '{}', 0)")
        }
        await #expect(throws: (any Error).self) {
            try await store.executeRaw("UPDATE flow_documents SET version = 0 WHERE id = 'o-1'")
        }

        // Optimistic versions: a stale save is refused, a current one goes up by one, a new one starts at 1.
        var order = try #require(saved.first)
        order.status = "packed"
        await #expect {
            var stale = order
            stale.version -= 1
            _ = try await store.saveDocument(stale)
        } throws: { error in
            (error as? WMSError)?.code == .operationConflict
        }
        await #expect {
            _ = try await store.saveDocument(
                FlowDocument(warehouse: "DE-FRA1", kind: "order", id: "o-3", status: "open", data: "{}"))
        } throws: { error in
            (error as? WMSError)?.code == .operationConflict
        }
        #expect(try await store.saveDocument(order).version == 3)
        let batch = try await store.saveDocuments([
            FlowDocument(warehouse: "DE-FRA1", kind: "order", id: "o-9", status: "open", data: Self.json(3_000, 9)),
            saved[1],
        ])
        #expect(batch.map(\.version) == [1, 2])
        #expect(try await store.document(warehouse: "DE-FRA1", kind: "order", id: "o-0")?.status == "packed")
        #expect(try await Self.strings(store, "SELECT count(*) FROM flow_documents") == ["\(saved.count + 1)"])
    }

    @Test("both backends list the same schema versions")
    func sameVersions() {
        #expect(Migrations.sqlite.map(\.version) == Migrations.postgres.map(\.version))
        #expect(Migrations.sqlite.map(\.version) == Array(1...(Migrations.sqlite.last?.version ?? 0)))
    }
}

extension Migrations {
    /// A script that applies `migrations` and records them as the runner would, to build a database at an older
    /// version (or with a gap) for the runner to upgrade.
    static func sqliteScript(_ migrations: [Migration]) -> String {
        var script = """
            CREATE TABLE schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL);

            """
        for migration in migrations {
            script += migration.sql + "\n;\nINSERT INTO schema_migrations VALUES (\(migration.version), 'x', 0);\n"
        }
        return script
    }
}
