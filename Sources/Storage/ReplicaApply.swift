internal import Foundation
public import WMSCore

/// The centre's side of replication, one implementation for both backends.
///
/// A batch is applied in one transaction that first takes a per-warehouse lock (PostgreSQL: an advisory lock;
/// SQLite: `BEGIN IMMEDIATE`), so two copies of one batch (a duplicated request) serialise and the second skips.
/// New entries go in with one multi-row statement per table on PostgreSQL (`unnest` of array parameters: one
/// prepared statement whatever the batch size) and balances get one upsert per touched key with the batch's net
/// delta. Stock checks are not repeated: the edge made them, and its ledger is the physical truth.
extension SQLServiceHost {
    public func applyReplica(_ batch: ReplicaBatch) async throws -> ReplicaOutcome {
        try ReplicaChain.check(batch)
        let postgres = !claimLocking.isEmpty
        let now = StoreCoding.milliseconds(Date())
        return try await serviceRun(transaction: true) { db in
            try ReplicaApplier(db: db, postgres: postgres, batch: batch, now: now).apply()
        }
    }

    public func syncConflicts(warehouse: String?) async throws -> [SyncConflict] {
        try await serviceRun(transaction: false) { db in
            let sql =
                "SELECT \(ReplicaApplier.conflictColumns) FROM sync_conflicts"
                + (warehouse == nil ? "" : " WHERE warehouse = $1") + " ORDER BY raised_at_ms, id"
            return try db.query(sql, warehouse.map { [.text($0)] } ?? []).map(ReplicaApplier.conflict)
        }
    }

    public func documentsChanged(warehouse: String, kinds: [String], sinceMilliseconds: Int64) async throws
        -> [ReplicatedDocument]
    {
        try await serviceRun(transaction: false) { db in
            var documents: [ReplicatedDocument] = []
            for kind in kinds {
                let rows = try db.query(
                    """
                    SELECT \(StoreCoding.documentColumns), updated_at_ms FROM flow_documents
                    WHERE warehouse = $1 AND kind = $2 AND updated_at_ms >= $3 ORDER BY updated_at_ms, id LIMIT 1000
                    """, [.text(warehouse), .text(kind), .integer(sinceMilliseconds)])
                for row in rows {
                    let document = StoreCoding.document(row)
                    documents.append(
                        ReplicatedDocument(
                            document: document, baseCentreVersion: document.version,
                            updatedAtMilliseconds: row.int(row.values.count - 1)))
                }
            }
            return documents
        }
    }

    public func allLots() async throws -> [Lot] {
        let rows = try await serviceRun(transaction: false) { db in
            try db.query("SELECT sku, lot, expiry, serials FROM lots ORDER BY sku, lot", [])
        }
        return try rows.map {
            Lot(
                sku: $0.text(0), lot: $0.text(1), expiry: $0.optionalText(2),
                serials: try StoreCoding.decode([String].self, $0.text(3)))
        }
    }
}

/// Checks a batch on its own: one warehouse, consecutive sequences, intact links and hashes.
enum ReplicaChain {
    static func check(_ batch: ReplicaBatch) throws {
        var previous: LedgerEntry?
        for (index, entry) in batch.entries.enumerated() {
            guard entry.warehouse == batch.warehouse else {
                throw ReplicaError(
                    .wrongWarehouse, field: "entries[\(index)].warehouse", value: entry.warehouse,
                    "the batch is for warehouse '\(batch.warehouse)'")
            }
            if let previous {
                guard entry.sequence == previous.sequence + 1 else {
                    throw ReplicaError(
                        .brokenChain, field: "entries[\(index)].sequence", value: String(entry.sequence),
                        "expected sequence \(previous.sequence + 1)")
                }
                guard entry.previousHash == previous.hash else {
                    throw ReplicaError(
                        .brokenChain, field: "entries[\(index)].previousHash", value: entry.previousHash,
                        "does not match the hash of the entry before it")
                }
            } else if entry.sequence < 1 {
                throw ReplicaError(
                    .brokenChain, field: "entries[\(index)].sequence", value: String(entry.sequence),
                    "sequences start at 1")
            }
            guard LedgerHasher.hash(of: entry) == entry.hash else {
                throw ReplicaError(
                    .brokenChain, field: "entries[\(index)].hash", value: entry.hash,
                    "the entry's content does not match its hash")
            }
            previous = entry
        }
        for (index, item) in batch.documents.enumerated() where item.document.warehouse != batch.warehouse {
            throw ReplicaError(
                .wrongWarehouse, field: "documents[\(index)].warehouse", value: item.document.warehouse,
                "the batch is for warehouse '\(batch.warehouse)'")
        }
        for (index, reservation) in (batch.reservations ?? []).enumerated()
        where reservation.warehouse != batch.warehouse {
            throw ReplicaError(
                .wrongWarehouse, field: "reservations[\(index)].warehouse", value: reservation.warehouse,
                "the batch is for warehouse '\(batch.warehouse)'")
        }
    }
}

