import Foundation
import Testing
import WMSCore

@testable import Storage

/// The SQLite store copies its write-ahead log into the database file on a background connection (not inside a
/// writer's commit), and nothing committed is lost by it.
@Suite("SQLite: background WAL checkpoints")
struct WALCheckpointTests {
    @Test("the log is checkpointed in the background while postings go on; every entry survives a reopen")
    func background() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonded-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wal.sqlite").path
        let frames: Int32 = 64
        let postings = 600
        do {
            let store = try SQLiteStore(path: path, checkpointFrames: frames)
            try await store.migrate()
            try await LedgerContractTests.seed(store)
            for index in 0..<postings {
                _ = try await LedgerContractTests.receive(
                    store, "wal-\(index)", quantity: 1, location: index.isMultiple(of: 2) ? "A-1" : "A-2")
            }
            let statistics = store.walCheckpoints()
            // Each posting writes several frames, so the threshold was crossed many times; the checkpoints ran on
            // the checkpointer's connection and copied frames into the database file.
            #expect(statistics.runs >= 2, "\(statistics)")
            #expect(statistics.framesCopied >= Int(frames), "\(statistics)")
            // The log is reset after a complete checkpoint: it stays near the threshold, far below what 600
            // postings write (several 4 KB frames each), and never reaches the writer's own backstop.
            let log = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
            #expect(log < Int(frames) * 4 * 4_200, "WAL is \(log) bytes")
        }
        // A new store on the same file (the first one closed) sees every entry, chain and projection intact.
        let reopened = try SQLiteStore(path: path)
        let report = try await LedgerVerifier(store: reopened).verify(warehouse: LedgerContractTests.warehouse)
        #expect(report.isValid, "\(report)")
        #expect(report.entriesChecked == Int64(postings))
        let available = try await reopened.stockLevels(warehouse: LedgerContractTests.warehouse, sku: "SKU-1")
        #expect(available.reduce(0) { $0 + $1.available } == Int64(postings))
    }
}
