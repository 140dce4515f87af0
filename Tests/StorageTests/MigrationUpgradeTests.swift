import BondedTesting
import Foundation
import Testing
import WMSCore

@testable import Storage

/// Version 2 rebuilds (SQLite) or re-constrains (PostgreSQL) the ledger table, and version 3 swaps PostgreSQL's
/// kind/bucket checks for one function: a version-1 database with entries must come through every later version
/// with every entry, its hash chain and its projections intact, and accept adjustments after.
@Suite("Migration 1 → latest on a database with entries")
struct MigrationUpgradeTests {
    @Test("entries, chain and projections survive; adjustments are accepted after", arguments: TestBackend.allCases)
    func upgrade(_ backend: TestBackend) async throws {
        let store: any Store
        var cleanup: @Sendable () async -> Void = {}
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "bonded-upgrade-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let sqlite = try SQLiteStore(path: directory.appendingPathComponent("v1.sqlite").path)
            try await sqlite.executeRaw(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL);"
                    + Migrations.sqlite[0].sql + ";INSERT INTO schema_migrations VALUES (1, 'v1', 0);")
            store = sqlite
            cleanup = { try? FileManager.default.removeItem(at: directory) }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["BONDED_TEST_POSTGRES_URL"], !url.isEmpty else {
                throw WMSError(.configuration, field: "BONDED_TEST_POSTGRES_URL", "PostgreSQL tests need a server")
            }
            let schema = "u_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let postgres = try PostgresStore(url: url, schema: schema)
            try await postgres.executeRaw("CREATE SCHEMA \(schema)")
            try await postgres.executeRaw(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now());"
                    + Migrations.postgres[0].sql + ";INSERT INTO schema_migrations (version, name) VALUES (1, 'v1');")
            store = postgres
            cleanup = { try? await postgres.dropSchema() }
        }
        do {
            #expect(try await store.schemaVersion() == 1)
            for warehouse in DemoNetwork.warehouses { try await store.save(warehouse) }
            for warehouse in DemoNetwork.warehouses {
                for location in DemoNetwork.locations(of: warehouse.code) { try await store.save(location) }
            }
            for product in DemoNetwork.products { try await store.save(product) }
            for lot in DemoNetwork.lots { try await store.save(lot) }
            for posting in DemoNetwork.openingPostings() { _ = try await store.post(posting) }
            let before = try await store.entries(warehouse: "DE-FRA1", after: 0, limit: 1_000)
            try await store.migrate()
            #expect(try await store.schemaVersion() == Migrations.sqlite.last?.version)
            #expect(try await store.entries(warehouse: "DE-FRA1", after: 0, limit: 1_000) == before)
            let balance = try #require(
                try await store.balances(warehouse: "DE-FRA1", sku: "TSHIRT-BLK-M").first {
                    !$0.location.isEmpty && $0.bucket == .available
                })
            _ = try await store.post(
                Posting(
                    clientOperationID: "upgrade-adjust", warehouse: "DE-FRA1", actor: "t",
                    movements: [
                        .adjustment(sku: balance.sku, delta: -1, at: balance.location, reason: "count-loss"),
                        .adjustment(sku: balance.sku, delta: 3, at: balance.location, reason: "count-gain"),
                    ]))
            #expect(
                try await store.balances(warehouse: "DE-FRA1", sku: "TSHIRT-BLK-M").first {
                    $0.location == balance.location && $0.bucket == .available
                }?.quantity == balance.quantity + 2)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: "DE-FRA1").isValid)
            await #expect(throws: (any Error).self) {
                try await (store as? SQLiteStore)?.executeRaw("DELETE FROM ledger_entries")
                try await (store as? PostgresStore)?.executeRaw("DELETE FROM ledger_entries")
            }
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    /// Branches add migrations side by side, so a database may hold a later version without an earlier one that
    /// merged after it: the runner applies every migration it has not recorded, not only those above the maximum.
    @Test("a migration missing below the latest applied version is still applied")
    func gap() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-gap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("gap.sqlite").path)
        let skipped = try #require(Migrations.sqlite.dropLast().last)
        try await store.executeRaw(Migrations.sqliteScript(Migrations.sqlite.filter { $0.version != skipped.version }))
        try await store.migrate()
        try await store.executeRaw("CREATE TABLE recorded AS SELECT version FROM schema_migrations")
        let versions = try await store.run { db in try db.query("SELECT version FROM recorded").map { $0.int(0) } }
        #expect(Set(versions) == Set(Migrations.sqlite.map { Int64($0.version) }))
        // Applying again changes nothing and does not fail.
        try await store.migrate()
        #expect(try await store.schemaVersion() == Migrations.sqlite.last?.version)
    }
}
