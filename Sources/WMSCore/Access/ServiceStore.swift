public import Foundation

/// Persistence of what the HTTP service adds around the warehouse: identity, the audit trail, stored responses
/// of idempotent writes, and the single-window outbox. Both storage backends implement it next to `Store`.
public protocol ServiceStore: ConsoleStore {
    /// Creates or replaces a user.
    func save(_ user: User) async throws
    func user(_ username: String) async throws -> User?
    /// Every user, ordered by name.
    func users() async throws -> [User]
    func save(_ token: APIToken) async throws
    /// The token whose SHA-256 is `hash`, or nil.
    func token(hash: String) async throws -> APIToken?

    /// Appends to the audit trail and returns the record with its id.
    @discardableResult
    func append(_ record: AuditRecord) async throws -> AuditRecord
    /// Audit records with an id above `after`, oldest first, at most `limit`; only one warehouse's when given.
    func auditRecords(after: Int64, limit: Int, warehouse: String?) async throws -> [AuditRecord]

    func idempotencyRecord(actor: String, key: String) async throws -> IdempotencyRecord?
    /// Stores a response unless one is stored under the same actor and key, and returns whichever is stored.
    func saveIfAbsent(_ record: IdempotencyRecord) async throws -> IdempotencyRecord

    /// Products ordered by SKU after `after` (exclusive), at most `limit`.
    func products(after: String, limit: Int) async throws -> [Product]

    /// Queues a declaration and records the write that produced it, in one transaction. Returns false (and
    /// writes nothing) when a message with the same id is queued already.
    func enqueue(_ message: OutboxMessage, audit: AuditRecord) async throws -> Bool
    /// Claims up to `limit` pending messages due at `now`: their next attempt moves to `now + lease`, so another
    /// worker does not take them while this one delivers.
    func claimDueMessages(now: Date, limit: Int, lease: TimeInterval) async throws -> [OutboxMessage]
    /// Records a failed attempt: pending again at `nextAttempt`, or failed for good when it is nil.
    func recordFailedAttempt(messageID: String, error: String, nextAttempt: Date?) async throws
    /// Stores the receipt and settles the message; a rejection puts its subject on hold, in the same transaction.
    /// A second receipt for a settled message changes nothing.
    func recordReceipt(messageID: String, receipt: DeliveryReceipt) async throws
    func outboxMessage(_ id: String) async throws -> OutboxMessage?
    /// A warehouse's messages, oldest first, skipping `offset`, at most `limit`.
    func outboxMessages(warehouse: String, offset: Int, limit: Int) async throws -> [OutboxMessage]
    /// The subjects of a warehouse on hold, ordered by subject.
    func holds(warehouse: String) async throws -> [SubjectHold]

    /// Posts `posting`, queues `messages` and saves `documents` (each over its version, as `saveDocuments`) in
    /// one transaction: all are committed, or none. A replayed posting queues and saves nothing (its first run
    /// did) and returns no documents (nil). A message id that is queued already fails the whole call with
    /// `WMSError(.operationConflict, field: "messages[i].id")`, a document saved meanwhile with
    /// `.operationConflict` naming it, and nothing is written.
    func post(_ posting: Posting, queueing messages: [OutboxMessage], saving documents: [FlowDocument])
        async throws -> (result: PostingResult, saved: [FlowDocument]?)
    /// Deletes the token whose SHA-256 is `hash` and returns it; nil when there is none.
    func revokeToken(hash: String) async throws -> APIToken?
}

extension ServiceStore {
    /// Posts `posting` and queues `messages` in one transaction (`post(_:queueing:saving:)` with no documents).
    public func post(_ posting: Posting, queueing messages: [OutboxMessage]) async throws -> PostingResult {
        try await post(posting, queueing: messages, saving: []).result
    }
}
