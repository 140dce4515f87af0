// Ledger appends per second on SQLite and PostgreSQL next to a raw single-row INSERT of the same entry,
// measured in the same run. Target: the ledger (hash chain + checks + projections, one transaction per
// posting) reaches at least 40% of the raw-insert rate on each backend.
import Foundation
import Storage
import WMSCore

let total = Int(ProcessInfo.processInfo.environment["BENCH_ENTRIES"] ?? "") ?? 100_000
let chunks = 10
let target = 0.40

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func bench(name: String, store: any RawInsertBaseline) async throws -> (ledger: Double, raw: Double) {
    try await store.migrate()
    try await store.prepareRawInsertBaseline()
    let warehouse = "BENCH"
    try await store.save(
        Warehouse(
            code: warehouse, name: "Bench", country: "DE", timeZone: "Europe/Berlin",
            currency: "EUR", languages: ["en"]))
    let locations = (0..<20).map { "L-\($0)" }
    for code in locations {
        try await store.save(Location(warehouse: warehouse, code: code, zone: "G", zoneKind: .general))
    }
    let skus = (0..<50).map { "SKU-\($0)" }
    for sku in skus { try await store.save(Product(sku: sku, description: "Bench item \(sku)")) }

    var generator = SeededGenerator(seed: 42)
    func posting(_ index: Int) -> Posting {
        Posting(
            clientOperationID: "\(name)-op-\(index)", warehouse: warehouse, documentReference: "ASN-\(index / 100)",
            actor: "bench", device: "scanner-1",
            movements: [
                .receipt(
                    sku: skus.randomElement(using: &generator)!, quantity: Int64(abs(index) % 9 + 1),
                    to: StockPosition(
                        location: locations.randomElement(using: &generator)!,
                        bucket: .available))
            ])
    }
    func rawEntry(_ index: Int) -> LedgerEntry {
        LedgerEntry(
            warehouse: warehouse, sequence: Int64(index + 1), leg: 0, clientOperationID: "\(name)-raw-\(index)",
            sku: skus[abs(index) % skus.count], lot: "", kind: .receipt, from: nil,
            to: StockPosition(location: locations[abs(index) % locations.count], bucket: .available),
            quantity: Int64(abs(index) % 9 + 1), reason: "receipt", documentReference: "ASN-\(index / 100)",
            actor: "bench", device: "scanner-1", recordedAtMilliseconds: 1_795_000_000_000 + Int64(index),
            reservationID: nil, previousHash: LedgerHasher.genesisHash, hash: LedgerHasher.genesisHash)
    }
    // Warm up both paths (prepared statements, caches, page allocation).
    for index in 0..<500 {
        _ = try await store.post(posting(-1 - index))
        try await store.rawInsert(rawEntry(-1 - index))
    }
    // Interleave chunks so drift (other load, checkpoints) hits both sides alike.
    var ledgerTime = 0.0
    var rawTime = 0.0
    let perChunk = total / chunks
    for chunk in 0..<chunks {
        let range = (chunk * perChunk)..<((chunk + 1) * perChunk)
        let only = ProcessInfo.processInfo.environment["BENCH_ONLY"]
        if only != "ledger" {
            rawTime += try await seconds { for index in range { try await store.rawInsert(rawEntry(index)) } }
        }
        if only != "raw" {
            ledgerTime += try await seconds { for index in range { _ = try await store.post(posting(index)) } }
        }
    }
    let report = try await LedgerVerifier(store: store).verify(warehouse: warehouse)
    guard report.isValid,
        ProcessInfo.processInfo.environment["BENCH_ONLY"] != nil || report.entriesChecked == Int64(total + 500)
    else {
        fatalError("\(name): ledger verification failed after the benchmark: \(report)")
    }
    let ledgerRate = Double(perChunk * chunks) / ledgerTime
    let rawRate = Double(perChunk * chunks) / rawTime
    print(
        String(
            format:
                "%@: %d entries — ledger %.0f appends/s, raw INSERT %.0f rows/s, ratio %.2f (verified %lld entries)",
            name, perChunk * chunks, ledgerRate, rawRate, ledgerRate / rawRate, report.entriesChecked))
    return (ledgerRate, rawRate)
}

var results: [(String, Double, Double)] = []
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let sqlite = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
let sqliteRates = try await bench(name: "sqlite", store: sqlite)
results.append(("sqlite", sqliteRates.ledger, sqliteRates.raw))

if let url = ProcessInfo.processInfo.environment["BONDED_TEST_POSTGRES_URL"]
    ?? ProcessInfo.processInfo.environment["BONDED_BENCH_POSTGRES_URL"]
{
    let postgres = try PostgresStore(url: url, schema: "bench_\(getpid())", maxConnections: 2)
    let postgresRates = try await bench(name: "postgres", store: postgres)
    try await postgres.dropSchema()
    results.append(("postgres", postgresRates.ledger, postgresRates.raw))
} else {
    print("postgres: skipped — no BONDED_TEST_POSTGRES_URL (run `make bench-ledger`, which starts a server)")
    print("RESULT ledger_postgres_ratio value=0 unit=ratio target=>=\(target) status=MISS")
}

for (name, ledger, raw) in results {
    print(
        "RESULT ledger_\(name)_appends value=\(Int(ledger)) unit=appends/s target=>0 status=\(ledger > 0 ? "PASS" : "MISS")"
    )
    print(
        "RESULT ledger_\(name)_raw_insert value=\(Int(raw)) unit=rows/s target=>0 status=\(raw > 0 ? "PASS" : "MISS")")
    let ratio = ledger / raw
    print(
        String(
            format: "RESULT ledger_%@_ratio value=%.3f unit=ratio target=>=%.2f status=%@", name, ratio, target,
            ratio >= target ? "PASS" : "MISS"))
}
