public import WMSCore

/// The replication side of a store: what an edge reads to push and records after, and how the centre applies a
/// pushed batch verbatim. Both backends implement all of it; an edge is SQLite, the centre usually PostgreSQL.
public protocol ReplicaStore: Store, ServiceStore {
    // MARK: Centre

    /// Verifies `batch` continues this store's chain for its warehouse and applies it in one transaction: new
    /// entries verbatim (same sequence and hash), projections, reservations and documents. Entries already
    /// applied with the same hash are skipped; a different hash at an applied sequence throws `ReplicaError.fork`.
    func applyReplica(_ batch: ReplicaBatch) async throws -> ReplicaOutcome
    /// Conflicts raised by pushes, newest last; all warehouses when `warehouse` is nil.
    func syncConflicts(warehouse: String?) async throws -> [SyncConflict]
    /// Documents of `kinds` in `warehouse` saved at or after `sinceMilliseconds` (this store's clock).
    func documentsChanged(warehouse: String, kinds: [String], sinceMilliseconds: Int64) async throws
        -> [ReplicatedDocument]
    /// Every lot of every product.
    func allLots() async throws -> [Lot]

    // MARK: Edge

    /// Entries after `sequence` (at most `limit`); when they reach the head, also the reservations and the
    /// documents changed since their last push, read in the same transaction.
    func outgoingBatch(warehouse: String, node: String, after sequence: Int64, limit: Int) async throws
        -> ReplicaBatch
    /// Records what the centre acknowledged: its head and the centre versions of pushed documents.
    func recordPushed(warehouse: String, outcome: ReplicaOutcome) async throws
    /// Saves pulled documents over local copies that did not change since their last sync; returns how many.
    func applyPulled(warehouse: String, documents: [ReplicatedDocument]) async throws -> Int
    /// The replication state of a warehouse (a fresh one before the first sync).
    func syncState(warehouse: String) async throws -> SyncState
    func saveSyncState(_ state: SyncState) async throws
    /// Every warehouse's replication state, by warehouse.
    func syncStates() async throws -> [SyncState]
}

extension SQLiteStore: ReplicaStore {}
extension PostgresStore: ReplicaStore {}
