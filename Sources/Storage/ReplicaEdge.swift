internal import Foundation
public import WMSCore

/// The edge's side of replication: what to push, what the centre acknowledged, and pulled documents.
extension SQLServiceHost {
    public func outgoingBatch(warehouse: String, node: String, after sequence: Int64, limit: Int) async throws
        -> ReplicaBatch
    {
        try await serviceRun(transaction: true) { db in
            let head =
                try db.query(
                    "SELECT sequence, hash FROM ledger_entries WHERE warehouse = $1 ORDER BY sequence DESC LIMIT 1",
                    [.text(warehouse)]
                ).first.map { ChainHead(warehouse: warehouse, sequence: $0.int(0), hash: $0.text(1)) }
                ?? .genesis(warehouse)
            let entries = try db.query(
                "SELECT \(StoreCoding.entryColumns) FROM ledger_entries WHERE warehouse = $1 AND sequence > $2 "
                    + "ORDER BY sequence LIMIT $3",
                [.text(warehouse), .integer(sequence), .integer(Int64(limit))]
            ).map(StoreCoding.entry)
            guard (entries.last?.sequence ?? sequence) >= head.sequence else {
                return ReplicaBatch(
                    warehouse: warehouse, node: node, entries: entries, reservations: nil, documents: [],
                    edgeHead: head)
            }
            let reservations = try db.query(
                "SELECT \(StoreCoding.reservationColumns) FROM reservations WHERE warehouse = $1 ORDER BY id",
                [.text(warehouse)]
            ).map(StoreCoding.reservation)
            let documents = try db.query(
                """
                SELECT d.warehouse, d.kind, d.id, d.status, d.data, d.version, COALESCE(s.centre_version, 0)
                FROM flow_documents d LEFT JOIN sync_documents s
                    ON s.warehouse = d.warehouse AND s.kind = d.kind AND s.id = d.id
                WHERE d.warehouse = $1 AND (s.local_version IS NULL OR s.local_version <> d.version)
                ORDER BY d.updated_at_ms, d.kind, d.id LIMIT 200
                """, [.text(warehouse)]
            ).map { ReplicatedDocument(document: StoreCoding.document($0), baseCentreVersion: Int($0.int(6))) }
            return ReplicaBatch(
                warehouse: warehouse, node: node, entries: entries, reservations: reservations,
                documents: documents, edgeHead: head)
        }
    }

    public func recordPushed(warehouse: String, outcome: ReplicaOutcome) async throws {
        try await serviceRun(transaction: true) { db in
            for ack in outcome.documents {
                try db.query(
                    """
                    INSERT INTO sync_documents (warehouse, kind, id, centre_version, local_version)
                    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (warehouse, kind, id) DO UPDATE SET
                    centre_version = excluded.centre_version, local_version = excluded.local_version
                    """,
                    [
                        .text(warehouse), .text(ack.kind), .text(ack.id), .integer(Int64(ack.centreVersion)),
                        .integer(Int64(ack.localVersion)),
                    ])
            }
            var state = try ReplicaEdgeSQL.state(warehouse, db)
            state.ackedSequence = outcome.head.sequence
            state.ackedHash = outcome.head.hash
            state.conflicts += Int64(outcome.conflicts.count)
            try ReplicaEdgeSQL.save(state, db)
        }
    }

