public import Foundation
import Logging
import ServiceLifecycle
import WMSCore

/// Delivers queued declarations: claims due messages, POSTs each to its endpoint with its message id, stores the
/// receipt, and retries failures with exponential backoff.
///
/// The receiver answers with a receipt `{"messageId": …, "outcome": "accepted"|"rejected", "reason": …}`. A
/// message is sent again after a timeout, a connection error, 408, 429 or 5xx, always under the same
/// `Message-ID`, so a receiver that deduplicates by it processes each message once; once a receipt is stored the
/// message is never sent again. Any other answer without a receipt marks the message failed.
struct OutboxWorker: Service {
    let service: BondedService

    func run() async throws {
        let interval = service.configuration.outboxPollInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                _ = try await service.deliverDueMessages()
            } catch {
                service.logger.error("outbox pass failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}

/// A single window's answer.
struct ReceiptBody: Codable {
    var messageId: String?
    var outcome: DeliveryReceipt.Outcome
    var reason: String?
}

extension BondedService {
    /// One pass: delivers every message due now; returns how many were attempted.
    @discardableResult
    public func deliverDueMessages(now: Date = Date()) async throws -> Int {
        let configuration = self.configuration
        let lease = configuration.outboxRequestTimeout + 5
        let messages = try await store.claimDueMessages(
            now: now, limit: configuration.outboxBatchSize, lease: lease)
        await withTaskGroup(of: Void.self) { group in
            for message in messages {
                group.addTask { await self.deliver(message) }
            }
        }
        return messages.count
    }

    /// The wait before the next attempt: the base delay, doubled after each failed attempt, capped (before ±10 %
    /// jitter, so workers that failed together do not retry together).
    static func retryDelay(afterAttempt attempt: Int, _ configuration: ServiceConfiguration) -> TimeInterval {
        min(configuration.outboxBaseDelay * pow(2, Double(max(attempt, 1) - 1)), configuration.outboxMaxDelay)
    }

    private func deliver(_ message: OutboxMessage) async {
        let poster = HTTPPoster(timeout: configuration.outboxRequestTimeout)
        let failure: String
        var retry = true
        do {
            let answer = try await poster.post(
                message.endpoint, body: Array(message.payload.utf8),
                headers: [
                    "Content-Type": "application/xml", "Message-ID": message.id, "X-Bonded-Kind": message.kind,
                    "X-Bonded-Subject": message.subject,
                ])
            if let receipt = try? JSONDecoder().decode(ReceiptBody.self, from: Data(answer.body)),
                receipt.messageId == nil || receipt.messageId == message.id
            {
                try await store.recordReceipt(
                    messageID: message.id,
                    receipt: DeliveryReceipt(outcome: receipt.outcome, reason: receipt.reason, at: Date()))
                metrics.outbox(receipt.outcome.rawValue)
                if receipt.outcome == .rejected {
                    do {
                        try await holdOrder(message, reason: receipt.reason)
                    } catch {
                        logger.error(
                            "order hold after a rejection failed",
                            metadata: ["message_id": "\(message.id)", "error": "\(error)"])
                    }
                }
                logger.info(
                    "declaration receipt",
                    metadata: [
                        "message_id": "\(message.id)", "outcome": "\(receipt.outcome.rawValue)",
                        "attempt": "\(message.attempts + 1)",
                    ])
                return
            }
            failure = "HTTP \(answer.status) without a receipt"
            retry = answer.status >= 500 || answer.status == 408 || answer.status == 429
        } catch {
            failure = "\(error)"
        }
        let attempts = message.attempts + 1
        let next: Date?
        if retry && attempts < configuration.outboxMaxAttempts {
            let delay = Self.retryDelay(afterAttempt: attempts, configuration)
            next = Date().addingTimeInterval(delay * Double.random(in: 0.9...1.1))
        } else {
            next = nil
        }
        metrics.outbox(next == nil ? "failed" : "retry")
        logger.warning(
            "declaration delivery failed",
            metadata: ["message_id": "\(message.id)", "attempt": "\(attempts)", "error": "\(failure)"])
        do {
            try await store.recordFailedAttempt(messageID: message.id, error: failure, nextAttempt: next)
        } catch {
            logger.error("outbox bookkeeping failed", metadata: ["message_id": "\(message.id)", "error": "\(error)"])
        }
    }

    /// A rejected declaration puts its order on hold (the subject is on hold in the outbox's tables already): the
    /// order carries a hold naming the single window's reason, and moves to held when it still can (an order that
    /// left already keeps its status and carries the hold). Subjects that are not orders of the warehouse are left.
    func holdOrder(_ message: OutboxMessage, reason: String?) async throws {
        let orders = OrderService(store: store, desk: message.warehouse)
        guard try await orders.order(id: message.subject) != nil else { return }
        let operation = "receipt/\(message.id)"
        let hold = OrderHold(
            code: "SINGLE-WINDOW-REJECTED", message: reason ?? "rejected by the single window",
            rule: "single-window.\(message.kind)", source: "receipt of message \(message.id)")
        try await orders.update(message.subject, operation: operation) { order in
            if !order.holds.contains(hold) { order.holds.append(hold) }
            if order.status.canMove(to: .held) {
                try order.move(to: .held, operation: operation, note: hold.description)
            }
        }
    }
}
