import BondedTesting
import Foundation
import Storage
import Sync
import Testing
import WMSCore

@testable import Service

#if canImport(Glibc)
    import Glibc
#endif

/// The acceptance soak: a central `bonded serve` on PostgreSQL and three `bonded serve --edge` processes on
/// SQLite, each behind a fault proxy. Operators work at every edge while links are cut, traffic is dropped,
/// reset, delayed and duplicated, and edge and centre processes are killed with SIGKILL. At the end every
/// operation is applied exactly once at the centre, heads match and `bonded ledger verify` passes everywhere.
///
/// It runs 300 seeded steps (`BONDED_SYNC_SOAK_STEPS`), or for `BONDED_SYNC_SOAK_SECONDS` (`make soak-sync`: 600) and
/// `BONDED_SYNC_SOAK_SEED` the schedule.
@Suite("Sync soak: three edges, cut links, killed processes", .serialized)
struct SoakTests {
    @Test("every edge operation is applied exactly once at the centre")
    func soak() async throws {
        let environment = ProcessInfo.processInfo.environment
        // A fixed number of steps (each: operator actions at every edge, maybe a fault) keeps the seeded schedule
        // the same however loaded the machine is; BONDED_SYNC_SOAK_SECONDS runs by the clock instead.
        let seconds = Double(environment["BONDED_SYNC_SOAK_SECONDS"] ?? "")
        let steps = Int(environment["BONDED_SYNC_SOAK_STEPS"] ?? "") ?? 300
        let seed = UInt64(environment["BONDED_SYNC_SOAK_SEED"] ?? "") ?? 2026
        let warehouses = ["DE-SOAK1", "DE-SOAK2", "DE-SOAK3"]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonded-soak-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

        try await withTestStore(.postgres) { centreTest in
            let centre = try #require(centreTest.store as? any ReplicaStore)
            for warehouse in warehouses { try await SyncFixture.seedMaster(centre, warehouse: warehouse) }
            try await centre.save(
                User(
                    username: "edge-sync", role: .integration, warehouses: warehouses, passwordHash: "-",
                    createdAt: Date()))
            let token = TokenMaker.make()
            try await centre.save(
                APIToken(
                    tokenHash: TokenMaker.hex(TokenMaker.digest(token)), username: "edge-sync", name: "soak",
                    createdAt: Date(), expiresAt: nil))

            let centrePort = try NodeProcess.freePort()
            let centreNode = NodeProcess(
                name: "centre",
                arguments: [
                    "serve", "--database", centreTest.address, "--port", String(centrePort), "--rules",
                    SyncFixture.root + "/Rules",
                    "--resources", SyncFixture.root, "--log-level", "error",
                ], logDirectory: directory)
            try centreNode.start()
            var random = SplitMix(seed)
            var proxies: [FaultProxy] = []
            var edges: [NodeProcess] = []
            var stores: [SQLiteStore] = []
            var workers: [SyncFixture.Operator] = []
            defer {
                for edge in edges { edge.stop() }
                centreNode.stop()
                for proxy in proxies { proxy.stop() }
            }
            for (index, warehouse) in warehouses.enumerated() {
                let proxy = try FaultProxy(upstreamPort: centrePort, seed: seed &+ UInt64(index))
                proxies.append(proxy)
                let rules = directory + "/rules-\(index)"
                try FileManager.default.copyItem(atPath: SyncFixture.root + "/Rules", toPath: rules)
                let path = directory + "/edge-\(index).sqlite"
                let store = try SQLiteStore(path: path)
                try await store.migrate()
                stores.append(store)
                let edge = NodeProcess(
                    name: "edge-\(index)",
                    arguments: [
                        "serve", "--database", "sqlite:" + path, "--port", "0", "--rules", rules, "--resources",
                        SyncFixture.root,
                        "--log-level", "error", "--edge", "--central", "http://127.0.0.1:\(proxy.port)", "--token",
                        token,
                        "--edge-warehouse", warehouse, "--node", "edge-\(index)", "--sync-batch", "50",
                        "--sync-interval", "0.2",
                    ], logDirectory: directory)
                try edge.start()
                edges.append(edge)
                workers.append(
                    SyncFixture.Operator(warehouse: warehouse, seed: seed &* 31 &+ UInt64(index), prefix: "soak"))
            }
            // The edges pull their master data before the operators start.
            for (index, warehouse) in warehouses.enumerated() {
                try await Self.waitUntil(seconds: 60, "edge \(index) pulls its master data") {
                    try await stores[index].location(warehouse: warehouse, code: "B-02") != nil
                }
            }

            let faulty = FaultProxy.Schedule(
                drop: 80, resetAfterRequest: 120, delay: 100, duplicate: 120, maximumDelay: 300)
            for proxy in proxies { proxy.schedule = faulty }
            var refused = 0
            var refusals: [String] = []
            var edgeKills = 0
            var centreKills = 0
            var midBatchKills = 0
            let started = Date()
            let end = seconds.map { started.addingTimeInterval($0) }
            var step = 0
            while end.map({ Date() < $0 }) ?? (step < steps) {
                step += 1
                for index in warehouses.indices {
                    for _ in 0..<Int(1 + random.next() % 4) {
                        do {
                            try await workers[index].act(on: stores[index])
                        } catch {
                            refused += 1
                            refusals.append("\(error)")
                        }
                    }
                }
                switch random.next() % 40 {
                case 0, 1, 2:
                    let proxy = proxies[Int(random.next() % 3)]
                    proxy.online.toggle()
                case 3:
                    let index = Int(random.next() % 3)
                    if try await Self.pending(stores[index], warehouses[index]) > 0 { midBatchKills += 1 }
                    edges[index].kill9()
                    edgeKills += 1
                    try edges[index].start()
                case 4 where step > 20:
                    var pending: Int64 = 0
                    for index in warehouses.indices {
                        pending += try await Self.pending(stores[index], warehouses[index])
                    }
                    if pending > 0 { midBatchKills += 1 }
                    centreNode.kill9()
                    centreKills += 1
                    try await Task.sleep(for: .milliseconds(Int(random.next() % 500)))
                    try centreNode.start()
                default:
                    break
                }
                try await Task.sleep(for: .milliseconds(40))
            }
            if centreKills == 0 {
                centreNode.kill9()
                centreKills += 1
                try centreNode.start()
            }
            // Links back, faults off: the edges must converge on their own.
            for proxy in proxies {
                proxy.online = true
                proxy.schedule = .clean
            }
            for (index, warehouse) in warehouses.enumerated() {
                try await Self.waitUntil(seconds: 120, "edge \(index) converges") {
                    let head = try await stores[index].chainHead(warehouse: warehouse)
                    let centreHead = try await centre.chainHead(warehouse: warehouse)
                    let status = try await SyncStatus.read(store: stores[index], warehouses: [warehouse])
                    return centreHead == head && status.first?.inSync == true
                }
            }
            #expect(refused == 0, "no operator action is refused for lack of network: \(refusals)")
            #expect(edgeKills > 0 && centreKills > 0)
            #expect(midBatchKills > 0, "some kills hit a node with entries in flight")
            let faults = proxies.map(\.counters)
            let resets: Int = faults.reduce(0) { $0 + $1.reset }
            let duplicates: Int = faults.reduce(0) { $0 + $1.duplicated }
            let cut: Int = faults.reduce(0) { $0 + $1.refused + $1.dropped }
            #expect(resets > 0 && duplicates > 0 && cut > 0)
            var total = 0
            for (index, warehouse) in warehouses.enumerated() {
                let applied = try await centre.entries(warehouse: warehouse, after: 0, limit: 1_000_000)
                var legs: [String: Int] = [:]
                for entry in applied { legs[entry.clientOperationID, default: 0] += 1 }
                #expect(legs == workers[index].done, "\(warehouse): every operation exactly once")
                #expect(
                    try await centre.chainHead(warehouse: warehouse) == stores[index].chainHead(warehouse: warehouse))
                total += workers[index].done.count
            }
            #expect(total > 100)
            for edge in edges { edge.stop() }
            centreNode.stop()
            for address in [centreTest.address] + stores.map({ "sqlite:" + $0.path }) {
                let verify = try NodeProcess.run(["ledger", "verify", "--database", address])
                #expect(verify.status == 0, "bonded ledger verify --database \(address): \(verify.output)")
            }
            print(
                "soak: \(total) operations at 3 edges in \(step) steps, \(Int(Date().timeIntervalSince(started))) s; \(edgeKills) edge kills, \(centreKills) centre kills, "
                    + "\(midBatchKills) with entries pending; proxy faults \(faults)")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func pending(_ store: SQLiteStore, _ warehouse: String) async throws -> Int64 {
        try await SyncStatus.read(store: store, warehouses: [warehouse]).first?.pending ?? 0
    }

    static func waitUntil(seconds: Double, _ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? await condition()) == true { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out after \(seconds) s waiting until \(what)")
        throw CancellationError()
    }
}
