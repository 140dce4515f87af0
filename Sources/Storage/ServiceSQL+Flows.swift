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
    public func post(_ posting: Posting, queueing messages: [OutboxMessage]) async throws -> PostingResult {
        try await post(posting) { db in
            for (index, message) in messages.enumerated() {
                guard try db.query("SELECT 1 FROM outbox WHERE id = $1", [.text(message.id)]).isEmpty else {
                    throw OutboxInsert.taken(message, index: index)
                }
                try db.query(OutboxInsert.sql, OutboxInsert.parameters(message))
            }
        }
    }
}

extension PostgresStore {
    public func post(_ posting: Posting, queueing messages: [OutboxMessage]) async throws -> PostingResult {
        try posting.validate()
        let now = StoreCoding.milliseconds(posting.recordedAt ?? Date())
        let extra = messages.map { PostgresStatement(sql: OutboxInsert.sql, parameters: OutboxInsert.parameters($0)) }
        return try await run { db in
            do {
                // The movements and the inserts share one pipeline, which PostgreSQL runs as one transaction.
                return try self.post(posting, at: now, db, extra: extra)
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
