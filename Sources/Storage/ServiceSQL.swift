internal import Foundation
internal import WMSCore

/// A connection that runs parameterised SQL; both backends' connections are one.
///
/// The service's statements use `$1, $2, …` in order of first appearance, which PostgreSQL reads as positional
/// parameters and SQLite as named parameters numbered in the same order.
protocol SQLExecutor {
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow]
}

extension SQLiteConnection: SQLExecutor {}
extension PostgresConnection: SQLExecutor {}

/// A store that runs the service's statements: one implementation of `ServiceStore` for both backends.
protocol SQLServiceHost: ServiceStore {
    /// Runs `body` on a connection, inside one transaction when `transaction` is true.
    @discardableResult
    func serviceRun<T: Sendable>(transaction: Bool, _ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    /// Appended to the claim query's inner SELECT (`FOR UPDATE SKIP LOCKED` on PostgreSQL).
    var claimLocking: String { get }
}

private enum Columns {
    static let user = "username, role, warehouses, password_hash, created_at_ms"
    static let token = "token_hash, username, name, created_at_ms, expires_at_ms"
    static let audit = "id, at_ms, actor, role, action, target, warehouse, remote, status, request_id"
    static let outbox = """
        id, warehouse, subject, kind, endpoint, payload, status, attempts, next_attempt_ms, last_error,
        receipt_outcome, receipt_reason, receipt_at_ms, created_at_ms
        """
}

private func ms(_ date: Date) -> SQLValue { .integer(StoreCoding.milliseconds(date)) }
private func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
private func optional(_ text: String?) -> SQLValue { text.map { .text($0) } ?? .null }

private func decodeUser(_ row: SQLRow) throws -> User {
    guard let role = Role(rawValue: row.text(1)) else {
        throw WMSError(.storage, field: "users.role", value: row.text(1), "unknown role in the database")
    }
    let warehouses = row.text(2).split(separator: ",").map(String.init)
    return User(
        username: row.text(0), role: role, warehouses: warehouses, passwordHash: row.text(3),
        createdAt: date(row.int(4)))
}

private func decodeAudit(_ row: SQLRow) -> AuditRecord {
    AuditRecord(
        id: row.int(0), at: date(row.int(1)), actor: row.text(2), role: row.text(3), action: row.text(4),
        target: row.text(5), warehouse: row.optionalText(6), remote: row.text(7), status: Int(row.int(8)),
        requestID: row.text(9))
}

private func decodeMessage(_ row: SQLRow) throws -> OutboxMessage {
    guard let status = OutboxStatus(rawValue: row.text(6)) else {
        throw WMSError(.storage, field: "outbox.status", value: row.text(6), "unknown outbox status")
    }
    var receipt: DeliveryReceipt?
    if let outcome = row.optionalText(10).flatMap(DeliveryReceipt.Outcome.init(rawValue:)) {
        receipt = DeliveryReceipt(outcome: outcome, reason: row.optionalText(11), at: date(row.optionalInt(12) ?? 0))
    }
    return OutboxMessage(
        id: row.text(0), warehouse: row.text(1), subject: row.text(2), kind: row.text(3), endpoint: row.text(4),
        payload: row.text(5), status: status, attempts: Int(row.int(7)), nextAttemptAt: date(row.int(8)),
        lastError: row.optionalText(9), receipt: receipt, createdAt: date(row.int(13)))
}

extension SQLServiceHost {
    public func save(_ user: User) async throws {
        guard !user.username.isEmpty, !user.username.contains(",") else {
            throw WMSError(.invalidField, field: "username", value: user.username, "a username is not empty")
        }
        try await serviceRun(transaction: false) { db in
            try db.query(
                """
                INSERT INTO users (\(Columns.user)) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO UPDATE SET
                role = excluded.role, warehouses = excluded.warehouses, password_hash = excluded.password_hash
                """,
                [
                    .text(user.username), .text(user.role.rawValue), .text(user.warehouses.joined(separator: ",")),
                    .text(user.passwordHash), ms(user.createdAt),
                ])
        }
    }

