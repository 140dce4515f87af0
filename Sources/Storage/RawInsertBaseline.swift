public import WMSCore

/// The baseline the ledger benchmark compares against: the same entry written as one plain row (no chain,
/// checks or projections) in its own transaction, through the same connection path as the ledger.
public protocol RawInsertBaseline: Store {
    /// Creates the scratch table `bench_raw_entries` (same columns as `ledger_entries`, no constraints).
    func prepareRawInsertBaseline() async throws
    /// Inserts one row in its own transaction.
    func rawInsert(_ entry: LedgerEntry) async throws
}

extension SQLiteStore: RawInsertBaseline {
    public func prepareRawInsertBaseline() async throws {
        try await executeRaw("CREATE TABLE IF NOT EXISTS bench_raw_entries AS SELECT * FROM ledger_entries WHERE 0")
    }

    public func rawInsert(_ entry: LedgerEntry) async throws {
        let parameters = StoreCoding.entryParameters(entry)
        try await run { db in
            try db.query(
                "INSERT INTO bench_raw_entries (\(StoreCoding.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                parameters)
        }
    }
}

extension PostgresStore: RawInsertBaseline {
    public func prepareRawInsertBaseline() async throws {
        try await executeRaw("CREATE TABLE IF NOT EXISTS bench_raw_entries (LIKE ledger_entries)")
    }

    public func rawInsert(_ entry: LedgerEntry) async throws {
        let parameters = StoreCoding.entryParameters(entry)
        try await run { db in
            try db.query(
                "INSERT INTO bench_raw_entries (\(StoreCoding.entryColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
                parameters)
        }
    }
}
