/// Version 7: SQLite keeps the ledger in a rowid table.
///
/// Until version 6 `ledger_entries` was a `WITHOUT ROWID` table keyed by `(warehouse, sequence)`, that is a b-tree
/// of whole rows ordered by the key. Appending to such a tree splits pages the way any index does: a posting wrote
/// about 2.4 WAL pages for its entry row alone (4.8 in all, against 1.1 for a plain insert), and the commit of those
/// pages was half of a posting's time. A rowid table appends at the right edge of its tree, where SQLite fills a new
/// page without rebalancing its neighbours; the key becomes a unique index of small `(warehouse, sequence)` cells.
/// Same columns, checks, keys and append-only triggers; every entry is copied in chain order. PostgreSQL's heap
/// tables already append, so it records the version and changes nothing.
extension Migrations {
    static let ledgerSQLite = Migration(
        version: 7, name: "ledger entries in a rowid table with a unique chain index",
        sql: """
            DROP TRIGGER ledger_entries_no_update;
            DROP TRIGGER ledger_entries_no_delete;
            CREATE TABLE ledger_entries_v7 (
                warehouse TEXT NOT NULL, sequence INTEGER NOT NULL CHECK (sequence > 0),
                leg INTEGER NOT NULL, client_op_id TEXT NOT NULL, sku TEXT NOT NULL, lot TEXT NOT NULL,
                kind TEXT NOT NULL, from_location TEXT, from_bucket TEXT, to_location TEXT, to_bucket TEXT,
                quantity INTEGER NOT NULL CHECK (quantity > 0), reason TEXT NOT NULL, document_ref TEXT NOT NULL,
                actor TEXT NOT NULL, device TEXT NOT NULL, recorded_at_ms INTEGER NOT NULL, reservation_id TEXT,
                previous_hash TEXT NOT NULL, hash TEXT NOT NULL,
                CHECK (kind = 'adjustment' OR (kind = 'receipt') = (from_bucket IS NULL)),
                CHECK (kind = 'adjustment' OR (kind IN ('shipment', 'destruction')) = (to_bucket IS NULL)),
                CHECK (kind <> 'adjustment' OR (from_bucket IS NULL) <> (to_bucket IS NULL)));
            INSERT INTO ledger_entries_v7 (\(StoreCoding.entryColumns))
                SELECT \(StoreCoding.entryColumns) FROM ledger_entries ORDER BY warehouse, sequence;
            DROP TABLE ledger_entries;
            ALTER TABLE ledger_entries_v7 RENAME TO ledger_entries;
            CREATE UNIQUE INDEX ledger_entries_chain ON ledger_entries (warehouse, sequence);
            CREATE UNIQUE INDEX ledger_entries_operation ON ledger_entries (client_op_id, leg);
            CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
            CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
            """)

    static let ledgerPostgres = Migration(
        version: 7, name: "ledger entries in a rowid table with a unique chain index",
        sql: "-- nothing to change in PostgreSQL: heap tables append; the key is already an index")
}