    public func user(_ username: String) async throws -> User? {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT \(Columns.user) FROM users WHERE username = $1", [.text(username)]).first.map(
                decodeUser)
        }
    }

    public func users() async throws -> [User] {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT \(Columns.user) FROM users ORDER BY username", []).map(decodeUser)
        }
    }

    public func save(_ token: APIToken) async throws {
        try await serviceRun(transaction: false) { db in
            guard try !db.query("SELECT 1 FROM users WHERE username = $1", [.text(token.username)]).isEmpty else {
                throw WMSError(.invalidField, field: "username", value: token.username, "unknown user")
            }
            try db.query(
                "INSERT INTO api_tokens (\(Columns.token)) VALUES ($1, $2, $3, $4, $5)",
                [
                    .text(token.tokenHash), .text(token.username), .text(token.name), ms(token.createdAt),
                    token.expiresAt.map(ms) ?? .null,
                ])
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT \(Columns.token) FROM api_tokens WHERE token_hash = $1", [.text(hash)]).first.map {
                APIToken(
                    tokenHash: $0.text(0), username: $0.text(1), name: $0.text(2), createdAt: date($0.int(3)),
                    expiresAt: $0.optionalInt(4).map(date))
            }
        }
    }

    @discardableResult
    public func append(_ record: AuditRecord) async throws -> AuditRecord {
        try await serviceRun(transaction: false) { db in try Self.append(record, db) }
    }

    static func append(_ record: AuditRecord, _ db: any SQLExecutor) throws -> AuditRecord {
        let id = try db.query(
            """
            INSERT INTO audit_log (at_ms, actor, role, action, target, warehouse, remote, status, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
            """,
            [
                ms(record.at), .text(record.actor), .text(record.role), .text(record.action), .text(record.target),
                optional(record.warehouse), .text(record.remote), .integer(Int64(record.status)),
                .text(record.requestID),
            ]
        ).first?.int(0)
        var saved = record
        saved.id = id ?? 0
        return saved
    }

    public func auditRecords(after: Int64, limit: Int, warehouse: String?) async throws -> [AuditRecord] {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT \(Columns.audit) FROM audit_log WHERE id > $1"
                    + (warehouse == nil ? " ORDER BY id LIMIT $2" : " AND warehouse = $2 ORDER BY id LIMIT $3"),
                [.integer(after)] + (warehouse.map { [.text($0)] } ?? []) + [.integer(Int64(limit))]
            ).map(decodeAudit)
        }
    }

    public func idempotencyRecord(actor: String, key: String) async throws -> IdempotencyRecord? {
        try await serviceRun(transaction: false) { db in
            try db.query(
                """
                SELECT actor, key, request_hash, status, content_type, body, created_at_ms FROM idempotency_keys
                WHERE actor = $1 AND key = $2
                """, [.text(actor), .text(key)]
            ).first.map {
                IdempotencyRecord(
                    actor: $0.text(0), key: $0.text(1), requestHash: $0.text(2), status: Int($0.int(3)),
                    contentType: $0.text(4), body: [UInt8](Data(base64Encoded: $0.text(5)) ?? Data()),
                    createdAt: date($0.int(6)))
            }
        }
    }

    public func saveIfAbsent(_ record: IdempotencyRecord) async throws -> IdempotencyRecord {
        try await serviceRun(transaction: false) { db in
            try db.query(
                """
                INSERT INTO idempotency_keys (actor, key, request_hash, status, content_type, body, created_at_ms)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (actor, key) DO NOTHING
                """,
                [
                    .text(record.actor), .text(record.key), .text(record.requestHash), .integer(Int64(record.status)),
                    .text(record.contentType), .text(Data(record.body).base64EncodedString()), ms(record.createdAt),
                ])
        }
        return try await idempotencyRecord(actor: record.actor, key: record.key) ?? record
    }

    public func products(after: String, limit: Int) async throws -> [Product] {
        let rows = try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT data FROM products WHERE sku > $1 ORDER BY sku LIMIT $2",
                [.text(after), .integer(Int64(limit))]
            ).map { $0.text(0) }
        }
        return try rows.map { try StoreCoding.decode(Product.self, $0) }
    }

    public func enqueue(_ message: OutboxMessage, audit record: AuditRecord) async throws -> Bool {
        try await serviceRun(transaction: true) { db in
            let inserted = try db.query(
                """
                INSERT INTO outbox (id, warehouse, subject, kind, endpoint, payload, status, attempts, next_attempt_ms,
                created_at_ms, seq) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $8,
                (SELECT COALESCE(MAX(seq), 0) + 1 FROM outbox)) ON CONFLICT (id) DO NOTHING RETURNING id
                """,
                [
                    .text(message.id), .text(message.warehouse), .text(message.subject), .text(message.kind),
                    .text(message.endpoint), .text(message.payload), ms(message.nextAttemptAt), ms(message.createdAt),
                ])
            guard !inserted.isEmpty else { return false }
            _ = try Self.append(record, db)
            return true
        }
    }

    public func claimDueMessages(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxMessage] {
        let locking = claimLocking
        return try await serviceRun(transaction: true) { db in
            try db.query(
                """
                UPDATE outbox SET next_attempt_ms = $1 WHERE id IN (SELECT id FROM outbox
                WHERE status = 'pending' AND next_attempt_ms <= $2 ORDER BY next_attempt_ms, seq LIMIT $3 \(locking))
                RETURNING \(Columns.outbox)
                """, [ms(now.addingTimeInterval(lease)), ms(now), .integer(Int64(limit))]
            ).map(decodeMessage)
        }
    }

    public func recordFailedAttempt(messageID: String, error: String, nextAttempt: Date?) async throws {
        try await serviceRun(transaction: true) { db in
            try db.query(
                """
                UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_ms = $2, status = $3
                WHERE id = $4 AND status = 'pending'
                """,
                [
                    .text(String(error.prefix(500))), nextAttempt.map(ms) ?? .integer(0),
                    .text(nextAttempt == nil ? OutboxStatus.failed.rawValue : OutboxStatus.pending.rawValue),
                    .text(messageID),
                ])
        }
    }

    public func recordReceipt(messageID: String, receipt: DeliveryReceipt) async throws {
        try await serviceRun(transaction: true) { db in
            let status: OutboxStatus = receipt.outcome == .accepted ? .accepted : .rejected
            let settled = try db.query(
                """
                UPDATE outbox SET attempts = attempts + 1, status = $1, receipt_outcome = $2, receipt_reason = $3,
                receipt_at_ms = $4, last_error = NULL WHERE id = $5 AND status IN ('pending', 'failed')
                RETURNING warehouse, subject
                """,
                [
                    .text(status.rawValue), .text(receipt.outcome.rawValue), optional(receipt.reason), ms(receipt.at),
                    .text(messageID),
                ])
            guard let row = settled.first, receipt.outcome == .rejected else { return }
            try db.query(
                """
                INSERT INTO subject_holds (warehouse, subject, reason, message_id, at_ms) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (warehouse, subject) DO UPDATE SET reason = excluded.reason,
                message_id = excluded.message_id, at_ms = excluded.at_ms
                """,
                [
                    .text(row.text(0)), .text(row.text(1)), .text(receipt.reason ?? "rejected"), .text(messageID),
                    ms(receipt.at),
                ])
        }
    }

    public func outboxMessage(_ id: String) async throws -> OutboxMessage? {
        try await serviceRun(transaction: false) { db in
            try db.query("SELECT \(Columns.outbox) FROM outbox WHERE id = $1", [.text(id)]).first.map(decodeMessage)
        }
    }

    public func outboxMessages(warehouse: String, offset: Int, limit: Int) async throws -> [OutboxMessage] {
        try await serviceRun(transaction: false) { db in
            try db.query(
                "SELECT \(Columns.outbox) FROM outbox WHERE warehouse = $1 ORDER BY seq LIMIT $2 OFFSET $3",
                [.text(warehouse), .integer(Int64(limit)), .integer(Int64(offset))]
            ).map(decodeMessage)
        }
    }

    public func holds(warehouse: String) async throws -> [SubjectHold] {
        try await serviceRun(transaction: false) { db in
            try db.query(
                """
                SELECT warehouse, subject, reason, message_id, at_ms FROM subject_holds WHERE warehouse = $1
                ORDER BY subject
                """, [.text(warehouse)]
            ).map {
                SubjectHold(
                    warehouse: $0.text(0), subject: $0.text(1), reason: $0.text(2), messageID: $0.text(3),
                    at: date($0.int(4)))
            }
        }
    }
}

extension SQLiteStore: SQLServiceHost {
    @discardableResult
    func serviceRun<T: Sendable>(transaction: Bool, _ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    {
        try await run { db in transaction ? try Self.transaction(db) { try body(db) } : try body(db) }
    }

    var claimLocking: String { "" }
}

extension PostgresStore: SQLServiceHost {
    @discardableResult
    func serviceRun<T: Sendable>(transaction: Bool, _ body: @escaping @Sendable (any SQLExecutor) throws -> T)
        async throws -> T
    {
        try await run { db in
            guard transaction else { return try body(db) }
            try db.execute("BEGIN")
            do {
                let result = try body(db)
                try db.execute("COMMIT")
                return result
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
    }

    var claimLocking: String { "FOR UPDATE SKIP LOCKED" }
}
