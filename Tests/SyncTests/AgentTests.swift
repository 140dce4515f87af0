import BondedTesting
import ComplianceEngine
import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// The sync agent against a real centre over a loopback proxy that drops, resets, delays and duplicates.
@Suite("Sync agent over a faulty link")
struct AgentTests {
    static let warehouse = "DE-EDGE2"

    @Test(
        "an edge working through outages converges: every operation once, equal heads", arguments: TestBackend.allCases)
    func convergesThroughFaults(backend: TestBackend) async throws {
        try await withTestStore(.sqlite) { edgeTest in
            try await withTestStore(backend) { centreTest in
                let edge = try #require(edgeTest.store as? any ReplicaStore)
                let centre = try #require(centreTest.store as? any ReplicaStore)
                try await SyncFixture.seedMaster(centre, warehouse: Self.warehouse)
                let server = try await SyncServer.start(store: centre)
                let proxy = try FaultProxy(
                    upstreamPort: server.port, seed: 11,
                    schedule: .init(drop: 120, resetAfterRequest: 150, delay: 100, duplicate: 150, maximumDelay: 150))
                let rulesDirectory = edgeTest.sqlitePath! + "-rules"
                let packs = PackSetStore()
                let agent = SyncAgent(
                    store: edge,
                    client: SyncClient(
                        central: URL(string: "http://127.0.0.1:\(proxy.port)")!, token: server.token, timeout: 30,
                        reuseConnections: false),
                    configuration: SyncConfiguration(node: "edge-test", warehouses: [Self.warehouse], batchSize: 40),
                    rules: RuleMirror(directory: rulesDirectory, packs: packs))
                // A fresh edge has nothing: the first successful round brings master data and rules.
                proxy.schedule = .clean
                for attempt in 1...5 {  // a busy machine (the whole suite in parallel) may time the first pull out
                    do {
                        try await agent.round()
                        break
                    } catch where attempt < 5 {}
                }
                #expect(try await edge.warehouse(Self.warehouse) != nil)
                #expect(try await edge.locations(warehouse: Self.warehouse).count == SyncFixture.locations.count)
                #expect(try await edge.lot(sku: "SYNC-LOT", lot: "L2") != nil)
                #expect(packs.current != nil)
                #expect(FileManager.default.fileExists(atPath: rulesDirectory))

                proxy.schedule = .init(drop: 120, resetAfterRequest: 150, delay: 100, duplicate: 150, maximumDelay: 150)
                var worker = SyncFixture.Operator(warehouse: Self.warehouse, seed: 5)
                var random = SplitMix(17)
                var failures = 0
                for step in 0..<30 {
                    proxy.online = random.next() % 4 != 0  // a quarter of the time the link is down
                    for _ in 0..<12 { try await worker.act(on: edge) }  // never refused: the edge is local
                    do { try await agent.round() } catch { failures += 1 }
                    if step % 7 == 6 { proxy.online = false }
                }
                proxy.online = true
                proxy.schedule = .clean
                var converged = false
                for _ in 0..<20 where !converged {
                    do {
                        try await agent.round()
                        converged = try await SyncStatus.read(store: edge).allSatisfy(\.inSync)
                    } catch {}
                }
                #expect(converged)
                #expect(failures > 0, "the schedule should have broken some rounds")
                let counters = proxy.counters
                #expect(
                    counters.dropped > 0 && counters.reset > 0 && counters.duplicated > 0 && counters.refused > 0,
                    "\(counters)")

                let edgeHead = try await edge.chainHead(warehouse: Self.warehouse)
                #expect(try await centre.chainHead(warehouse: Self.warehouse) == edgeHead)
                let applied = try await centre.entries(warehouse: Self.warehouse, after: 0, limit: 100_000)
                var legs: [String: Int] = [:]
                for entry in applied { legs[entry.clientOperationID, default: 0] += 1 }
                #expect(legs == worker.done, "every edge operation exactly once at the centre")
                #expect(try await LedgerVerifier(store: centre).verify(warehouse: Self.warehouse).isValid)
                #expect(try await LedgerVerifier(store: edge).verify(warehouse: Self.warehouse).isValid)

                // The edge's own API reports the status.
                let edgeServer = try await SyncServer.start(store: edge, rulesDirectory: rulesDirectory)
                let statuses = try await edgeServer.get("/v1/sync/status", as: [SyncStatus].self)
                #expect(statuses.map(\.warehouse) == [Self.warehouse])
                #expect(statuses.first?.pending == 0)
                #expect(statuses.first?.inSync == true)
                #expect(statuses.first?.localHead == edgeHead)
                await edgeServer.stop()
                proxy.stop()
                await server.stop()
            }
        }
    }
}
