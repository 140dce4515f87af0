internal import Dispatch
internal import Foundation
internal import Synchronization
public import WMSCore

/// The central store: PostgreSQL through libpq, with a small connection pool.
///
/// A posting travels as one pipelined implicit transaction: server-side functions check master data, stock and
/// reservations and raise precise errors; the chain is guarded by the `(warehouse, sequence)` primary key, so a
/// writer with a stale head fails, refreshes it and retries. Isolation is READ COMMITTED with row locks taken by
/// the checks, which is enough because every read that a decision depends on is a locking read.
public final class PostgresStore: Store, @unchecked Sendable {
    // @unchecked: connections are only used by one caller at a time through `pool`; `heads` is a Mutex.
    private let pool: PostgresPool
    private let heads = Mutex<[String: ChainHead]>([:])
    /// Locations seen to exist ("warehouse␟code"); master data is never deleted, so the cache cannot go wrong.
    private let knownLocations = Mutex<Set<String>>([])
    /// The schema (search path) this store works in; nil for the connection's default search path.
    public let schema: String?

    /// Connects lazily to `url` (a libpq URI such as `postgres://user@127.0.0.1:5432/bonded`).
    /// - Parameters:
    ///   - schema: the PostgreSQL schema to use, created by `migrate()` when missing; nil keeps the
    ///     connection's search path (which a URL can set with `options=-csearch_path%3DNAME`).
    ///   - maxConnections: pool size.
    public init(url: String, schema: String? = nil, maxConnections: Int = 8) throws {
        if let schema {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), !schema.isEmpty
            else {
                throw WMSError(
                    .configuration, field: "schema", value: schema, "schema names hold letters, digits and _")
            }
        }
        self.schema = schema
        self.pool = PostgresPool(conninfo: url, schema: schema, maxConnections: maxConnections)
        // Fail early on a wrong URL or a server that is down.
        try pool.withConnection { _ in }
    }

    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.mapErrors { try self.pool.withConnection(body) } })
            }
        }
    }

    static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw domainError(error)
        }
    }

    static func domainError(_ error: PostgresError) -> WMSError {
        let codes: [String: WMSError.Code] = [
            "BD001": .unknownWarehouse, "BD002": .unknownLocation, "BD003": .unknownLot, "BD004": .unknownSKU,
            "BD005": .invalidField, "BD010": .insufficientStock, "BD011": .reservedStockWouldBeUncovered,
            "BD012": .unknownReservation, "BD013": .invalidField, "BD014": .insufficientAvailableToPromise,
            "BD020": .insufficientAvailableToPromise, "BD030": .operationConflict, "BD040": .operationConflict,
        ]
        if let code = codes[error.sqlState] {
            return WMSError(code, field: error.detail, value: error.hint, error.message)
        }
        return WMSError(.storage, "\(error)")
    }

    /// Runs raw SQL. For tests and maintenance tools only: it bypasses every invariant of the domain.
    public func executeRaw(_ sql: String) async throws {
        try await run { try $0.execute(sql) }
    }

    /// Drops this store's schema and everything in it (test clean-up).
    public func dropSchema() async throws {
        guard let schema else { return }
        try await run { try $0.execute("DROP SCHEMA IF EXISTS \(schema) CASCADE") }
    }

    // MARK: Schema

    public func migrate() async throws {
        let schema = self.schema
        try await run { db in
            try db.execute("BEGIN")
            do {
                // One migrator at a time per schema, even across processes.
                try db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [.text("bonded-migrate-" + (schema ?? ""))])
                if let schema { try db.execute("CREATE SCHEMA IF NOT EXISTS \(schema)") }
                try db.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
                // Every migration not yet recorded, in order: one merged after a later one still applies.
                let applied = Set(try db.query("SELECT version FROM schema_migrations").map { Int($0.int(0)) })
                for migration in Migrations.postgres where !applied.contains(migration.version) {
                    try db.execute(migration.sql)
                    try db.query(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                        [.integer(Int64(migration.version)), .text(migration.name)])
                }
                try db.execute("COMMIT")
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func schemaVersion() async throws -> Int {
        try await run { db in
            Int(try db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").first?.int(0) ?? 0)
        }
    }

    // MARK: Master data

    public func save(_ warehouse: Warehouse) async throws {
        try warehouse.validate()
        try await run { db in
            try db.query(
                """
                INSERT INTO warehouses (code, name, country, time_zone, currency, languages) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, country = excluded.country,
                time_zone = excluded.time_zone, currency = excluded.currency, languages = excluded.languages
                """, StoreCoding.warehouseParameters(warehouse))
        }
    }

    public func warehouse(_ code: String) async throws -> Warehouse? {
        try await run { db in
            try db.query(
                "SELECT code, name, country, time_zone, currency, languages FROM warehouses WHERE code = $1",
                [.text(code)]
            ).first.map(StoreCoding.warehouse)
        }
    }

    public func warehouses() async throws -> [Warehouse] {
        try await run { db in
            try db.query("SELECT code, name, country, time_zone, currency, languages FROM warehouses ORDER BY code")
                .map(StoreCoding.warehouse)
        }
    }

    public func save(_ location: Location) async throws {
        try location.validate()
        try await run { db in
            do {
                try db.query(
                    """
                    INSERT INTO locations (\(StoreCoding.locationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    ON CONFLICT (warehouse, code) DO UPDATE SET zone = excluded.zone, zone_kind = excluded.zone_kind,
                    aisle = excluded.aisle, bay = excluded.bay, level = excluded.level, bin = excluded.bin,
                    x_mm = excluded.x_mm, y_mm = excluded.y_mm
                    """, StoreCoding.locationParameters(location))
            } catch let error as PostgresError where error.sqlState == "23503" {
                throw WMSError(
                    .unknownWarehouse, field: "location.warehouse", value: location.warehouse,
                    "unknown warehouse '\(location.warehouse)'")
            }
        }
    }

    public func location(warehouse: String, code: String) async throws -> Location? {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.locationColumns) FROM locations WHERE warehouse = $1 AND code = $2",
                [.text(warehouse), .text(code)]
            ).first.map(StoreCoding.location)
        }
    }

    public func locations(warehouse: String) async throws -> [Location] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.locationColumns) FROM locations WHERE warehouse = $1 ORDER BY code",
                [.text(warehouse)]
            ).map(StoreCoding.location)
        }
    }

    public func save(_ product: Product) async throws {
        try product.validate()
        let data = try StoreCoding.json(product)
        try await run { db in
            try db.query(
                "INSERT INTO products (sku, gtin, lot_tracked, data) VALUES ($1, $2, $3, $4) ON CONFLICT (sku) DO UPDATE SET gtin = excluded.gtin, lot_tracked = excluded.lot_tracked, data = excluded.data",
                [
                    .text(product.sku), product.gtin.map { .text($0.digits) } ?? .null,
                    .integer(product.lotTracked ? 1 : 0), .text(data),
                ])
        }
    }

    public func product(_ sku: String) async throws -> Product? {
        let data = try await run { db in
            try db.query("SELECT data FROM products WHERE sku = $1", [.text(sku)]).first?.text(0)
        }
        return try data.map { text in
            try StoreCoding.products.value(sku, text: text) { try StoreCoding.decode(Product.self, $0) }
        }
    }

    public func save(_ lot: Lot) async throws {
        try lot.validate()
        let serials = try StoreCoding.json(lot.serials)
        try await run { db in
            let known = try !db.query("SELECT 1 FROM products WHERE sku = $1", [.text(lot.sku)]).isEmpty
            guard known else {
                throw WMSError(.unknownSKU, field: "lot.sku", value: lot.sku, "unknown SKU '\(lot.sku)'")
            }
            try db.query(
                "INSERT INTO lots (sku, lot, expiry, serials) VALUES ($1, $2, $3, $4) ON CONFLICT (sku, lot) DO UPDATE SET expiry = excluded.expiry, serials = excluded.serials",
                [.text(lot.sku), .text(lot.lot), lot.expiry.map { .text($0) } ?? .null, .text(serials)])
        }
    }

    public func lot(sku: String, lot: String) async throws -> Lot? {
        let row = try await run { db in
            try db.query(
                "SELECT sku, lot, expiry, serials FROM lots WHERE sku = $1 AND lot = $2",
                [.text(sku), .text(lot)]
            ).first
        }
        guard let row else { return nil }
        return Lot(
            sku: row.text(0), lot: row.text(1), expiry: row.optionalText(2),
            serials: try StoreCoding.decode([String].self, row.text(3)))
    }

    // MARK: Ledger

    public func post(_ posting: Posting) async throws -> PostingResult {
        try posting.validate()
        let now = StoreCoding.milliseconds(posting.recordedAt ?? Date())
        return try await run { db in try self.post(posting, at: now, db) }
    }

    /// Posts in one pipeline (one implicit transaction); `extra` statements run after the movements in the same
    /// transaction, so a failing one leaves nothing posted.
    func post(_ posting: Posting, at now: Int64, _ db: PostgresConnection, extra: [PostgresStatement] = []) throws
        -> PostingResult
    {
        let locations = Self.locationKeys(posting)
        for _ in 0..<100 {
            let head = try cachedHead(posting.warehouse, db)
            let plan = LedgerPlan(posting: posting, head: head, recordedAtMilliseconds: now)
            let checkLocations = !knownLocations.withLock { locations.isSubset(of: $0) }
            do {
                try db.pipeline(Self.statements(for: posting, plan: plan, checkLocations: checkLocations) + extra)
                heads.withLock { $0[posting.warehouse] = plan.newHead }
                if checkLocations { knownLocations.withLock { $0.formUnion(locations) } }
                return PostingResult(entries: plan.entries, replayed: false)
            } catch let error as PostgresError where error.sqlState == "23505" {
                if error.constraint == "ledger_entries_operation" {
                    return PostingResult(entries: try replayedEntries(posting, db), replayed: true)
                }
                if !extra.isEmpty && error.constraint?.hasPrefix("ledger_entries") != true { throw error }
                // Another writer appended first: refresh the head and plan again.
                _ = heads.withLock { $0.removeValue(forKey: posting.warehouse) }
            } catch let error as PostgresError {
                if error.sqlState.hasPrefix("BD") { _ = heads.withLock { $0.removeValue(forKey: posting.warehouse) } }
                throw error
            }
        }
        throw WMSError(.storage, field: "warehouse", value: posting.warehouse, "too much contention on the ledger")
    }

    static let headSQL = "SELECT sequence, hash FROM ledger_entries WHERE warehouse = $1 ORDER BY sequence DESC LIMIT 1"

    private static func head(_ warehouse: String, _ db: PostgresConnection) throws -> ChainHead {
        try db.query(headSQL, [.text(warehouse)]).first
            .map { ChainHead(warehouse: warehouse, sequence: $0.int(0), hash: $0.text(1)) } ?? .genesis(warehouse)
    }

    private func cachedHead(_ warehouse: String, _ db: PostgresConnection) throws -> ChainHead {
        if let head = heads.withLock({ $0[warehouse] }) { return head }
        let head = try Self.head(warehouse, db)
        heads.withLock { $0[warehouse] = head }
        return head
    }

    static let moveSQL =
        "SELECT bonded_move($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)"

    private static func locationKeys(_ posting: Posting) -> Set<String> {
        var keys: Set<String> = []
        for movement in posting.movements {
            for position in [movement.from, movement.to] {
                if let position, !position.location.isEmpty {
                    keys.insert(posting.warehouse + "\u{1F}" + position.location)
                }
            }
        }
        return keys
    }

    private static func statements(for posting: Posting, plan: LedgerPlan, checkLocations: Bool) -> [PostgresStatement]
    {
        plan.entries.enumerated().map { index, entry in
            var parameters = StoreCoding.entryParameters(entry)
            // Empty location rather than NULL when a side is absent, so the function compares plainly.
            parameters[7] = .text(entry.from?.location ?? "")
            parameters[9] = .text(entry.to?.location ?? "")
            parameters.append(.text("movements[\(index)]"))
            parameters.append(.text(checkLocations ? "true" : "false"))
            return PostgresStatement(sql: moveSQL, parameters: parameters)
        }
    }

    private func replayedEntries(_ posting: Posting, _ db: PostgresConnection) throws -> [LedgerEntry] {
        let operation = posting.clientOperationID
        let entries = try db.query(
            "SELECT \(StoreCoding.entryColumns) FROM ledger_entries WHERE client_op_id = $1 ORDER BY leg",
            [.text(operation)]
        ).map(StoreCoding.entry)
        guard let first = entries.first, first.warehouse == posting.warehouse else {
            throw PostingErrors.reused(operation, as: "posting in \(entries.first?.warehouse ?? "another warehouse")")
        }
        return entries
    }

    // MARK: Reservations

    public func reserve(_ request: ReservationRequest) async throws -> ReservationResult {
        try request.validate()
        return try await run { db in
            let outcome: String
            do {
                outcome =
                    try db.query(
                        "SELECT bonded_reserve($1, $2, $3, $4, $5)",
                        [
                            .text(request.clientOperationID), .text(request.warehouse), .text(request.sku),
                            .integer(request.quantity), .text(request.orderReference),
                        ]
                    ).first?.text(0) ?? ""
            } catch let error as PostgresError
                where error.sqlState == "23505" && error.constraint == "reservations_pkey"
            {
                outcome = "replayed"
            }
            guard
                let reservation = try db.query(
                    "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = $1",
                    [.text(request.clientOperationID)]
                ).first.map(StoreCoding.reservation)
            else { throw WMSError(.storage, "reservation '\(request.clientOperationID)' vanished") }
            return ReservationResult(reservation: reservation, replayed: outcome == "replayed")
        }
    }

    public func release(reservationID: String) async throws -> Reservation {
        try await run { db in
            try db.pipeline([PostgresStatement(sql: "SELECT bonded_release($1)", parameters: [.text(reservationID)])])
            guard
                let reservation = try db.query(
                    "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = $1",
                    [.text(reservationID)]
                ).first.map(StoreCoding.reservation)
            else {
                throw WMSError(
                    .unknownReservation, field: "reservationID", value: reservationID,
                    "unknown reservation '\(reservationID)'")
            }
            return reservation
        }
    }

    public func reservation(_ id: String) async throws -> Reservation? {
        try await run { db in
            try db.query("SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = $1", [.text(id)])
                .first.map(StoreCoding.reservation)
        }
    }

    public func reservations(warehouse: String) async throws -> [Reservation] {
        try await run { db in try Self.reservations(warehouse, db) }
    }

    private static func reservations(_ warehouse: String, _ db: PostgresConnection) throws -> [Reservation] {
        try db.query(
            "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE warehouse = $1 ORDER BY id",
            [.text(warehouse)]
        ).map(StoreCoding.reservation)
    }

    // MARK: Queries

    public func balances(warehouse: String, sku: String?) async throws -> [Balance] {
        try await run { db in try Self.balances(warehouse, sku, db) }
    }

    private static func balances(_ warehouse: String, _ sku: String?, _ db: PostgresConnection) throws -> [Balance] {
        let sql =
            "SELECT warehouse, location, sku, lot, bucket, quantity FROM balances WHERE warehouse = $1 AND quantity <> 0"
            + (sku == nil ? "" : " AND sku = $2")
            + " ORDER BY location COLLATE \"C\", sku COLLATE \"C\", lot COLLATE \"C\", bucket COLLATE \"C\""
        return try db.query(sql, [.text(warehouse)] + (sku.map { [.text($0)] } ?? [])).map(StoreCoding.balance)
    }

    public func stockLevels(warehouse: String, sku: String?) async throws -> [StockLevel] {
        try await run { db in try Self.stockLevels(warehouse, sku, db) }
    }

    private static func stockLevels(_ warehouse: String, _ sku: String?, _ db: PostgresConnection) throws
        -> [StockLevel]
    {
        let sql = """
            SELECT s.warehouse, s.sku, SUM(s.available), SUM(s.reserved) FROM (
                SELECT warehouse, sku, quantity AS available, 0 AS reserved FROM balances
                    WHERE bucket = 'available' AND warehouse = $1
                UNION ALL SELECT warehouse, sku, 0, reserved FROM stock WHERE warehouse = $1) s
            """ + (sku == nil ? "" : " WHERE s.sku = $2")
            + " GROUP BY s.warehouse, s.sku ORDER BY s.sku COLLATE \"C\""
        return try db.query(sql, [.text(warehouse)] + (sku.map { [.text($0)] } ?? [])).map {
            StockLevel(warehouse: $0.text(0), sku: $0.text(1), available: $0.int(2), reserved: $0.int(3))
        }
    }

    public func projections(warehouse: String) async throws -> LedgerProjections {
        try await run { db in
            // One snapshot for every read: commits landing meanwhile (a killed client's last transaction, other
            // writers) are either all in it or not at all.
            try db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            do {
                let projections = LedgerProjections(
                    head: try Self.head(warehouse, db), balances: try Self.balances(warehouse, nil, db),
                    reservations: try Self.reservations(warehouse, db),
                    stockLevels: try Self.stockLevels(warehouse, nil, db))
                try db.execute("COMMIT")
                return projections
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func entries(warehouse: String, after sequence: Int64, limit: Int) async throws -> [LedgerEntry] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.entryColumns) FROM ledger_entries WHERE warehouse = $1 AND sequence > $2 ORDER BY sequence LIMIT $3",
                [.text(warehouse), .integer(sequence), .integer(Int64(limit))]
            ).map(StoreCoding.entry)
        }
    }

    public func chainHead(warehouse: String) async throws -> ChainHead {
        try await run { db in try Self.head(warehouse, db) }
    }

    // MARK: Flow documents

    public func saveDocument(_ document: FlowDocument) async throws -> FlowDocument {
        try await run { db in try Self.save(document, db) }
    }

    public func saveDocuments(_ documents: [FlowDocument]) async throws -> [FlowDocument] {
        try await run { db in
            try db.execute("BEGIN")
            do {
                let saved = try documents.map { try Self.save($0, db) }
                try db.execute("COMMIT")
                return saved
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    private static func save(_ document: FlowDocument, _ db: PostgresConnection) throws -> FlowDocument {
        var saved = document
        saved.version = document.version + 1
        let parameters: [SQLValue] = [
            .text(saved.warehouse), .text(saved.kind), .text(saved.id), .text(saved.status),
            .integer(Int64(saved.version)), .text(saved.data),
        ]
        let written: [SQLRow]
        if document.version == 0 {
            written = try db.query(
                """
                INSERT INTO flow_documents (warehouse, kind, id, status, version, data, updated_at_ms)
                VALUES ($1, $2, $3, $4, $5, $6, (extract(epoch from clock_timestamp()) * 1000)::BIGINT)
                ON CONFLICT DO NOTHING RETURNING version
                """, parameters)
        } else {
            written = try db.query(
                """
                UPDATE flow_documents SET status = $4, version = $5, data = $6,
                updated_at_ms = (extract(epoch from clock_timestamp()) * 1000)::BIGINT
                WHERE warehouse = $1 AND kind = $2 AND id = $3 AND version = $5 - 1 RETURNING version
                """, parameters)
        }
        guard !written.isEmpty else {
            let stored =
                try db.query(
                    "SELECT version FROM flow_documents WHERE warehouse = $1 AND kind = $2 AND id = $3",
                    [.text(saved.warehouse), .text(saved.kind), .text(saved.id)]
                ).first?.int(0) ?? 0
            throw StoreCoding.documentConflict(document, stored: Int(stored))
        }
        return saved
    }

    public func document(warehouse: String, kind: String, id: String) async throws -> FlowDocument? {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.documentColumns) FROM flow_documents WHERE warehouse = $1 AND kind = $2 AND id = $3",
                [.text(warehouse), .text(kind), .text(id)]
            ).first.map(StoreCoding.document)
        }
    }

    public func documents(warehouse: String, kind: String, status: String?) async throws -> [FlowDocument] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.documentColumns) FROM flow_documents WHERE warehouse = $1 AND kind = $2"
                    + (status == nil ? "" : " AND status = $3") + " ORDER BY id",
                [.text(warehouse), .text(kind)] + (status.map { [.text($0)] } ?? [])
            ).map(StoreCoding.document)
        }
    }
}

/// A fixed-size pool of libpq connections; a caller blocks (off the cooperative pool) until one is free.
final class PostgresPool: @unchecked Sendable {
    // @unchecked: `idle` is guarded by `lock`; a connection is used by one caller at a time.
    private let conninfo: String
    private let schema: String?
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []

    init(conninfo: String, schema: String?, maxConnections: Int) {
        self.conninfo = conninfo
        self.schema = schema
        self.slots = DispatchSemaphore(value: max(1, maxConnections))
    }

    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection: PostgresConnection
        if let reused = lock.withLock({ idle.popLast() }) {
            connection = reused
        } else {
            connection = try PostgresConnection(conninfo: conninfo)
            if let schema { try connection.execute("SET search_path TO \(schema)") }
        }
        defer { if connection.isHealthy { lock.withLock { idle.append(connection) } } }
        return try body(connection)
    }
}
