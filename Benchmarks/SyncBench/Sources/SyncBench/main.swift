// An edge node offline for a simulated 24 hours records 50,000 operations (receipts, moves, picks, counts) on
// SQLite; then its sync agent catches up with a central `BondedService` on PostgreSQL over loopback HTTP
// (deflated batches, hash chain checked, one transaction and one multi-row insert per batch). Prints the
// catch-up time and operations per second applied at the centre, next to the centre's own posting rate
// measured in the same run, and a RESULT line. Target: >= 5,000 operations/s applied at the centre.
import Foundation
import Logging
import Service
import Storage
import Sync
import WMSCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let operations = Int(ProcessInfo.processInfo.environment["SYNC_BENCH_OPERATIONS"] ?? "") ?? 50_000
let baselineOperations = min(operations, 5_000)
let batchSize = Int(ProcessInfo.processInfo.environment["SYNC_BENCH_BATCH"] ?? "") ?? 2_000
let target = 5_000.0
let edgeWarehouse = "EDGE-BENCH"
let centreWarehouse = "CENTRE-BENCH"

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func root() -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.path
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let locations = (1...40).map { String(format: "L-%03d", $0) }
let skus = (1...200).map { String(format: "SKU-%04d", $0) }

func seed(_ store: any Store, _ warehouse: String) async throws {
    try await store.save(
        Warehouse(
            code: warehouse, name: warehouse, country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
            languages: ["de"]))
    for code in locations {
        try await store.save(Location(warehouse: warehouse, code: code, zone: "A", zoneKind: .general))
    }
    for sku in skus where try await store.product(sku) == nil {
        try await store.save(Product(sku: sku, description: "bench \(sku)"))
    }
}

/// A seeded operator day: receipts, moves, picks and count adjustments over `span`, always within stock.
struct Workload {
    var random = SplitMix(state: 24)
    var held: [String: Int64] = [:]  // "location|sku" → available
    var keys: [String] = []

    mutating func posting(_ index: Int, warehouse: String, at date: Date) -> Posting {
        let roll = random.next() % 10
        let movement: Movement
        if keys.isEmpty || roll < 4 {
            let key = locations[Int(random.next() % 40)] + "|" + skus[Int(random.next() % 200)]
            let quantity = Int64(1 + random.next() % 50)
            add(key, quantity)
            let parts = key.split(separator: "|").map(String.init)
            movement = .receipt(
                sku: parts[1], quantity: quantity, to: StockPosition(location: parts[0], bucket: .available))
        } else {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            let parts = key.split(separator: "|").map(String.init)
            let have = held[key] ?? 0
            let quantity = Int64(1 + random.next() % UInt64(have))
            switch roll {
            case 4, 5, 6:
                let to = locations[Int(random.next() % 40)]
                let target = to == parts[0] ? locations[(locations.firstIndex(of: to)! + 1) % 40] : to
                add(key, -quantity)
                add(target + "|" + parts[1], quantity)
                movement = .transfer(
                    sku: parts[1], quantity: quantity, from: StockPosition(location: parts[0], bucket: .available),
                    to: StockPosition(location: target, bucket: .available), reason: "move")
            case 7, 8:
                add(key, -quantity)
                movement = .shipment(sku: parts[1], quantity: quantity, from: parts[0], reason: "pick")
            default:
                let delta: Int64 = random.next() % 2 == 0 ? 1 : -1
                add(key, delta)
                movement = .adjustment(sku: parts[1], delta: delta, at: parts[0], reason: "count")
            }
        }
        return Posting(
            clientOperationID: "\(warehouse)-op-\(index)", warehouse: warehouse, documentReference: "DOC-\(index)",
            actor: "operator", device: "scanner", movements: [movement], recordedAt: date)
    }

    private mutating func add(_ key: String, _ quantity: Int64) {
        let before = held[key] ?? 0
        let after = before + quantity
        held[key] = after
        if before == 0, after > 0 { keys.append(key) }
        if after == 0, let index = keys.firstIndex(of: key) { keys.swapAt(index, keys.count - 1); keys.removeLast() }
    }
}

