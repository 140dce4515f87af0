public import WMSCore

/// The baselines the ledger benchmark compares against: the same entry written as one plain row (no chain,
/// checks or projections) in its own transaction, through the same connection path as the ledger. Two tables:
/// `bench_raw_entries` has no keys at all; `bench_raw_keyed` has the same primary and unique keys as
/// `ledger_entries` (so the difference to the ledger is exactly chaining, checks and projections).
public protocol RawInsertBaseline: Store {
    /// Creates the scratch tables.
    func prepareRawInsertBaseline() async throws
    /// Inserts one row in its own transaction into the keyed or the key-less table.
    func rawInsert(_ entry: LedgerEntry, keyed: Bool) async throws
}

extension SQLiteStore: RawInsertBaseline {
    public func prepareRawInsertBaseline() async throws {
        try await executeRaw(
            """
            CREATE TABLE IF NOT EXISTS bench_raw_entries AS SELECT * FROM ledger_entries WHERE 0;
            CREATE TABLE IF NOT EXISTS bench_raw_keyed (
                warehouse TEXT NOT NULL, sequence INTEGER NOT NULL, leg INTEGER NOT NULL, client_op_id TEXT NOT NULL,
                sku TEXT NOT NULL, lot TEXT NOT NULL, kind TEXT NOT NULL, from_location TEXT, from_bucket TEXT,
                to_location TEXT, to_bucket TEXT, quantity INTEGER NOT NULL, reason TEXT NOT NULL,
                document_ref TEXT NOT NULL, actor TEXT NOT NULL, device TEXT NOT NULL, recorded_at_ms INTEGER NOT NULL,
                reservation_id TEXT, previous_hash TEXT NOT NULL, hash TEXT NOT NULL,
                PRIMARY KEY (warehouse, sequence)) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS bench_raw_keyed_operation ON bench_raw_keyed (client_op_id, leg);
            """)
    }

    public func rawInsert(_ entry: LedgerEntry, keyed: Bool) async throws {
        let parameters = StoreCoding.entryParameters(entry)
        let table = keyed ? "bench_raw_keyed" : "bench_raw_entries"
        try await run { db in
            try db.query(
                "INSERT INTO \(table) (\(StoreCoding.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                parameters)
        }
    }
}

extension PostgresStore: RawInsertBaseline {
    public func prepareRawInsertBaseline() async throws {
        try await executeRaw(
            """
            CREATE TABLE IF NOT EXISTS bench_raw_entries (LIKE ledger_entries);
            CREATE TABLE IF NOT EXISTS bench_raw_keyed (LIKE ledger_entries INCLUDING INDEXES);
            """)
    }

    public func rawInsert(_ entry: LedgerEntry, keyed: Bool) async throws {
        let parameters = StoreCoding.entryParameters(entry)
        let table = keyed ? "bench_raw_keyed" : "bench_raw_entries"
        try await run { db in
            try db.query(
                "INSERT INTO \(table) (\(StoreCoding.entryColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
                parameters)
        }
    }
}
