// Receive + classify + putaway of a 10,000-line container ASN, on SQLite and (when BONDED_TEST_POSTGRES_URL is
// set) PostgreSQL. Prints lines per second and the share of the time spent in the compliance engine, then
// RESULT lines computed from the measurements. Target: >= 2,000 lines/s on PostgreSQL.
import ComplianceEngine
import Dispatch
import Foundation
import Storage
import WMSCore

let lineCount = Int(ProcessInfo.processInfo.environment["INBOUND_BENCH_LINES"] ?? "") ?? 10_000
let postgresTarget = 2_000.0
let warehouse = "BENCH-1"
let day = Day(parsing: "2026-11-28")!

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

func rulesDirectory() -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<5 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Rules").path
}

func layout() -> [Location] {
    var result = [Location(warehouse: warehouse, code: "DOCK-1", zone: "DOCK", zoneKind: .dock)]
    let zones: [(String, ZoneKind, Int, Int64)] = [
        ("GEN", .general, 120, 0), ("LI", .lithiumBatteries, 40, 40_000), ("FL", .flammables, 40, 80_000),
        ("OX", .oxidisers, 10, 120_000), ("QA", .quarantine, 10, 160_000),
    ]
    for (prefix, kind, count, x) in zones {
        for i in 1...count {
            result.append(
                Location(
                    warehouse: warehouse, code: String(format: "%@-%03d", prefix, i), zone: prefix, zoneKind: kind,
                    xMillimetres: x + Int64(i % 4) * 1_500, yMillimetres: Int64(i / 4) * 1_500))
        }
    }
    return result
}

func products() -> [Product] {
    var result: [Product] = []
    for i in 0..<300 {
        let sku = String(format: "SKU-%03d", i)
        switch i % 10 {
        case 0, 1:
            result.append(
                Product(
                    sku: sku, description: "Power bank", hsCode: "850760", originCountry: "CN", netWeightGrams: 250,
                    unNumber: "UN3480", hazardClass: "9",
                    battery: BatteryAttributes(
                        chemistry: .lithiumIon, packing: .alone, milliwattHours: 37_000, stateOfChargePercent: 30)))
        case 2, 3:
            result.append(
                Product(
                    sku: sku, description: "Perfume", hsCode: "330300", originCountry: "FR", netWeightGrams: 150,
                    unNumber: "UN1266", hazardClass: "3"))
        case 4:
            result.append(
                Product(
                    sku: sku, description: "Aerosol", hsCode: "330720", originCountry: "PL", netWeightGrams: 150,
                    unNumber: "UN1950", hazardClass: "2.1"))
        default:
            result.append(
                Product(
                    sku: sku, description: "General goods", hsCode: "610910", originCountry: "CN", netWeightGrams: 200))
        }
    }
    return result
}

func asn() -> String {
    var rng = SplitMix(state: 42)
    var text = "container,carton,sku,quantity\n"
    for row in 0..<lineCount {
        let container = "MSCU\(1_000_000 + row / 2_500)"
        text +=
            "\(container),CT-\(row / 20),SKU-\(String(format: "%03d", Int(rng.next() % 300))),\(1 + rng.next() % 9)\n"
    }
    return text
}

struct Measurement {
    var importSeconds: Double
    var receiveSeconds: Double
    var putawaySeconds: Double
    var engineSeconds: Double
    var valid: Bool
    var linesPerSecond: Double { Double(lineCount) / (receiveSeconds + putawaySeconds) }
    var engineShare: Double { engineSeconds / (receiveSeconds + putawaySeconds) }
}

func seconds(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

func run(_ store: any Store, packSet: PackSet) async throws -> Measurement {
    try await store.migrate()
    try await store.save(
        Warehouse(
            code: warehouse, name: "Bench", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
            languages: ["en"]))
    for location in layout() { try await store.save(location) }
    for product in products() { try await store.save(product) }
    let inbound = InboundService(store: store)
    var start = DispatchTime.now().uptimeNanoseconds
    let (shipment, _) = try await inbound.importCSV(
        asn(), id: "ASN-BENCH", warehouse: warehouse, operationID: "bench-import", actor: "bench")
    let importSeconds = seconds(start)
    _ = try await inbound.arrive("ASN-BENCH", warehouse: warehouse, operationID: "bench-arrive", actor: "bench")
    _ = try await inbound.release("ASN-BENCH", warehouse: warehouse, operationID: "bench-release", actor: "bench")

    start = DispatchTime.now().uptimeNanoseconds
    let scans = shipment.lines.map { ReceiptScan(container: $0.container, sku: $0.sku, quantity: $0.quantity) }
    for (batch, first) in stride(from: 0, to: scans.count, by: 1_000).enumerated() {
        _ = try await inbound.receive(
            ReceiveRequest(
                clientOperationID: "bench-rcv-\(batch)", warehouse: warehouse, asnID: "ASN-BENCH", dock: "DOCK-1",
                scans: Array(scans[first..<min(first + 1_000, scans.count)]), actor: "bench"))
    }
    let receiveSeconds = seconds(start)

    start = DispatchTime.now().uptimeNanoseconds
    let classifier = DangerousGoodsClassifier(packSet: packSet, country: "DE", day: day)
    let putaway = PutawayService(store: store, classifier: classifier, capacityUnits: 50_000)
    _ = try await putaway.putaway(
        PutawayRequest(clientOperationID: "bench-putaway", warehouse: warehouse, from: "DOCK-1", actor: "bench"))
    let putawaySeconds = seconds(start)
    let valid = try await LedgerVerifier(store: store).verify(warehouse: warehouse).isValid
    return Measurement(
        importSeconds: importSeconds, receiveSeconds: receiveSeconds, putawaySeconds: putawaySeconds,
        engineSeconds: classifier.engineSeconds, valid: valid)
}

func report(_ name: String, _ m: Measurement, target: Double?) {
    print(
        String(
            format:
                "%@: import %.2f s; receive %.2f s + classify/putaway %.2f s for %d lines = %.0f lines/s; compliance engine %.1f%% of the time; ledger %@",
            name, m.importSeconds, m.receiveSeconds, m.putawaySeconds, lineCount, m.linesPerSecond,
            m.engineShare * 100, m.valid ? "verified" : "INVALID"))
    let pass = m.valid && m.linesPerSecond >= (target ?? 0)
    print(
        "RESULT inbound_\(name)_lines value=\(Int(m.linesPerSecond)) unit=lines/s target=>=\(Int(target ?? 0)) status=\(pass ? "PASS" : "MISS")"
    )
    print(
        String(
            format: "RESULT inbound_%@_engine_share value=%.4f unit=ratio target=<=1 status=%@", name, m.engineShare,
            m.engineShare <= 1 ? "PASS" : "MISS"))
}

let load = RuleFiles.load(directory: rulesDirectory())
guard let packSet = load.packSet else {
    print("rules do not load: \(load.errors)")
    exit(1)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-inbound-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let sqlite = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
report("sqlite", try await run(sqlite, packSet: packSet), target: nil)
if let url = ProcessInfo.processInfo.environment["BONDED_TEST_POSTGRES_URL"], !url.isEmpty {
    let postgres = try PostgresStore(url: url, schema: "inbound_bench_\(getpid())", maxConnections: 4)
    do {
        report("postgres", try await run(postgres, packSet: packSet), target: postgresTarget)
    } catch {
        try? await postgres.dropSchema()
        throw error
    }
    try await postgres.dropSchema()
} else {
    print("RESULT inbound_postgres_lines value=0 unit=lines/s target=>=\(Int(postgresTarget)) status=MISS")
}
