internal import Dispatch
internal import Foundation
public import WMSCore

/// The embedded store: one SQLite file in WAL mode. Writes are serialised on one connection and each runs in a
/// `BEGIN IMMEDIATE` transaction, so other processes sharing the file wait rather than interleave.
public final class SQLiteStore: Store, @unchecked Sendable {
    // @unchecked: `connection` is only touched on `queue`, a serial queue.
    private let queue: DispatchQueue
    private let connection: SQLiteConnection
    /// Master data seen to exist. There is no way to delete a warehouse, location or lot, so a positive cache
    /// is always right and spares the hot path three lookups. Touched only on `queue`.
    private var knownWarehouses: Set<String> = []
    private var knownLocations: Set<KeyPair> = []
    private var knownLots: Set<KeyPair> = []
    /// Whether each SKU seen is lot-tracked. Unlike the sets above this can change, so it is trusted only while the
    /// file's data version is the one recorded after this store's last posting committed: any other commit since
    /// (another connection's, or another write of this one) drops it. Touched only on `queue`.
    private var lotTracking: [String: Bool] = [:]
    private var lotTrackingVersion: UInt32?
    /// The chain head this store last wrote per warehouse. Another process sharing the file may append after it:
    /// the entry's primary key then refuses the stale sequence and the head is read again. Touched only on `queue`.
    private var heads: [String: ChainHead] = [:]
    /// The file path, or `:memory:`.
    public let path: String
    /// The connection's background WAL checkpointer (nil for `:memory:`).
    private let checkpointer: WALCheckpointer?

    /// Opens (creating if needed) the database at `path`; its folder is created when missing.
    public convenience init(path: String) throws {
        try self.init(path: path, checkpointFrames: 4_096)
    }

