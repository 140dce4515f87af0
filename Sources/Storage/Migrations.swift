/// A versioned schema change. Versions only grow; an applied migration is never edited, a new one is added.
struct Migration: Sendable {
    var version: Int
    var name: String
    var sql: String
}

/// The schema, one list per backend. Both describe the same tables and invariants.
enum Migrations {
    static let sqlite: [Migration] = [
        Migration(
            version: 1, name: "master data, ledger, projections, reservations",
            sql: """
                CREATE TABLE warehouses (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, time_zone TEXT NOT NULL,
                    currency TEXT NOT NULL, languages TEXT NOT NULL);
                CREATE TABLE locations (
                    warehouse TEXT NOT NULL REFERENCES warehouses(code), code TEXT NOT NULL, zone TEXT NOT NULL,
                    zone_kind TEXT NOT NULL, aisle TEXT NOT NULL, bay TEXT NOT NULL, level TEXT NOT NULL,
                    bin TEXT NOT NULL, x_mm INTEGER NOT NULL, y_mm INTEGER NOT NULL, PRIMARY KEY (warehouse, code));
                CREATE TABLE products (sku TEXT PRIMARY KEY, gtin TEXT, lot_tracked INTEGER NOT NULL, data TEXT NOT NULL);
                CREATE TABLE lots (
                    sku TEXT NOT NULL REFERENCES products(sku), lot TEXT NOT NULL, expiry TEXT, serials TEXT NOT NULL,
                    PRIMARY KEY (sku, lot));
                -- Master data is checked by the posting code (it is never deleted), so entries carry no foreign keys:
                -- in PostgreSQL each would lock the referenced row on every append.
                CREATE TABLE ledger_entries (
                    warehouse TEXT NOT NULL, sequence INTEGER NOT NULL CHECK (sequence > 0),
                    leg INTEGER NOT NULL, client_op_id TEXT NOT NULL, sku TEXT NOT NULL, lot TEXT NOT NULL,
                    kind TEXT NOT NULL, from_location TEXT, from_bucket TEXT, to_location TEXT, to_bucket TEXT,
                    quantity INTEGER NOT NULL CHECK (quantity > 0), reason TEXT NOT NULL, document_ref TEXT NOT NULL,
                    actor TEXT NOT NULL, device TEXT NOT NULL, recorded_at_ms INTEGER NOT NULL, reservation_id TEXT,
                    previous_hash TEXT NOT NULL, hash TEXT NOT NULL,
                    PRIMARY KEY (warehouse, sequence),
                    CHECK ((kind = 'receipt') = (from_bucket IS NULL)),
                    CHECK ((kind IN ('shipment', 'destruction')) = (to_bucket IS NULL))) WITHOUT ROWID;
                CREATE UNIQUE INDEX ledger_entries_operation ON ledger_entries (client_op_id, leg);
                CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                CREATE TABLE balances (
                    warehouse TEXT NOT NULL, location TEXT NOT NULL, sku TEXT NOT NULL, lot TEXT NOT NULL,
                    bucket TEXT NOT NULL, quantity INTEGER NOT NULL CHECK (quantity >= 0),
                    PRIMARY KEY (warehouse, sku, bucket, lot, location)) WITHOUT ROWID;
                -- What orders reserved per SKU; available is the sum of the available balances. The triggers keep
                -- reserved <= available whatever writes the rows.
                CREATE TABLE stock (
                    warehouse TEXT NOT NULL, sku TEXT NOT NULL, reserved INTEGER NOT NULL CHECK (reserved >= 0),
                    PRIMARY KEY (warehouse, sku)) WITHOUT ROWID;
                CREATE TRIGGER stock_reserved_covered_insert BEFORE INSERT ON stock
                    WHEN NEW.reserved > (SELECT COALESCE(SUM(quantity), 0) FROM balances
                        WHERE warehouse = NEW.warehouse AND sku = NEW.sku AND bucket = 'available')
                    BEGIN SELECT RAISE(ABORT, 'reserved beyond available'); END;
                CREATE TRIGGER stock_reserved_covered_update BEFORE UPDATE OF reserved ON stock
                    WHEN NEW.reserved > OLD.reserved AND NEW.reserved > (SELECT COALESCE(SUM(quantity), 0) FROM balances
                        WHERE warehouse = NEW.warehouse AND sku = NEW.sku AND bucket = 'available')
                    BEGIN SELECT RAISE(ABORT, 'reserved beyond available'); END;
                CREATE TRIGGER balances_cover_reserved AFTER UPDATE OF quantity ON balances
                    WHEN NEW.bucket = 'available' AND NEW.quantity < OLD.quantity
                        AND (SELECT reserved FROM stock WHERE warehouse = NEW.warehouse AND sku = NEW.sku)
                            > (SELECT SUM(quantity) FROM balances
                                WHERE warehouse = NEW.warehouse AND sku = NEW.sku AND bucket = 'available')
                    BEGIN SELECT RAISE(ABORT, 'available would not cover reserved'); END;
                CREATE TABLE reservations (
                    id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, sku TEXT NOT NULL, order_ref TEXT NOT NULL,
                    quantity INTEGER NOT NULL CHECK (quantity > 0),
                    remaining INTEGER NOT NULL CHECK (remaining >= 0 AND remaining <= quantity),
                    status TEXT NOT NULL);
                CREATE INDEX reservations_warehouse ON reservations (warehouse, sku);
                """),
        Migration(
            version: 2, name: "adjustment entries; flow documents",
            sql: """
                -- SQLite cannot alter a CHECK constraint: rebuild the ledger table with the same columns, key and
                -- triggers, and checks that also admit adjustments (exactly one side: a count gain or a loss).
                DROP TRIGGER ledger_entries_no_update;
                DROP TRIGGER ledger_entries_no_delete;
                CREATE TABLE ledger_entries_v2 (
                    warehouse TEXT NOT NULL, sequence INTEGER NOT NULL CHECK (sequence > 0),
                    leg INTEGER NOT NULL, client_op_id TEXT NOT NULL, sku TEXT NOT NULL, lot TEXT NOT NULL,
                    kind TEXT NOT NULL, from_location TEXT, from_bucket TEXT, to_location TEXT, to_bucket TEXT,
                    quantity INTEGER NOT NULL CHECK (quantity > 0), reason TEXT NOT NULL, document_ref TEXT NOT NULL,
                    actor TEXT NOT NULL, device TEXT NOT NULL, recorded_at_ms INTEGER NOT NULL, reservation_id TEXT,
                    previous_hash TEXT NOT NULL, hash TEXT NOT NULL,
                    PRIMARY KEY (warehouse, sequence),
                    CHECK (kind = 'adjustment' OR (kind = 'receipt') = (from_bucket IS NULL)),
                    CHECK (kind = 'adjustment' OR (kind IN ('shipment', 'destruction')) = (to_bucket IS NULL)),
                    CHECK (kind <> 'adjustment' OR (from_bucket IS NULL) <> (to_bucket IS NULL))) WITHOUT ROWID;
                INSERT INTO ledger_entries_v2 SELECT * FROM ledger_entries;
                DROP TABLE ledger_entries;
                ALTER TABLE ledger_entries_v2 RENAME TO ledger_entries;
                CREATE UNIQUE INDEX ledger_entries_operation ON ledger_entries (client_op_id, leg);
                CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
                    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
                    BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END;
                CREATE TABLE flow_documents (
                    warehouse TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version > 0), data TEXT NOT NULL, updated_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (warehouse, kind, id)) WITHOUT ROWID;
                CREATE INDEX flow_documents_status ON flow_documents (warehouse, kind, status);
                """),
        // Version 3 changes only PostgreSQL's append path; SQLite records it so both backends report one version.
        Migration(version: 3, name: "cheaper ledger append", sql: "-- nothing to change in SQLite"),
        serviceSQLite,
        syncSQLite,
        consoleSQLite,
        // Version 7 changes only PostgreSQL's move function (SQLite's post path credits first, see `post`).
        Migration(version: 7, name: "moves between available positions", sql: "-- nothing to change in SQLite"),
        flowDocumentsSQLite,
        // Version 9 adds PostgreSQL's pipelined document save; SQLite saves documents with plain statements.
        Migration(version: 9, name: "documents saved beside a posting", sql: "-- nothing to change in SQLite"),
    ]