    public func applyPulled(warehouse: String, documents: [ReplicatedDocument]) async throws -> Int {
        let now = StoreCoding.milliseconds(Date())
        return try await serviceRun(transaction: true) { db in
            var saved = 0
            for item in documents where item.document.warehouse == warehouse {
                let document = item.document
                let key: [SQLValue] = [.text(warehouse), .text(document.kind), .text(document.id)]
                let local = try db.query(
                    "SELECT version FROM flow_documents WHERE warehouse = $1 AND kind = $2 AND id = $3", key
                ).first.map { Int($0.int(0)) }
                let base = try db.query(
                    "SELECT centre_version, local_version FROM sync_documents WHERE warehouse = $1 AND kind = $2 AND id = $3",
                    key
                ).first.map { (centre: Int($0.int(0)), local: Int($0.int(1))) }
                let next: Int
                if let local {
                    // A local change not pushed yet wins here; the push settles it at the centre.
                    guard let base, base.local == local, base.centre != document.version else { continue }
                    next = local + 1
                } else {
                    next = 1
                }
                try db.query(
                    """
                    INSERT INTO flow_documents (warehouse, kind, id, status, version, data, updated_at_ms)
                    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (warehouse, kind, id) DO UPDATE SET
                    status = excluded.status, version = excluded.version, data = excluded.data,
                    updated_at_ms = excluded.updated_at_ms
                    """, key + [.text(document.status), .integer(Int64(next)), .text(document.data), .integer(now)])
                try db.query(
                    """
                    INSERT INTO sync_documents (warehouse, kind, id, centre_version, local_version)
                    VALUES ($1, $2, $3, $4, $5) ON CONFLICT (warehouse, kind, id) DO UPDATE SET
                    centre_version = excluded.centre_version, local_version = excluded.local_version
                    """, key + [.integer(Int64(document.version)), .integer(Int64(next))])
                saved += 1
            }
            return saved
        }
    }

    public func syncState(warehouse: String) async throws -> SyncState {
        try await serviceRun(transaction: false) { db in try ReplicaEdgeSQL.state(warehouse, db) }
    }

    public func syncStates() async throws -> [SyncState] {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT warehouse FROM sync_state ORDER BY warehouse", []).map {
                try ReplicaEdgeSQL.state($0.text(0), db)
            }
        }
    }

    public func saveSyncState(_ state: SyncState) async throws {
        try await serviceRun(transaction: false) { db in try ReplicaEdgeSQL.save(state, db) }
    }
}

enum ReplicaEdgeSQL {
    static let columns = """
        warehouse, acked_sequence, acked_hash, last_attempt_ms, last_success_ms, last_pull_ms, last_error,
        pull_cursor_ms, master_digest, rules_digest, conflicts
        """

    static func state(_ warehouse: String, _ db: any SQLExecutor) throws -> SyncState {
        guard let row = try db.query("SELECT \(columns) FROM sync_state WHERE warehouse = $1", [.text(warehouse)]).first
        else { return SyncState(warehouse: warehouse) }
        var state = SyncState(warehouse: warehouse)
        state.ackedSequence = row.int(1)
        state.ackedHash = row.text(2)
        state.lastAttemptMilliseconds = row.optionalInt(3)
        state.lastSuccessMilliseconds = row.optionalInt(4)
        state.lastPullMilliseconds = row.optionalInt(5)
        state.lastError = row.optionalText(6)
        state.pullCursorMilliseconds = row.int(7)
        state.masterDigest = row.text(8)
        state.rulesDigest = row.text(9)
        state.conflicts = row.int(10)
        return state
    }

    static func save(_ state: SyncState, _ db: any SQLExecutor) throws {
        func optional(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
        try db.query(
            """
            INSERT INTO sync_state (\(columns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (warehouse) DO UPDATE SET acked_sequence = excluded.acked_sequence,
            acked_hash = excluded.acked_hash, last_attempt_ms = excluded.last_attempt_ms,
            last_success_ms = excluded.last_success_ms, last_pull_ms = excluded.last_pull_ms,
            last_error = excluded.last_error, pull_cursor_ms = excluded.pull_cursor_ms,
            master_digest = excluded.master_digest, rules_digest = excluded.rules_digest,
            conflicts = excluded.conflicts
            """,
            [
                .text(state.warehouse), .integer(state.ackedSequence), .text(state.ackedHash),
                optional(state.lastAttemptMilliseconds), optional(state.lastSuccessMilliseconds),
                optional(state.lastPullMilliseconds), state.lastError.map { .text($0) } ?? .null,
                .integer(state.pullCursorMilliseconds), .text(state.masterDigest), .text(state.rulesDigest),
                .integer(state.conflicts),
            ])
    }
}