    /// As `init(path:)`, with the WAL checkpointed in the background once it holds `checkpointFrames` frames.
    init(path: String, checkpointFrames: Int32) throws {
        if path != ":memory:" {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        self.path = path
        self.queue = DispatchQueue(label: "bonded.sqlite.\(path)")
        do {
            self.connection = try SQLiteConnection(path: path, checkpointFrames: checkpointFrames)
        } catch {
            throw WMSError(.storage, field: "database", value: path, "cannot open SQLite database: \(error)")
        }
        checkpointer = connection.checkpointer
    }

    /// Background WAL checkpoints run so far and the frames they copied into the database file, once those
    /// scheduled before the call have finished (diagnostics and tests).
    public func walCheckpoints() -> (runs: Int, framesCopied: Int) {
        checkpointer?.drain()
        return checkpointer?.statistics ?? (0, 0)
    }

    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try Self.mapErrors { try body(self.connection) } })
            }
        }
    }

    private static func mapErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw WMSError(.storage, "\(error)")
        }
    }

    static func transaction<T>(_ db: SQLiteConnection, _ body: () throws -> T) throws -> T {
        // Prepared once like every other statement: sqlite3_exec would parse them on every call.
        try db.query("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try db.query("COMMIT")
            return result
        } catch {
            try? db.query("ROLLBACK")
            throw error
        }
    }

    /// Runs raw SQL. For tests and maintenance tools only: it bypasses every invariant of the domain.
    public func executeRaw(_ sql: String) async throws {
        try await run { try $0.execute(sql) }
    }

    // MARK: Schema

    public func migrate() async throws {
        try await run { db in
            try db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)"
            )
            try Self.transaction(db) {
                // Every migration not yet recorded, in order: one merged after a later one still applies.
                let applied = Set(try db.query("SELECT version FROM schema_migrations").map { Int($0.int(0)) })
                for migration in Migrations.sqlite where !applied.contains(migration.version) {
                    try db.execute(migration.sql)
                    try db.query(
                        "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
                        [
                            .integer(Int64(migration.version)), .text(migration.name),
                            .integer(StoreCoding.milliseconds(Date())),
                        ])
                }
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
                INSERT INTO warehouses (code, name, country, time_zone, currency, languages) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, country = excluded.country,
                time_zone = excluded.time_zone, currency = excluded.currency, languages = excluded.languages
                """, StoreCoding.warehouseParameters(warehouse))
        }
    }

    public func warehouse(_ code: String) async throws -> Warehouse? {
        try await run { db in
            try db.query(
                "SELECT code, name, country, time_zone, currency, languages FROM warehouses WHERE code = ?",
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
            try Self.transaction(db) {
                guard try !db.query("SELECT 1 FROM warehouses WHERE code = ?", [.text(location.warehouse)]).isEmpty
                else {
                    throw WMSError(
                        .unknownWarehouse, field: "location.warehouse", value: location.warehouse,
                        "unknown warehouse '\(location.warehouse)'")
                }
                try db.query(
                    """
                    INSERT INTO locations (\(StoreCoding.locationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (warehouse, code) DO UPDATE SET zone = excluded.zone, zone_kind = excluded.zone_kind,
                    aisle = excluded.aisle, bay = excluded.bay, level = excluded.level, bin = excluded.bin,
                    x_mm = excluded.x_mm, y_mm = excluded.y_mm
                    """, StoreCoding.locationParameters(location))
            }
        }
    }

    public func location(warehouse: String, code: String) async throws -> Location? {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.locationColumns) FROM locations WHERE warehouse = ? AND code = ?",
                [.text(warehouse), .text(code)]
            ).first.map(StoreCoding.location)
        }
    }

    public func locations(warehouse: String) async throws -> [Location] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.locationColumns) FROM locations WHERE warehouse = ? ORDER BY code",
                [.text(warehouse)]
            ).map(StoreCoding.location)
        }
    }

    public func save(_ product: Product) async throws {
        try product.validate()
        let data = try StoreCoding.json(product)
        try await run { db in
            try db.query(
                "INSERT INTO products (sku, gtin, lot_tracked, data) VALUES (?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET gtin = excluded.gtin, lot_tracked = excluded.lot_tracked, data = excluded.data",
                [
                    .text(product.sku), product.gtin.map { .text($0.digits) } ?? .null,
                    .integer(product.lotTracked ? 1 : 0), .text(data),
                ])
        }
    }

    public func product(_ sku: String) async throws -> Product? {
        let data = try await run { db in
            try db.query("SELECT data FROM products WHERE sku = ?", [.text(sku)]).first?.text(0)
        }
        return try data.map { text in
            try StoreCoding.products.value(sku, text: text) { try StoreCoding.decode(Product.self, $0) }
        }
    }

    public func save(_ lot: Lot) async throws {
        try lot.validate()
        let serials = try StoreCoding.json(lot.serials)
        try await run { db in
            try Self.transaction(db) {
                guard try !db.query("SELECT 1 FROM products WHERE sku = ?", [.text(lot.sku)]).isEmpty else {
                    throw WMSError(.unknownSKU, field: "lot.sku", value: lot.sku, "unknown SKU '\(lot.sku)'")
                }
                try db.query(
                    "INSERT INTO lots (sku, lot, expiry, serials) VALUES (?, ?, ?, ?) ON CONFLICT (sku, lot) DO UPDATE SET expiry = excluded.expiry, serials = excluded.serials",
                    [.text(lot.sku), .text(lot.lot), lot.expiry.map { .text($0) } ?? .null, .text(serials)])
            }
        }
    }

    public func lot(sku: String, lot: String) async throws -> Lot? {
        let row = try await run { db in
            try db.query(
                "SELECT sku, lot, expiry, serials FROM lots WHERE sku = ? AND lot = ?",
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
        try await post(posting) { _ in }.result
    }

    /// Posts, then runs `after` in the same transaction unless the posting was a replay: both or neither.
    /// Returns what `after` returned (nil for a replay).
    func post<T: Sendable>(_ posting: Posting, then after: @escaping @Sendable (SQLiteConnection) throws -> T)
        async throws -> (result: PostingResult, after: T?)
    {
        try posting.validate()
        let now = StoreCoding.milliseconds(posting.recordedAt ?? Date())
        return try await run { db in
            do {
                let result = try Self.transaction(db) {
                    let result = try self.post(posting, at: now, db)
                    return (result, result.replayed ? nil : try after(db))
                }
                self.lotTrackingVersion = db.fileDataVersion()
                return result
            } catch {
                // The head cached by this attempt was never committed.
                self.heads[posting.warehouse] = nil
                throw error
            }
        }
    }

    private func post(_ posting: Posting, at now: Int64, _ db: SQLiteConnection) throws -> PostingResult {
        if !knownWarehouses.contains(posting.warehouse) {
            guard try !db.query("SELECT 1 FROM warehouses WHERE code = ?", [.text(posting.warehouse)]).isEmpty else {
                throw WMSError(
                    .unknownWarehouse, field: "warehouse", value: posting.warehouse,
                    "unknown warehouse '\(posting.warehouse)'")
            }
            knownWarehouses.insert(posting.warehouse)
        }
        try checkMasterData(posting, db)
        // The first entry's keys settle two questions without a lookup: a taken operation id is a replay, and a
        // taken sequence means another process appended since this store last did.
        var plan: LedgerPlan
        while true {
            let head = try heads[posting.warehouse] ?? Self.head(posting.warehouse, db)
            plan = LedgerPlan(posting: posting, head: head, recordedAtMilliseconds: now)
            do {
                try Self.insert(plan.entries[0], db)
                break
            } catch let error as SQLiteError where error.isKeyConflict("ledger_entries", ["client_op_id", "leg"]) {
                guard let replay = try Self.replayedEntries(posting.clientOperationID, warehouse: posting.warehouse, db)
                else { throw error }
                return PostingResult(entries: replay, replayed: true)
            } catch let error as SQLiteError
                where error.isKeyConflict("ledger_entries", ["warehouse", "sequence"])
                && heads[posting.warehouse] != nil
            {
                heads[posting.warehouse] = nil
            }
        }
        heads[posting.warehouse] = plan.newHead
        // Movements apply in order; the first that fails rolls the whole posting back.
        for (index, entry) in plan.entries.enumerated() {
            if index > 0 { try Self.insert(entry, db) }
            if let reservationID = entry.reservationID {
                let row = try db.query(
                    "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = ?",
                    [.text(reservationID)]
                ).first
                try PostingErrors.checkFulfilment(
                    index: index, posting: posting, entry: entry,
                    row.map(StoreCoding.reservation))
                try db.query(
                    "UPDATE reservations SET remaining = remaining - ?, status = CASE WHEN remaining - ? = 0 THEN 'fulfilled' ELSE status END WHERE id = ?",
                    [.integer(entry.quantity), .integer(entry.quantity), .text(reservationID)])
                try db.query(
                    "UPDATE stock SET reserved = reserved - ? WHERE warehouse = ? AND sku = ?",
                    [.integer(entry.quantity), .text(posting.warehouse), .text(entry.sku)])
            }
            func credit(_ to: StockPosition) throws {
                try db.query(
                    """
                    INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (warehouse, location, sku, lot, bucket) DO UPDATE SET quantity = quantity + excluded.quantity
                    """,
                    [
                        .text(posting.warehouse), .text(to.location), .text(entry.sku), .text(entry.lot),
                        .text(to.bucket.rawValue), .integer(entry.quantity),
                    ])
            }
            if let from = entry.from {
                let key = [
                    SQLValue.text(posting.warehouse), .text(from.location), .text(entry.sku), .text(entry.lot),
                    .text(from.bucket.rawValue),
                ]
                let held =
                    try db.query(
                        "SELECT quantity FROM balances WHERE warehouse = ? AND location = ? AND sku = ? AND lot = ? AND bucket = ?",
                        key
                    ).first?.int(0) ?? 0
                guard held >= entry.quantity else {
                    throw PostingErrors.insufficient(index: index, entry: entry, held: held)
                }
                if from.bucket == .available, entry.to?.bucket == .available {
                    // A move between locations keeps the SKU's available sum: the destination is credited first,
                    // so the trigger guarding reserved <= available never sees the sum dip in between.
                    try credit(entry.to!)
                } else if from.bucket == .available {
                    // Promised stock must stay covered by what remains available.
                    let row = try db.query(
                        Self.atpSQL,
                        [
                            .text(posting.warehouse), .text(entry.sku),
                            .text(posting.warehouse), .text(entry.sku),
                        ]
                    ).first
                    let available = (row?.int(0) ?? 0) - entry.quantity
                    let reserved = row?.int(1) ?? 0
                    if reserved > 0, reserved > available {
                        throw PostingErrors.uncovered(
                            index: index, entry: entry, available: available, reserved: reserved)
                    }
                }
                try db.query(
                    "UPDATE balances SET quantity = quantity - ? WHERE warehouse = ? AND location = ? AND sku = ? AND lot = ? AND bucket = ?",
                    [.integer(entry.quantity)] + key)
            }
            if let to = entry.to, !(entry.from?.bucket == .available && to.bucket == .available) {
                try credit(to)
            }
        }
        return PostingResult(entries: plan.entries, replayed: false)
    }

    static let atpSQL = """
        SELECT COALESCE((SELECT SUM(quantity) FROM balances WHERE warehouse = ? AND sku = ? AND bucket = 'available'), 0),
        COALESCE((SELECT reserved FROM stock WHERE warehouse = ? AND sku = ?), 0)
        """

    static let headSQL = "SELECT sequence, hash FROM ledger_entries WHERE warehouse = ? ORDER BY sequence DESC LIMIT 1"

    private static func head(_ warehouse: String, _ db: SQLiteConnection) throws -> ChainHead {
        try db.query(headSQL, [.text(warehouse)]).first
            .map { ChainHead(warehouse: warehouse, sequence: $0.int(0), hash: $0.text(1)) } ?? .genesis(warehouse)
    }

    static let insertSQL =
        "INSERT INTO ledger_entries (\(StoreCoding.entryColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

    private static func insert(_ entry: LedgerEntry, _ db: SQLiteConnection) throws {
        try db.query(insertSQL, StoreCoding.entryParameters(entry))
    }

    private static func replayedEntries(_ operation: String, warehouse: String, _ db: SQLiteConnection) throws
        -> [LedgerEntry]?
    {
        let entries = try db.query(
            "SELECT \(StoreCoding.entryColumns) FROM ledger_entries WHERE client_op_id = ? ORDER BY leg",
            [.text(operation)]
        ).map(StoreCoding.entry)
        guard let first = entries.first else { return nil }
        guard first.warehouse == warehouse else {
            throw PostingErrors.reused(operation, as: "posting in \(first.warehouse)")
        }
        return entries
    }

    private func checkMasterData(_ posting: Posting, _ db: SQLiteConnection) throws {
        // Anything committed since this store's last posting may have changed a product's lot tracking.
        if db.fileDataVersion() != lotTrackingVersion { lotTracking.removeAll(keepingCapacity: true) }
        for (index, movement) in posting.movements.enumerated() {
            var path: String { "movements[\(index)]" }
            let lotTracked: Bool
            if let cached = lotTracking[movement.sku] {
                lotTracked = cached
            } else {
                guard
                    let tracked = try db.query("SELECT lot_tracked FROM products WHERE sku = ?", [.text(movement.sku)])
                        .first?.int(0)
                else {
                    throw WMSError(
                        .unknownSKU, field: "\(path).sku", value: movement.sku, "unknown SKU '\(movement.sku)'")
                }
                lotTracked = tracked != 0
                lotTracking[movement.sku] = lotTracked
            }
            if lotTracked, movement.lot.isEmpty {
                throw WMSError(
                    .invalidField, field: "\(path).lot", value: "",
                    "SKU '\(movement.sku)' is lot-tracked: a lot is required")
            }
            if !movement.lot.isEmpty, !knownLots.contains(KeyPair(movement.sku, movement.lot)) {
                guard
                    try !db.query(
                        "SELECT 1 FROM lots WHERE sku = ? AND lot = ?", [.text(movement.sku), .text(movement.lot)]
                    ).isEmpty
                else {
                    throw WMSError(
                        .unknownLot, field: "\(path).lot", value: movement.lot,
                        "unknown lot '\(movement.lot)' of SKU '\(movement.sku)'")
                }
                knownLots.insert(KeyPair(movement.sku, movement.lot))
            }
            func checkLocation(_ position: StockPosition?, _ name: String) throws {
                guard let position, !position.location.isEmpty else { return }
                let key = KeyPair(posting.warehouse, position.location)
                guard !knownLocations.contains(key) else { return }
                guard
                    try !db.query(
                        "SELECT 1 FROM locations WHERE warehouse = ? AND code = ?",
                        [.text(posting.warehouse), .text(position.location)]
                    ).isEmpty
                else {
                    throw WMSError(
                        .unknownLocation, field: "\(path).\(name).location", value: position.location,
                        "unknown location '\(position.location)' in warehouse '\(posting.warehouse)'")
                }
                knownLocations.insert(key)
            }
            try checkLocation(movement.from, "from")
            try checkLocation(movement.to, "to")
        }
    }

    // MARK: Reservations

    public func reserve(_ request: ReservationRequest) async throws -> ReservationResult {
        try request.validate()
        return try await run { db in
            try Self.transaction(db) {
                if let existing = try db.query(
                    "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = ?",
                    [.text(request.clientOperationID)]
                ).first.map(StoreCoding.reservation) {
                    return ReservationResult(reservation: existing, replayed: true)
                }
                if try !db.query(
                    "SELECT 1 FROM ledger_entries WHERE client_op_id = ? LIMIT 1",
                    [.text(request.clientOperationID)]
                ).isEmpty {
                    throw PostingErrors.reused(request.clientOperationID, as: "posting")
                }
                guard try !db.query("SELECT 1 FROM warehouses WHERE code = ?", [.text(request.warehouse)]).isEmpty
                else {
                    throw WMSError(
                        .unknownWarehouse, field: "warehouse", value: request.warehouse,
                        "unknown warehouse '\(request.warehouse)'")
                }
                guard try !db.query("SELECT 1 FROM products WHERE sku = ?", [.text(request.sku)]).isEmpty else {
                    throw WMSError(.unknownSKU, field: "sku", value: request.sku, "unknown SKU '\(request.sku)'")
                }
                let row = try db.query(
                    Self.atpSQL,
                    [
                        .text(request.warehouse), .text(request.sku),
                        .text(request.warehouse), .text(request.sku),
                    ]
                ).first
                let atp = (row?.int(0) ?? 0) - (row?.int(1) ?? 0)
                guard atp >= request.quantity else {
                    throw PostingErrors.beyondATP(request, atp: atp)
                }
                let reservation = Reservation(
                    id: request.clientOperationID, warehouse: request.warehouse, sku: request.sku,
                    orderReference: request.orderReference, quantity: request.quantity, remaining: request.quantity,
                    status: .open)
                try db.query(
                    "INSERT INTO reservations (\(StoreCoding.reservationColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        .text(reservation.id), .text(reservation.warehouse), .text(reservation.sku),
                        .text(reservation.orderReference), .integer(reservation.quantity),
                        .integer(reservation.remaining), .text(reservation.status.rawValue),
                    ])
                try db.query(
                    "INSERT INTO stock (warehouse, sku, reserved) VALUES (?, ?, ?) ON CONFLICT (warehouse, sku) DO UPDATE SET reserved = reserved + excluded.reserved",
                    [.text(request.warehouse), .text(request.sku), .integer(request.quantity)])
                return ReservationResult(reservation: reservation, replayed: false)
            }
        }
    }

    public func release(reservationID: String) async throws -> Reservation {
        try await run { db in
            try Self.transaction(db) {
                guard
                    var reservation = try db.query(
                        "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = ?",
                        [.text(reservationID)]
                    ).first.map(StoreCoding.reservation)
                else {
                    throw WMSError(
                        .unknownReservation, field: "reservationID", value: reservationID,
                        "unknown reservation '\(reservationID)'")
                }
                guard reservation.status == .open else { return reservation }
                try db.query(
                    "UPDATE stock SET reserved = reserved - ? WHERE warehouse = ? AND sku = ?",
                    [.integer(reservation.remaining), .text(reservation.warehouse), .text(reservation.sku)])
                try db.query(
                    "UPDATE reservations SET remaining = 0, status = 'released' WHERE id = ?", [.text(reservationID)])
                reservation.remaining = 0
                reservation.status = .released
                return reservation
            }
        }
    }

    public func reservation(_ id: String) async throws -> Reservation? {
        try await run { db in
            try db.query("SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE id = ?", [.text(id)])
                .first.map(StoreCoding.reservation)
        }
    }

    public func reservations(warehouse: String) async throws -> [Reservation] {
        try await run { db in try Self.reservations(warehouse, db) }
    }

    private static func reservations(_ warehouse: String, _ db: SQLiteConnection) throws -> [Reservation] {
        try db.query(
            "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE warehouse = ? ORDER BY id",
            [.text(warehouse)]
        ).map(StoreCoding.reservation)
    }

    // MARK: Queries

    public func balances(warehouse: String, sku: String?) async throws -> [Balance] {
        try await run { db in try Self.balances(warehouse, sku, db) }
    }

    private static func balances(_ warehouse: String, _ sku: String?, _ db: SQLiteConnection) throws -> [Balance] {
        let sql =
            "SELECT warehouse, location, sku, lot, bucket, quantity FROM balances WHERE warehouse = ? AND quantity <> 0"
            + (sku == nil ? "" : " AND sku = ?") + " ORDER BY location, sku, lot, bucket"
        return try db.query(sql, [.text(warehouse)] + (sku.map { [.text($0)] } ?? [])).map(StoreCoding.balance)
    }

    public func stockLevels(warehouse: String, sku: String?) async throws -> [StockLevel] {
        try await run { db in try Self.stockLevels(warehouse, sku, db) }
    }

    private static func stockLevels(_ warehouse: String, _ sku: String?, _ db: SQLiteConnection) throws
        -> [StockLevel]
    {
        let sql = """
            SELECT s.warehouse, s.sku, SUM(s.available), SUM(s.reserved) FROM (
                SELECT warehouse, sku, quantity AS available, 0 AS reserved FROM balances
                    WHERE bucket = 'available' AND warehouse = ?1
                UNION ALL SELECT warehouse, sku, 0, reserved FROM stock WHERE warehouse = ?1) s
            """ + (sku == nil ? "" : " WHERE s.sku = ?2") + " GROUP BY s.warehouse, s.sku ORDER BY s.sku"
        return try db.query(sql, [.text(warehouse)] + (sku.map { [.text($0)] } ?? [])).map {
            StockLevel(warehouse: $0.text(0), sku: $0.text(1), available: $0.int(2), reserved: $0.int(3))
        }
    }

    public func projections(warehouse: String) async throws -> LedgerProjections {
        try await run { db in
            // A deferred read transaction: in WAL mode every read in it sees the same committed state.
            try db.query("BEGIN DEFERRED")
            do {
                let projections = LedgerProjections(
                    head: try Self.head(warehouse, db), balances: try Self.balances(warehouse, nil, db),
                    reservations: try Self.reservations(warehouse, db),
                    stockLevels: try Self.stockLevels(warehouse, nil, db))
                try db.query("COMMIT")
                return projections
            } catch {
                try? db.query("ROLLBACK")
                throw error
            }
        }
    }

    public func entries(warehouse: String, after sequence: Int64, limit: Int) async throws -> [LedgerEntry] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.entryColumns) FROM ledger_entries WHERE warehouse = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                [.text(warehouse), .integer(sequence), .integer(Int64(limit))]
            ).map(StoreCoding.entry)
        }
    }

    public func chainHead(warehouse: String) async throws -> ChainHead {
        try await run { db in try Self.head(warehouse, db) }
    }

    // MARK: Flow documents

    public func saveDocument(_ document: FlowDocument) async throws -> FlowDocument {
        let now = StoreCoding.milliseconds(Date())
        return try await run { db in try Self.transaction(db) { try Self.save(document, at: now, db) } }
    }

    public func saveDocuments(_ documents: [FlowDocument]) async throws -> [FlowDocument] {
        let now = StoreCoding.milliseconds(Date())
        return try await run { db in try Self.transaction(db) { try documents.map { try Self.save($0, at: now, db) } } }
    }

    static func save(_ document: FlowDocument, at now: Int64, _ db: SQLiteConnection) throws -> FlowDocument {
        let stored =
            try db.query(
                "SELECT version FROM flow_documents WHERE warehouse = ? AND kind = ? AND id = ?",
                [.text(document.warehouse), .text(document.kind), .text(document.id)]
            ).first?.int(0) ?? 0
        guard stored == Int64(document.version) else {
            throw StoreCoding.documentConflict(document, stored: Int(stored))
        }
        var saved = document
        saved.version = document.version + 1
        try db.query(
            """
            INSERT INTO flow_documents (warehouse, kind, id, status, version, data, updated_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (warehouse, kind, id) DO UPDATE SET
            status = excluded.status, version = excluded.version, data = excluded.data,
            updated_at_ms = excluded.updated_at_ms
            """,
            [
                .text(saved.warehouse), .text(saved.kind), .text(saved.id), .text(saved.status),
                .integer(Int64(saved.version)), .text(saved.data), .integer(now),
            ])
        return saved
    }

    public func document(warehouse: String, kind: String, id: String) async throws -> FlowDocument? {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.documentColumns) FROM flow_documents WHERE warehouse = ? AND kind = ? AND id = ?",
                [.text(warehouse), .text(kind), .text(id)]
            ).first.map(StoreCoding.document)
        }
    }

    public func documents(warehouse: String, kind: String, status: String?) async throws -> [FlowDocument] {
        try await run { db in
            try db.query(
                "SELECT \(StoreCoding.documentColumns) FROM flow_documents WHERE warehouse = ? AND kind = ?"
                    + (status == nil ? "" : " AND status = ?") + " ORDER BY id",
                [.text(warehouse), .text(kind)] + (status.map { [.text($0)] } ?? [])
            ).map(StoreCoding.document)
        }
    }
}

/// Two codes as one set member (warehouse and location, SKU and lot) without building a joined string.
struct KeyPair: Hashable {
    var first: String
    var second: String
    init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }
}