    static let postgres: [Migration] = [
        Migration(
            version: 1, name: "master data, ledger, projections, reservations",
            sql: """
                CREATE TABLE warehouses (
                    code TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, time_zone TEXT NOT NULL,
                    currency TEXT NOT NULL, languages TEXT NOT NULL);
                CREATE TABLE locations (
                    warehouse TEXT NOT NULL REFERENCES warehouses(code), code TEXT NOT NULL, zone TEXT NOT NULL,
                    zone_kind TEXT NOT NULL, aisle TEXT NOT NULL, bay TEXT NOT NULL, level TEXT NOT NULL,
                    bin TEXT NOT NULL, x_mm BIGINT NOT NULL, y_mm BIGINT NOT NULL, PRIMARY KEY (warehouse, code));
                CREATE TABLE products (sku TEXT PRIMARY KEY, gtin TEXT, lot_tracked INTEGER NOT NULL, data TEXT NOT NULL);
                CREATE TABLE lots (
                    sku TEXT NOT NULL REFERENCES products(sku), lot TEXT NOT NULL, expiry TEXT, serials TEXT NOT NULL,
                    PRIMARY KEY (sku, lot));
                -- Master data is checked by the posting code (it is never deleted), so entries carry no foreign keys:
                -- in PostgreSQL each would lock the referenced row on every append.
                CREATE TABLE ledger_entries (
                    warehouse TEXT NOT NULL, sequence BIGINT NOT NULL CHECK (sequence > 0),
                    leg INTEGER NOT NULL, client_op_id TEXT NOT NULL, sku TEXT NOT NULL,
                    lot TEXT NOT NULL, kind TEXT NOT NULL, from_location TEXT, from_bucket TEXT, to_location TEXT,
                    to_bucket TEXT, quantity BIGINT NOT NULL CHECK (quantity > 0), reason TEXT NOT NULL,
                    document_ref TEXT NOT NULL, actor TEXT NOT NULL, device TEXT NOT NULL,
                    recorded_at_ms BIGINT NOT NULL, reservation_id TEXT, previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (warehouse, sequence),
                    CHECK ((kind = 'receipt') = (from_bucket IS NULL)),
                    CHECK ((kind IN ('shipment', 'destruction')) = (to_bucket IS NULL)));
                CREATE UNIQUE INDEX ledger_entries_operation ON ledger_entries (client_op_id, leg);
                CREATE FUNCTION bonded_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$;
                CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION bonded_append_only();
                CREATE TABLE balances (
                    warehouse TEXT NOT NULL, location TEXT NOT NULL, sku TEXT NOT NULL, lot TEXT NOT NULL,
                    bucket TEXT NOT NULL, quantity BIGINT NOT NULL CONSTRAINT balance_not_negative CHECK (quantity >= 0),
                    PRIMARY KEY (warehouse, sku, bucket, lot, location)) WITH (fillfactor = 70);
                -- What orders reserved per SKU; available is the sum of the available balances. The functions below
                -- lock this row before comparing the two, so reserved <= available holds under concurrency.
                CREATE TABLE stock (
                    warehouse TEXT NOT NULL, sku TEXT NOT NULL, reserved BIGINT NOT NULL CHECK (reserved >= 0),
                    PRIMARY KEY (warehouse, sku));
                CREATE TABLE reservations (
                    id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, sku TEXT NOT NULL, order_ref TEXT NOT NULL,
                    quantity BIGINT NOT NULL CHECK (quantity > 0),
                    remaining BIGINT NOT NULL CONSTRAINT reservation_remaining CHECK (remaining >= 0 AND remaining <= quantity),
                    status TEXT NOT NULL);
                CREATE INDEX reservations_warehouse ON reservations (warehouse, sku);
                """ + PostgresFunctions.version1),
        Migration(
            version: 2, name: "adjustment entries; flow documents",
            sql: """
                -- Replace the two unnamed version-1 checks tying buckets to kinds: adjustments have exactly one side.
                DO $$
                DECLARE c RECORD;
                BEGIN
                    FOR c IN SELECT conname FROM pg_constraint
                        WHERE conrelid = 'ledger_entries'::regclass AND contype = 'c'
                            AND pg_get_constraintdef(oid) LIKE '%_bucket IS NULL%'
                    LOOP
                        EXECUTE format('ALTER TABLE ledger_entries DROP CONSTRAINT %I', c.conname);
                    END LOOP;
                END $$;
                ALTER TABLE ledger_entries
                    ADD CONSTRAINT ledger_entries_receipt_source
                        CHECK (kind = 'adjustment' OR (kind = 'receipt') = (from_bucket IS NULL)),
                    ADD CONSTRAINT ledger_entries_removal_destination
                        CHECK (kind = 'adjustment' OR (kind IN ('shipment', 'destruction')) = (to_bucket IS NULL)),
                    ADD CONSTRAINT ledger_entries_adjustment_one_side
                        CHECK (kind <> 'adjustment' OR (from_bucket IS NULL) <> (to_bucket IS NULL));
                CREATE TABLE flow_documents (
                    warehouse TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
                    version INTEGER NOT NULL CHECK (version > 0), data TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
                    PRIMARY KEY (warehouse, kind, id));
                CREATE INDEX flow_documents_status ON flow_documents (warehouse, kind, status);
                """),
        Migration(version: 3, name: "cheaper ledger append", sql: PostgresFunctions.version3),
        servicePostgres,
        syncPostgres,
        consolePostgres,
        Migration(version: 7, name: "moves between available positions", sql: PostgresFunctions.version7),
        flowDocumentsPostgres,
        Migration(version: 9, name: "documents saved beside a posting", sql: PostgresFunctions.version9),
    ]
}
