/// Version 5: edge ↔ centre replication (`Sources/Sync`). The same tables on both backends; an edge uses
/// `sync_state` and `sync_documents`, the centre `sync_conflicts`.
extension Migrations {
    static let syncSQLite = Migration(
        version: 5, name: "sync: replication state, document bases, conflicts",
        sql: """
            CREATE TABLE sync_state (
                warehouse TEXT PRIMARY KEY, acked_sequence INTEGER NOT NULL, acked_hash TEXT NOT NULL,
                last_attempt_ms INTEGER, last_success_ms INTEGER, last_pull_ms INTEGER, last_error TEXT,
                pull_cursor_ms INTEGER NOT NULL, master_digest TEXT NOT NULL, rules_digest TEXT NOT NULL,
                conflicts INTEGER NOT NULL);
            CREATE TABLE sync_documents (
                warehouse TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                centre_version INTEGER NOT NULL, local_version INTEGER NOT NULL,
                PRIMARY KEY (warehouse, kind, id)) WITHOUT ROWID;
            CREATE TABLE sync_conflicts (
                id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, kind TEXT NOT NULL, document_id TEXT NOT NULL,
                rule TEXT NOT NULL, message TEXT NOT NULL, edge_status TEXT NOT NULL, centre_status TEXT NOT NULL,
                centre_data TEXT NOT NULL, raised_at_ms INTEGER NOT NULL, status TEXT NOT NULL);
            CREATE INDEX sync_conflicts_warehouse ON sync_conflicts (warehouse, raised_at_ms);
            CREATE INDEX flow_documents_updated ON flow_documents (warehouse, kind, updated_at_ms);
            """)

    static let syncPostgres = Migration(
        version: 5, name: "sync: replication state, document bases, conflicts",
        sql: """
            CREATE TABLE sync_state (
                warehouse TEXT PRIMARY KEY, acked_sequence BIGINT NOT NULL, acked_hash TEXT NOT NULL,
                last_attempt_ms BIGINT, last_success_ms BIGINT, last_pull_ms BIGINT, last_error TEXT,
                pull_cursor_ms BIGINT NOT NULL, master_digest TEXT NOT NULL, rules_digest TEXT NOT NULL,
                conflicts BIGINT NOT NULL);
            CREATE TABLE sync_documents (
                warehouse TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
                centre_version BIGINT NOT NULL, local_version BIGINT NOT NULL,
                PRIMARY KEY (warehouse, kind, id));
            CREATE TABLE sync_conflicts (
                id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, kind TEXT NOT NULL, document_id TEXT NOT NULL,
                rule TEXT NOT NULL, message TEXT NOT NULL, edge_status TEXT NOT NULL, centre_status TEXT NOT NULL,
                centre_data TEXT NOT NULL, raised_at_ms BIGINT NOT NULL, status TEXT NOT NULL);
            CREATE INDEX sync_conflicts_warehouse ON sync_conflicts (warehouse, raised_at_ms);
            -- Pulls ask for orders changed since a time.
            CREATE INDEX flow_documents_updated ON flow_documents (warehouse, kind, updated_at_ms);
            """)
}
