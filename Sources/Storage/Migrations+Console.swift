/// Version 6: what the web console keeps (browser sessions, rule pack versions and their activation history).
/// Version 5 is left to work that lands beside it; the runner applies every version above the highest applied.
extension Migrations {
    static let consoleSQLite = Migration(
        version: 6, name: "console: sessions, rule pack versions, activations",
        sql: """
            CREATE TABLE console_sessions (
                id_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
                created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE pack_versions (
                pack TEXT NOT NULL, version INTEGER NOT NULL CHECK (version > 0), files TEXT NOT NULL,
                author TEXT NOT NULL, note TEXT NOT NULL, created_at_ms INTEGER NOT NULL,
                PRIMARY KEY (pack, version)) WITHOUT ROWID;
            CREATE TRIGGER pack_versions_no_update BEFORE UPDATE ON pack_versions
                BEGIN SELECT RAISE(ABORT, 'pack versions never change'); END;
            CREATE TABLE pack_activations (
                id INTEGER PRIMARY KEY AUTOINCREMENT, pack TEXT NOT NULL, version INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('activate', 'rollback')), actor TEXT NOT NULL,
                at_ms INTEGER NOT NULL, FOREIGN KEY (pack, version) REFERENCES pack_versions (pack, version));
            """)

    static let consolePostgres = Migration(
        version: 6, name: "console: sessions, rule pack versions, activations",
        sql: """
            CREATE TABLE console_sessions (
                id_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES users(username),
                created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL);
            CREATE TABLE pack_versions (
                pack TEXT NOT NULL, version INTEGER NOT NULL CHECK (version > 0), files TEXT NOT NULL,
                author TEXT NOT NULL, note TEXT NOT NULL, created_at_ms BIGINT NOT NULL,
                PRIMARY KEY (pack, version));
            CREATE FUNCTION bonded_pack_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'pack versions never change'; END $$;
            CREATE TRIGGER pack_versions_frozen BEFORE UPDATE ON pack_versions
                FOR EACH ROW EXECUTE FUNCTION bonded_pack_versions_frozen();
            CREATE TABLE pack_activations (
                id BIGSERIAL PRIMARY KEY, pack TEXT NOT NULL, version INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('activate', 'rollback')), actor TEXT NOT NULL,
                at_ms BIGINT NOT NULL, FOREIGN KEY (pack, version) REFERENCES pack_versions (pack, version));
            """)
}
