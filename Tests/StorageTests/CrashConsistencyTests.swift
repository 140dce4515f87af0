import BondedTesting
import Foundation
import Testing
import WMSCore

/// Kills a writing `bonded` process with SIGKILL at random moments and checks the ledger after each kill.
@Suite("Crash consistency")
struct CrashConsistencyTests {
    static var bondedExecutable: URL {
        // Tests/StorageTests/ThisFile.swift → package root → .build/debug/bonded (built by `swift test`).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/bonded")
    }

    @Test("kill -9 of a writer mid-write leaves ledger and projections consistent", arguments: TestBackend.allCases)
    func killWriter(backend: TestBackend) async throws {
        let executable = Self.bondedExecutable
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "build the CLI first (swift build); missing \(executable.path)")
        try await withTestStore(backend) { test in
            var generator = SeededGenerator(seed: 99)
            var lastSequence: Int64 = 0
            for round in 0..<6 {
                let process = Process()
                process.executableURL = executable
                process.arguments = [
                    "ledger", "simulate", "--database", test.address, "--operations", "1000000",
                    "--seed", String(round + 1), "--prefix", "crash-\(round)",
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                // Wait until it is writing (its start-up time varies with load), then kill it without warning
                // at a random moment.
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline {
                    var written: Int64 = 0
                    for warehouse in DemoNetwork.warehouses {
                        written += try await test.store.chainHead(warehouse: warehouse.code).sequence
                    }
                    if written > lastSequence + 20 { break }
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
                let delay = UInt64.random(in: 0...300, using: &generator)
                try await Task.sleep(nanoseconds: delay * 1_000_000)
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                #expect(process.terminationReason == .uncaughtSignal, "the writer finished before it was killed")
                var heads: [Int64] = []
                for warehouse in DemoNetwork.warehouses {
                    let report = try await LedgerVerifier(store: test.store).verify(warehouse: warehouse.code)
                    #expect(report.isValid, "round \(round): \(report)")
                    heads.append(report.head.sequence)
                }
                let total = heads.reduce(0, +)
                #expect(total > lastSequence, "round \(round) wrote nothing before the kill")
                lastSequence = total
            }
        }
    }
}