/// One batch applied inside one transaction.
struct ReplicaApplier {
    let db: any SQLExecutor
    let postgres: Bool
    let batch: ReplicaBatch
    let now: Int64

    private struct BalanceKey: Hashable {
        var location: String
        var sku: String
        var lot: String
        var bucket: String
    }

    func apply() throws -> ReplicaOutcome {
        let warehouse = batch.warehouse
        if postgres {
            try db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [.text("bonded-sync-" + warehouse)])
        }
        let head = try currentHead()
        if let first = batch.entries.first, first.sequence > head.sequence + 1 {
            return ReplicaOutcome(head: head, applied: 0, skipped: 0, gap: true, documents: [], conflicts: [])
        }
        let known = batch.entries.filter { $0.sequence <= head.sequence }
        let fresh = batch.entries.filter { $0.sequence > head.sequence }
        try checkApplied(known)
        if let first = fresh.first, first.previousHash != head.hash {
            throw ReplicaError(
                .fork, field: "entries[\(known.count)].previousHash", value: first.previousHash,
                "the edge's entry \(first.sequence) does not continue the centre's head \(head.sequence) "
                    + "(\(head.hash.prefix(12))…): the ledgers diverged")
        }
        if !fresh.isEmpty {
            try insert(fresh)
            try applyBalances(fresh)
        }
        if let reservations = batch.reservations { try replace(reservations) }
        var acks: [ReplicaDocumentAck] = []
        var conflicts: [SyncConflict] = []
        for item in batch.documents {
            let (ack, conflict) = try save(item)
            acks.append(ack)
            if let conflict { conflicts.append(conflict) }
        }
        let newHead =
            fresh.last.map { ChainHead(warehouse: warehouse, sequence: $0.sequence, hash: $0.hash) } ?? head
        return ReplicaOutcome(
            head: newHead, applied: fresh.count, skipped: known.count, gap: false, documents: acks,
            conflicts: conflicts)
    }

    private func currentHead() throws -> ChainHead {
        try db.query(
            "SELECT sequence, hash FROM ledger_entries WHERE warehouse = $1 ORDER BY sequence DESC LIMIT 1",
            [.text(batch.warehouse)]
        ).first.map { ChainHead(warehouse: batch.warehouse, sequence: $0.int(0), hash: $0.text(1)) }
            ?? .genesis(batch.warehouse)
    }

    /// Re-sent entries must be the very entries the centre holds.
    private func checkApplied(_ known: [LedgerEntry]) throws {
        guard let first = known.first, let last = known.last else { return }
        let rows = try db.query(
            "SELECT sequence, hash FROM ledger_entries WHERE warehouse = $1 AND sequence >= $2 AND sequence <= $3",
            [.text(batch.warehouse), .integer(first.sequence), .integer(last.sequence)])
        var stored: [Int64: String] = [:]
        for row in rows { stored[row.int(0)] = row.text(1) }
        for (index, entry) in known.enumerated() where stored[entry.sequence] != entry.hash {
            throw ReplicaError(
                .fork, field: "entries[\(index)].hash", value: entry.hash,
                "the centre holds another entry at sequence \(entry.sequence) of '\(batch.warehouse)' "
                    + "(\((stored[entry.sequence] ?? "none").prefix(12))…): the ledgers diverged")
        }
    }

    private func insert(_ entries: [LedgerEntry]) throws {
        if postgres {
            var columns = Array(repeating: [SQLValue](), count: 20)
            for entry in entries {
                for (index, value) in StoreCoding.entryParameters(entry).enumerated() { columns[index].append(value) }
            }
            try db.query(
                """
                INSERT INTO ledger_entries (\(StoreCoding.entryColumns)) SELECT * FROM unnest(
                $1::text[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[], $14::text[], $15::text[],
                $16::text[], $17::bigint[], $18::text[], $19::text[], $20::text[])
                """, columns.map(PostgresArray.literal))
        } else {
            for entry in entries {
                try db.query(
                    "INSERT INTO ledger_entries (\(StoreCoding.entryColumns)) VALUES "
                        + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
                    StoreCoding.entryParameters(entry))
            }
        }
    }

    /// Net change per balance row, one upsert each (one statement in all on PostgreSQL).
    private func applyBalances(_ entries: [LedgerEntry]) throws {
        var deltas: [BalanceKey: Int64] = [:]
        var order: [BalanceKey] = []
        func add(_ key: BalanceKey, _ delta: Int64) {
            if deltas[key] == nil { order.append(key) }
            deltas[key, default: 0] += delta
        }
        for entry in entries {
            if let from = entry.from {
                add(
                    .init(location: from.location, sku: entry.sku, lot: entry.lot, bucket: from.bucket.rawValue),
                    -entry.quantity)
            }
            if let to = entry.to {
                add(
                    .init(location: to.location, sku: entry.sku, lot: entry.lot, bucket: to.bucket.rawValue),
                    entry.quantity)
            }
        }
        // Increases are upserts; decreases update rows that must exist (a CHECK sees an inserted row before
        // ON CONFLICT does, so a negative delta cannot go through an upsert). Increases first.
        let increases = order.filter { (deltas[$0] ?? 0) > 0 }
        let decreases = order.filter { (deltas[$0] ?? 0) < 0 }
        func arrays(_ keys: [BalanceKey]) -> [SQLValue] {
            [
                .text(batch.warehouse), PostgresArray.literal(keys.map { .text($0.location) }),
                PostgresArray.literal(keys.map { .text($0.sku) }), PostgresArray.literal(keys.map { .text($0.lot) }),
                PostgresArray.literal(keys.map { .text($0.bucket) }),
                PostgresArray.literal(keys.map { .integer(deltas[$0] ?? 0) }),
            ]
        }
        var updated = 0
        if postgres {
            if !increases.isEmpty {
                try db.query(
                    """
                    INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity)
                    SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                    ON CONFLICT (warehouse, sku, bucket, lot, location)
                    DO UPDATE SET quantity = balances.quantity + excluded.quantity
                    """, arrays(increases))
            }
            if !decreases.isEmpty {
                updated = Int(
                    try db.query(
                        """
                        WITH d AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                            AS d(location, sku, lot, bucket, delta)),
                        u AS (UPDATE balances b SET quantity = b.quantity + d.delta FROM d
                            WHERE b.warehouse = $1::text AND b.location = d.location AND b.sku = d.sku
                                AND b.lot = d.lot AND b.bucket = d.bucket RETURNING 1)
                        SELECT count(*) FROM u
                        """, arrays(decreases)
                    ).first?.int(0) ?? 0)
            }
        } else {
            for key in increases + decreases {
                let parameters: [SQLValue] = [
                    .text(batch.warehouse), .text(key.location), .text(key.sku), .text(key.lot), .text(key.bucket),
                    .integer(deltas[key] ?? 0),
                ]
                if (deltas[key] ?? 0) > 0 {
                    try db.query(
                        """
                        INSERT INTO balances (warehouse, location, sku, lot, bucket, quantity)
                        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (warehouse, sku, bucket, lot, location)
                        DO UPDATE SET quantity = balances.quantity + excluded.quantity
                        """, parameters)
                } else {
                    // SQLite numbers `$n` by first appearance: the delta comes first here.
                    updated += try db.query(
                        """
                        UPDATE balances SET quantity = quantity + $1 WHERE warehouse = $2 AND location = $3
                        AND sku = $4 AND lot = $5 AND bucket = $6 RETURNING 1
                        """, [parameters[5]] + parameters[0..<5]
                    ).count
                }
            }
        }
        guard updated == decreases.count else {
            throw WMSError(
                .storage, field: "warehouse", value: batch.warehouse,
                "the centre's balances of '\(batch.warehouse)' do not hold what the edge's entries take: "
                    + "its projections diverged from its ledger (run ledger verify)")
        }
    }

    /// The edge's reservations replace the centre's copies; `stock.reserved` follows.
    private func replace(_ reservations: [Reservation]) throws {
        var skus: [String] = []
        for reservation in reservations {
            try db.query(
                """
                INSERT INTO reservations (\(StoreCoding.reservationColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (id) DO UPDATE SET warehouse = excluded.warehouse, sku = excluded.sku,
                order_ref = excluded.order_ref, quantity = excluded.quantity, remaining = excluded.remaining,
                status = excluded.status
                """,
                [
                    .text(reservation.id), .text(reservation.warehouse), .text(reservation.sku),
                    .text(reservation.orderReference), .integer(reservation.quantity),
                    .integer(reservation.remaining), .text(reservation.status.rawValue),
                ])
            if !skus.contains(reservation.sku) { skus.append(reservation.sku) }
        }
        for sku in skus {
            try db.query(
                """
                INSERT INTO stock (warehouse, sku, reserved) VALUES ($1, $2,
                    (SELECT COALESCE(SUM(remaining), 0) FROM reservations WHERE warehouse = $1 AND sku = $2))
                ON CONFLICT (warehouse, sku) DO UPDATE SET reserved = excluded.reserved
                """, [.text(batch.warehouse), .text(sku)])
        }
    }

    /// Saves one pushed document. The edge's version wins; if the centre changed the document since the edge's
    /// base, the centre's state is kept in a conflict record.
    private func save(_ item: ReplicatedDocument) throws -> (ReplicaDocumentAck, SyncConflict?) {
        let document = item.document
        let row = try db.query(
            "SELECT version, status, data FROM flow_documents WHERE warehouse = $1 AND kind = $2 AND id = $3",
            [.text(document.warehouse), .text(document.kind), .text(document.id)]
        ).first
        let current = Int(row?.int(0) ?? 0)
        func ack(_ version: Int) -> ReplicaDocumentAck {
            ReplicaDocumentAck(
                kind: document.kind, id: document.id, localVersion: document.version, centreVersion: version)
        }
        if let row, row.text(1) == document.status, row.text(2) == document.data {
            return (ack(current), nil)  // already here (a re-sent push)
        }
        var conflict: SyncConflict?
        if let row, current != item.baseCentreVersion {
            conflict = try raise(item, centreStatus: row.text(1), centreData: row.text(2), centreVersion: current)
        }
        try db.query(
            """
            INSERT INTO flow_documents (warehouse, kind, id, status, version, data, updated_at_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (warehouse, kind, id) DO UPDATE SET
            status = excluded.status, version = excluded.version, data = excluded.data,
            updated_at_ms = excluded.updated_at_ms
            """,
            [
                .text(document.warehouse), .text(document.kind), .text(document.id), .text(document.status),
                .integer(Int64(current + 1)), .text(document.data), .integer(now),
            ])
        return (ack(current + 1), conflict)
    }

    private func raise(_ item: ReplicatedDocument, centreStatus: String, centreData: String, centreVersion: Int)
        throws -> SyncConflict
    {
        let document = item.document
        let what = "\(document.kind) \(document.id)"
        let message: String
        if centreStatus == "cancelled" {
            message =
                "\(what) was cancelled at the centre while edge \(batch.node) moved it to '\(document.status)'; "
                + "the edge's physical facts were kept: re-confirm the \(document.kind) or return its stock"
        } else {
            message =
                "\(what) changed at the centre ('\(centreStatus)') and at edge \(batch.node) ('\(document.status)'); "
                + "the edge's version was kept and the centre's is saved in this record"
        }
        let conflict = SyncConflict(
            id: "\(document.warehouse)/\(document.kind)/\(document.id)/\(centreVersion)", warehouse: document.warehouse,
            kind: document.kind, documentID: document.id, rule: "edge-facts-win", message: message,
            edgeStatus: document.status, centreStatus: centreStatus, centreData: centreData,
            raisedAtMilliseconds: now, status: "open")
        try db.query(
            "INSERT INTO sync_conflicts (\(Self.conflictColumns)) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                + "ON CONFLICT (id) DO NOTHING",
            [
                .text(conflict.id), .text(conflict.warehouse), .text(conflict.kind), .text(conflict.documentID),
                .text(conflict.rule), .text(conflict.message), .text(conflict.edgeStatus),
                .text(conflict.centreStatus), .text(conflict.centreData), .integer(conflict.raisedAtMilliseconds),
                .text(conflict.status),
            ])
        return conflict
    }

    static let conflictColumns = """
        id, warehouse, kind, document_id, rule, message, edge_status, centre_status, centre_data, raised_at_ms, status
        """

    static func conflict(_ row: SQLRow) -> SyncConflict {
        SyncConflict(
            id: row.text(0), warehouse: row.text(1), kind: row.text(2), documentID: row.text(3), rule: row.text(4),
            message: row.text(5), edgeStatus: row.text(6), centreStatus: row.text(7), centreData: row.text(8),
            raisedAtMilliseconds: row.int(9), status: row.text(10))
    }
}

/// PostgreSQL array literals for `unnest` parameters, built as UTF-8 bytes (a batch's columns are large).
enum PostgresArray {
    static func literal(_ values: [SQLValue]) -> SQLValue {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(values.count * 24 + 2)
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            switch value {
            case .null: bytes.append(contentsOf: "NULL".utf8)
            case .integer(let number): bytes.append(contentsOf: String(number).utf8)
            case .text(var string):
                bytes.append(quote)
                string.withUTF8 { utf8 in
                    for byte in utf8 {
                        if byte == quote || byte == backslash { bytes.append(backslash) }
                        bytes.append(byte)
                    }
                }
                bytes.append(quote)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return .text(String(decoding: bytes, as: UTF8.self))
    }
}
