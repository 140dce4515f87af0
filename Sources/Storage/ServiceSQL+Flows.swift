internal import Foundation
public import WMSCore

/// The outbox insert of a message queued beside a business write (no `ON CONFLICT`: a taken id fails the write).
enum OutboxInsert {
    static let sql = """
        INSERT INTO outbox (id, warehouse, subject, kind, endpoint, payload, status, attempts, next_attempt_ms,
        created_at_ms, seq) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8,
        (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox))
        """

    static func parameters(_ message: OutboxMessage) -> [SQLValue] {
        [
            .text(message.id), .text(message.warehouse), .text(message.subject), .text(message.kind),
            .text(message.endpoint), .text(message.payload),
            .integer(StoreCoding.milliseconds(message.nextAttemptAt)),
            .integer(StoreCoding.milliseconds(message.createdAt)),
        ]
    }

    static func taken(_ message: OutboxMessage, index: Int) -> WMSError {
        WMSError(
            .operationConflict, field: "messages[\(index)].id", value: message.id,
            "an outbox message '\(message.id)' is queued already")
    }
}

extension SQLServiceHost {
    public func revokeToken(hash: String) async throws -> APIToken? {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "DELETE FROM api_tokens WHERE token_hash = $1 RETURNING token_hash, username, name, created_at_ms, "
                    + "expires_at_ms", [.text(hash)]
            ).first.map {
                APIToken(
                    tokenHash: $0.text(0), username: $0.text(1), name: $0.text(2),
                    createdAt: Date(timeIntervalSince1970: Double($0.int(3)) / 1000),
                    expiresAt: $0.optionalInt(4).map { Date(timeIntervalSince1970: Double($0) / 1000) })
            }
        }
    }
}

extension SQLiteStore {
    public func post(_ posting: Posting, queueing messages: [OutboxMessage], saving documents: [FlowDocument])
        async throws -> (result: PostingResult, saved: [FlowDocument]?)
    {
        let now = StoreCoding.milliseconds(Date())
        let (result, saved) = try await post(posting) { db in
            for (index, message) in messages.enumerated() {
                guard try db.query("SELECT 1 FROM outbox WHERE id = $1", [.text(message.id)]).isEmpty else {
                    throw OutboxInsert.taken(message, index: index)
                }
                try db.query(OutboxInsert.sql, OutboxInsert.parameters(message))
            }
            return try documents.map { try Self.save($0, at: now, db) }
        }
        return (result, saved)
    }
}

extension PostgresStore {
    /// Saves a flow document over its version inside a pipeline: `bonded_save_document` raises `BD040` (an
    /// operation conflict naming the document) when the stored version is not the expected one.
    static let saveDocumentSQL = "SELECT bonded_save_document($1, $2, $3, $4, $5, $6)"

    public func post(_ posting: Posting, queueing messages: [OutboxMessage], saving documents: [FlowDocument])
        async throws -> (result: PostingResult, saved: [FlowDocument]?)
    {
        try posting.validate()
        let now = StoreCoding.milliseconds(posting.recordedAt ?? Date())
        let saved = documents.map { document in
            var saved = document
            saved.version = document.version + 1
            return saved
        }
        let extra =
            messages.map { PostgresStatement(sql: OutboxInsert.sql, parameters: OutboxInsert.parameters($0)) }
            + saved.map {
                PostgresStatement(
                    sql: Self.saveDocumentSQL,
                    parameters: [
                        .text($0.warehouse), .text($0.kind), .text($0.id), .text($0.status),
                        .integer(Int64($0.version)), .text($0.data),
                    ])
            }
        return try await run { db in
            do {
                // The movements and the writes share one pipeline, which PostgreSQL runs as one transaction.
                let result = try self.post(posting, at: now, db, extra: extra)
                return (result, result.replayed ? nil : saved)
            } catch let error as PostgresError where error.sqlState == "23505" && error.constraint == "outbox_pkey" {
                for (index, message) in messages.enumerated()
                where try !db.query("SELECT 1 FROM outbox WHERE id = $1", [.text(message.id)]).isEmpty {
                    throw OutboxInsert.taken(message, index: index)
                }
                throw error
            }
        }
    }
}
