/// Version 8: SQLite keeps flow documents in an ordinary rowid table. Documents are 2–4 KB of JSON; in the
/// `WITHOUT ROWID` b-tree of version 2 a row keeps at most ~1 KB on its 4 KB page and spills the rest to overflow
/// pages, written again on every save. A rowid table keeps a row of up to ~4 KB on its leaf page. PostgreSQL has
/// nothing to change and records the version, so both backends report one schema version.
extension Migrations {
    static let flowDocumentsSQLite = Migration(
        version: 8, name: "flow documents in a rowid table",
        sql: """
            -- Same columns, checks and key (as a UNIQUE constraint, which ON CONFLICT (warehouse, kind, id) uses);
            -- the indexes of versions 2 and 5 go with the old table and are made again.
            CREATE TABLE flow_documents_v8 (
                warehouse TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL,
                version INTEGER NOT NULL CHECK (version > 0), data TEXT NOT NULL, updated_at_ms INTEGER NOT NULL,
                UNIQUE (warehouse, kind, id));
            INSERT INTO flow_documents_v8 (warehouse, kind, id, status, version, data, updated_at_ms)
                SELECT warehouse, kind, id, status, version, data, updated_at_ms FROM flow_documents
                ORDER BY warehouse, kind, id;
            DROP TABLE flow_documents;
            ALTER TABLE flow_documents_v8 RENAME TO flow_documents;
            CREATE INDEX flow_documents_status ON flow_documents (warehouse, kind, status);
            CREATE INDEX flow_documents_updated ON flow_documents (warehouse, kind, updated_at_ms);
            """)

    static let flowDocumentsPostgres = Migration(
        version: 8, name: "flow documents in a rowid table", sql: "-- nothing to change in PostgreSQL")
}
