public import Foundation

/// Where a queued declaration is in its delivery.
public enum OutboxStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its (next) attempt.
    case pending
    /// The single window accepted it.
    case accepted
    /// The single window rejected it; its subject is on hold.
    case rejected
    /// Every attempt failed; an operator has to look.
    case failed
}

/// What a single window answered about a message.
public struct DeliveryReceipt: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case accepted, rejected
    }
    public var outcome: Outcome
    public var reason: String?
    public var at: Date

    public init(outcome: Outcome, reason: String?, at: Date) {
        self.outcome = outcome
        self.reason = reason
        self.at = at
    }
}

/// A declaration queued for a single window, delivered by the outbox with retries; its id makes delivery
/// idempotent at the receiver.
public struct OutboxMessage: Sendable, Hashable, Codable {
    public var id: String
    public var warehouse: String
    /// What the declaration is about (an order, a shipment); a rejection puts it on hold.
    public var subject: String
    /// The document kind (`ceb311`, `h7`, …).
    public var kind: String
    public var endpoint: String
    public var payload: String
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var receipt: DeliveryReceipt?
    public var createdAt: Date

    public init(
        id: String, warehouse: String, subject: String, kind: String, endpoint: String, payload: String,
        status: OutboxStatus = .pending, attempts: Int = 0, nextAttemptAt: Date, lastError: String? = nil,
        receipt: DeliveryReceipt? = nil, createdAt: Date
    ) {
        self.id = id
        self.warehouse = warehouse
        self.subject = subject
        self.kind = kind
        self.endpoint = endpoint
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.receipt = receipt
        self.createdAt = createdAt
    }
}

/// A subject (order, shipment) stopped because a single window rejected its declaration.
public struct SubjectHold: Sendable, Hashable, Codable {
    public var warehouse: String
    public var subject: String
    public var reason: String
    public var messageID: String
    public var at: Date

    public init(warehouse: String, subject: String, reason: String, messageID: String, at: Date) {
        self.warehouse = warehouse
        self.subject = subject
        self.reason = reason
        self.messageID = messageID
        self.at = at
    }
}
