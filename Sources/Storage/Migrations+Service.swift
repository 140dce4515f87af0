/// Version 4: what the HTTP service keeps (users, tokens, audit trail, idempotent responses, single-window
/// outbox with receipts, subjects on hold). Version 3 is left to the orders work that lands beside it.
extension Migrations {
    static let serviceSQLite = Migration(
        version: 4, name: "service: users, tokens, audit, idempotency, outbox, holds",
        sql: """
            CREATE TABLE users (
                username TEXT PRIMARY KEY, role TEXT NOT NULL, warehouses TEXT NOT NULL, password_hash TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL);
            CREATE TABLE api_tokens (
                token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), name TEXT NOT NULL,
                created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
                action TEXT NOT NULL, target TEXT NOT NULL, warehouse TEXT, remote TEXT NOT NULL,
                status INTEGER NOT NULL, request_id TEXT NOT NULL);
            CREATE INDEX audit_log_warehouse ON audit_log (warehouse, id);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
            CREATE TABLE idempotency_keys (
                actor TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
                content_type TEXT NOT NULL, body TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
                PRIMARY KEY (actor, key)) WITHOUT ROWID;
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
                endpoint TEXT NOT NULL, payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'failed')),
                attempts INTEGER NOT NULL CHECK (attempts >= 0), next_attempt_ms INTEGER NOT NULL, last_error TEXT,
                receipt_outcome TEXT, receipt_reason TEXT, receipt_at_ms INTEGER, created_at_ms INTEGER NOT NULL,
                seq INTEGER NOT NULL);
            CREATE INDEX outbox_due ON outbox (status, next_attempt_ms);
            CREATE INDEX outbox_warehouse ON outbox (warehouse, seq);
            CREATE TABLE subject_holds (
                warehouse TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL, message_id TEXT NOT NULL,
                at_ms INTEGER NOT NULL, PRIMARY KEY (warehouse, subject)) WITHOUT ROWID;
            """)

    static let servicePostgres = Migration(
        version: 4, name: "service: users, tokens, audit, idempotency, outbox, holds",
        sql: """
            CREATE TABLE users (
                username TEXT PRIMARY KEY, role TEXT NOT NULL, warehouses TEXT NOT NULL, password_hash TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL);
            CREATE TABLE api_tokens (
                token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username), name TEXT NOT NULL,
                created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT);
            CREATE TABLE audit_log (
                id BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
                action TEXT NOT NULL, target TEXT NOT NULL, warehouse TEXT, remote TEXT NOT NULL,
                status INTEGER NOT NULL, request_id TEXT NOT NULL);
            CREATE INDEX audit_log_warehouse ON audit_log (warehouse, id);
            CREATE FUNCTION bonded_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION bonded_audit_append_only();
            CREATE TABLE idempotency_keys (
                actor TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
                content_type TEXT NOT NULL, body TEXT NOT NULL, created_at_ms BIGINT NOT NULL,
                PRIMARY KEY (actor, key));
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY, warehouse TEXT NOT NULL, subject TEXT NOT NULL, kind TEXT NOT NULL,
                endpoint TEXT NOT NULL, payload TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'failed')),
                attempts INTEGER NOT NULL CHECK (attempts >= 0), next_attempt_ms BIGINT NOT NULL, last_error TEXT,
                receipt_outcome TEXT, receipt_reason TEXT, receipt_at_ms BIGINT, created_at_ms BIGINT NOT NULL,
                seq BIGSERIAL NOT NULL);
            CREATE INDEX outbox_due ON outbox (status, next_attempt_ms);
            CREATE INDEX outbox_warehouse ON outbox (warehouse, seq);
            CREATE TABLE subject_holds (
                warehouse TEXT NOT NULL, subject TEXT NOT NULL, reason TEXT NOT NULL, message_id TEXT NOT NULL,
                at_ms BIGINT NOT NULL, PRIMARY KEY (warehouse, subject));
            """)
}