func login(port: Int) async throws -> String {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/auth/login")!)
    request.httpMethod = "POST"
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(#"{"username":"admin","password":"\#(BondedService.demoPassword)"}"#.utf8)
    let (data, _) = try await URLSession.shared.data(for: request)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
        let token = object["token"] as? String
    else { throw SyncError(.configuration, "login failed: \(String(decoding: data, as: UTF8.self))") }
    return token
}

guard let url = ProcessInfo.processInfo.environment["BONDED_TEST_POSTGRES_URL"], !url.isEmpty else {
    print("SyncBench needs PostgreSQL: run `make bench-sync` (it starts one)")
    exit(1)
}
let clock = ContinuousClock()
let schema = "sync_bench_\(ProcessInfo.processInfo.processIdentifier)"
let centre = try PostgresStore(url: url, schema: schema, maxConnections: 8)
try await centre.migrate()
try await seed(centre, edgeWarehouse)
try await seed(centre, centreWarehouse)

// Baseline: the centre's own posting rate, one operation at a time, as a local client would post.
var baselineWork = Workload()
let start = Date(timeIntervalSince1970: 1_764_288_000)
let baselineTime = try await clock.measure {
    for index in 0..<baselineOperations {
        _ = try await centre.post(baselineWork.posting(index, warehouse: centreWarehouse, at: start))
    }
}
let baselineRate = Double(baselineOperations) / seconds(baselineTime)

// The edge: offline for 24 h, operations spread evenly over the day.
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-bench-\(schema)")
try? FileManager.default.removeItem(at: directory)
let edge = try SQLiteStore(path: directory.appendingPathComponent("edge.sqlite").path)
try await edge.migrate()
try await seed(edge, edgeWarehouse)
var work = Workload()
let step = 86_400.0 / Double(operations)
let edgeTime = try await clock.measure {
    for index in 0..<operations {
        _ = try await edge.post(
            work.posting(index, warehouse: edgeWarehouse, at: start.addingTimeInterval(Double(index) * step)))
    }
}
let edgeHead = try await edge.chainHead(warehouse: edgeWarehouse)

// The centre's HTTP service and the edge's agent.
var logger = Logger(label: "sync-bench")
logger.logLevel = .critical
let service = try BondedService(
    store: centre,
    configuration: ServiceConfiguration(
        host: "127.0.0.1", port: 0, rulesDirectory: root() + "/Rules", resourceDirectory: root(),
        bodyLimit: 32 << 20, passwordRounds: 1_000),
    logger: logger)
_ = try await service.seedDemoUsers()
let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
let app = service.application { channel in continuation.yield(channel.localAddress?.port ?? 0) }
let server = Task { try await app.runService() }
var port = 0
for await bound in ports {
    port = bound
    break
}
let token = try await login(port: port)
let agent = SyncAgent(
    store: edge, client: SyncClient(central: URL(string: "http://127.0.0.1:\(port)")!, token: token, timeout: 120),
    configuration: SyncConfiguration(node: "bench-edge", warehouses: [edgeWarehouse], batchSize: batchSize),
    rules: nil)
var report = SyncRoundReport()
let catchUp = try await clock.measure { report = try await agent.round() }
let centreHead = try await centre.chainHead(warehouse: edgeWarehouse)
server.cancel()
_ = await server.result

let verified = try await LedgerVerifier(store: centre).verify(warehouse: edgeWarehouse).isValid
let applied = report.applied
let rate = Double(applied) / seconds(catchUp)
try? await centre.dropSchema()
try? FileManager.default.removeItem(at: directory)

print("SyncBench — edge offline 24 h (simulated), \(operations) operations, batches of \(batchSize)")
print(String(format: "  edge local posting (SQLite):        %8.0f ops/s", Double(operations) / seconds(edgeTime)))
print(
    String(
        format: "  centre local posting (PostgreSQL):  %8.0f ops/s   (baseline, %d operations)", baselineRate,
        baselineOperations))
print(String(format: "  catch-up: %d entries in %d batches, %.2f s", applied, report.batches, seconds(catchUp)))
print(
    String(
        format: "  applied at the centre:              %8.0f ops/s   (%.1f× the centre's own posting rate)", rate,
        rate / baselineRate))
print("  heads equal: \(centreHead == edgeHead)   centre ledger verifies: \(verified)")
let pass = rate >= target && centreHead == edgeHead && verified && applied == operations
print(
    String(
        format: "RESULT sync_apply value=%.0f unit=ops/s target=>=%.0f status=%@", rate, target, pass ? "PASS" : "MISS")
)
