public import Foundation
public import Storage
public import WMSCore

/// An edge's sync status for one warehouse, as `GET /v1/sync/status` and `bonded sync status` show it.
public struct SyncStatus: Codable, Sendable, Hashable {
    public var warehouse: String
    /// The edge's own chain head.
    public var localHead: ChainHead
    /// The last head the centre acknowledged.
    public var ackedSequence: Int64
    /// Entries written at the edge and not yet acknowledged by the centre.
    public var pending: Int64
    /// Seconds since the oldest pending entry was recorded (0 when nothing is pending).
    public var lagSeconds: Double
    public var lastSuccess: Date?
    public var lastAttempt: Date?
    public var lastPull: Date?
    public var lastError: String?
    /// Conflicts the centre raised for this edge's pushes.
    public var conflicts: Int64
    /// Whether the centre holds exactly the edge's chain head.
    public var inSync: Bool

    /// The status of every warehouse this store has synced (or of `warehouses` when given).
    public static func read(store: any ReplicaStore, warehouses: [String]? = nil, now: Date = Date()) async throws
        -> [SyncStatus]
    {
        var codes = warehouses ?? []
        if warehouses == nil { codes = try await store.syncStates().map(\.warehouse) }
        var statuses: [SyncStatus] = []
        for code in codes.sorted() {
            let state = try await store.syncState(warehouse: code)
            let head = try await store.chainHead(warehouse: code)
            let pending = max(0, head.sequence - state.ackedSequence)
            var lag = 0.0
            if pending > 0,
                let oldest = try await store.entries(warehouse: code, after: state.ackedSequence, limit: 1).first
            {
                lag = max(0, now.timeIntervalSince1970 - Double(oldest.recordedAtMilliseconds) / 1000)
            }
            func date(_ milliseconds: Int64?) -> Date? {
                milliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) }
            }
            statuses.append(
                SyncStatus(
                    warehouse: code, localHead: head, ackedSequence: state.ackedSequence, pending: pending,
                    lagSeconds: (lag * 1000).rounded() / 1000, lastSuccess: date(state.lastSuccessMilliseconds),
                    lastAttempt: date(state.lastAttemptMilliseconds), lastPull: date(state.lastPullMilliseconds),
                    lastError: state.lastError, conflicts: state.conflicts,
                    inSync: pending == 0 && state.ackedHash == head.hash))
        }
        return statuses
    }
}
