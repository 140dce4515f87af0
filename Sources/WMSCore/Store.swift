/// Persistence of master data, the ledger, its projections and reservations.
///
/// Implementations (SQLite, PostgreSQL) apply each write atomically and enforce the ledger's invariants
/// themselves: no negative balance, no reservation beyond available, idempotency by client operation id.
/// The domain never sees SQL.
public protocol Store: Sendable {
    /// Creates or upgrades the schema to the latest version.
    func migrate() async throws
    /// The schema version in place.
    func schemaVersion() async throws -> Int

    func save(_ warehouse: Warehouse) async throws
    func warehouse(_ code: String) async throws -> Warehouse?
    func warehouses() async throws -> [Warehouse]
    func save(_ location: Location) async throws
    func location(warehouse: String, code: String) async throws -> Location?
    func locations(warehouse: String) async throws -> [Location]
    func save(_ product: Product) async throws
    func product(_ sku: String) async throws -> Product?
    func save(_ lot: Lot) async throws
    func lot(sku: String, lot: String) async throws -> Lot?

    /// Applies every movement of `posting` atomically, or none; a replayed client operation id returns the
    /// first result and writes nothing.
    func post(_ posting: Posting) async throws -> PostingResult
    /// Promises available stock; fails with `insufficientAvailableToPromise` beyond available − reserved.
    func reserve(_ request: ReservationRequest) async throws -> ReservationResult
    /// Releases what is left of a reservation; idempotent.
    func release(reservationID: String) async throws -> Reservation
    func reservation(_ id: String) async throws -> Reservation?
    /// Every reservation of a warehouse, open or not.
    func reservations(warehouse: String) async throws -> [Reservation]

    /// Non-zero balances of a warehouse, optionally of one SKU, ordered by location, SKU, lot and bucket.
    func balances(warehouse: String, sku: String?) async throws -> [Balance]
    /// Available and reserved stock of every SKU of a warehouse (or of one).
    func stockLevels(warehouse: String, sku: String?) async throws -> [StockLevel]
    /// Entries after `sequence`, in order, at most `limit`.
    func entries(warehouse: String, after sequence: Int64, limit: Int) async throws -> [LedgerEntry]
    func chainHead(warehouse: String) async throws -> ChainHead
    /// The head, balances, reservations and stock levels of a warehouse read in one consistent snapshot (a
    /// read transaction), whatever commits meanwhile.
    func projections(warehouse: String) async throws -> LedgerProjections

    /// Saves a flow document over the version it was read at (0: it must not exist yet) and returns it with the
    /// new version; fails with `operationConflict` when someone else saved it in between.
    func saveDocument(_ document: FlowDocument) async throws -> FlowDocument
    /// Saves several flow documents in one transaction, each over the version it was read at (as `saveDocument`):
    /// all or none. Fails with `operationConflict`, saving nothing, when any of them was saved in between.
    func saveDocuments(_ documents: [FlowDocument]) async throws -> [FlowDocument]
    /// One flow document, or nil.
    func document(warehouse: String, kind: String, id: String) async throws -> FlowDocument?
    /// The flow documents of a kind, optionally only those with `status`, ordered by id.
    func documents(warehouse: String, kind: String, status: String?) async throws -> [FlowDocument]
}
