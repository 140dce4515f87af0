// Ledger appends per second on SQLite and PostgreSQL next to raw single-row INSERTs of the same entry, measured
// in the same run, interleaved in chunks. Target: the ledger (hash chain + checks + projections, one transaction
// per posting) reaches at least 40% of the raw-insert rate on each backend. The target's baseline is the plain
// insert: one prepared single-row INSERT in autocommit into a table with the entry's columns and no keys. A second
// baseline adds ledger_entries' primary and unique keys, so the gap to it is chaining, checks and projections.
import Foundation
import Storage
import WMSCore

let environment = ProcessInfo.processInfo.environment
let total = Int(environment["BENCH_ENTRIES"] ?? "") ?? 100_000
let chunks = 10
let target = 0.40

func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

struct Rates {
    var ledger: Double
    var keyed: Double
    var plain: Double
}

func bench(name: String, store: any RawInsertBaseline) async throws -> Rates {
    try await store.migrate()
    try await store.prepareRawInsertBaseline()
    let warehouse = "BENCH"
    try await store.save(
        Warehouse(
            code: warehouse, name: "Bench", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
            languages: ["en"]))
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
                    to: StockPosition(location: locations.randomElement(using: &generator)!, bucket: .available))
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
    // Warm up every path (prepared statements, caches, page allocation).
    for index in 0..<500 {
        _ = try await store.post(posting(-1 - index))
        try await store.rawInsert(rawEntry(-1 - index), keyed: true)
        try await store.rawInsert(rawEntry(-1 - index), keyed: false)
    }
    // Interleave chunks so drift (other load, checkpoints) hits every side alike.
    var ledgerTime = 0.0
    var keyedTime = 0.0
    var plainTime = 0.0
    let perChunk = total / chunks
    for chunk in 0..<chunks {
        let range = (chunk * perChunk)..<((chunk + 1) * perChunk)
        plainTime += try await seconds {
            for index in range { try await store.rawInsert(rawEntry(index), keyed: false) }
        }
        keyedTime += try await seconds {
            for index in range { try await store.rawInsert(rawEntry(index), keyed: true) }
        }
        ledgerTime += try await seconds { for index in range { _ = try await store.post(posting(index)) } }
    }
    let report = try await LedgerVerifier(store: store).verify(warehouse: warehouse)
    guard report.isValid, report.entriesChecked == Int64(perChunk * chunks + 500) else {
        throw WMSError(.storage, "\(name): ledger verification failed after the benchmark: \(report)")
    }
    let count = Double(perChunk * chunks)
    let rates = Rates(ledger: count / ledgerTime, keyed: count / keyedTime, plain: count / plainTime)
    print(
        String(
            format:
                "%@: %d entries each — ledger %.0f appends/s; plain raw INSERT %.0f rows/s (ratio %.2f, the target); "
                + "raw INSERT with the ledger's keys %.0f rows/s (ratio %.2f); ledger verified (%lld entries)",
            name, perChunk * chunks, rates.ledger, rates.plain, rates.ledger / rates.plain, rates.keyed,
            rates.ledger / rates.keyed, report.entriesChecked))
    return rates
}

var results: [(String, Rates)] = []
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let sqlite = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)
results.append(("sqlite", try await bench(name: "sqlite", store: sqlite)))

if let url = environment["BONDED_TEST_POSTGRES_URL"] ?? environment["BONDED_BENCH_POSTGRES_URL"] {
    let postgres = try PostgresStore(url: url, schema: "bench_\(getpid())", maxConnections: 2)
    results.append(("postgres", try await bench(name: "postgres", store: postgres)))
    try await postgres.dropSchema()
} else {
    print("postgres: not measured — no BONDED_TEST_POSTGRES_URL (run `make bench-ledger`, which starts a server)")
    print("RESULT ledger_postgres_ratio_vs_plain_insert value=0 unit=ratio target=>=\(target) status=MISS")
}

for (name, rates) in results {
    print("RESULT ledger_\(name)_appends value=\(Int(rates.ledger)) unit=appends/s target=>0 status=PASS")
    print("RESULT ledger_\(name)_raw_insert_plain value=\(Int(rates.plain)) unit=rows/s target=>0 status=PASS")
    print("RESULT ledger_\(name)_raw_insert_keyed value=\(Int(rates.keyed)) unit=rows/s target=>0 status=PASS")
    for (label, baseline) in [("ratio_vs_plain_insert", rates.plain), ("ratio_vs_keyed_insert", rates.keyed)] {
        let ratio = rates.ledger / baseline
        print(
            String(
                format: "RESULT ledger_%@_%@ value=%.3f unit=ratio target=>=%.2f status=%@", name, label, ratio,
                target, ratio >= target ? "PASS" : "MISS"))
    }
}
