import Documents
import Foundation
import HTTPTypes
import WMSCore

/// A queued declaration as the API shows it (without its payload).
struct MessageView: Codable, Sendable {
    var id: String
    var subject: String
    var kind: String
    var endpoint: String
    var status: OutboxStatus
    var attempts: Int
    var nextAttemptAt: Date?
    var lastError: String?
    var receipt: DeliveryReceipt?
    var createdAt: Date
    var payloadBytes: Int

    init(_ message: OutboxMessage) {
        id = message.id
        subject = message.subject
        kind = message.kind
        endpoint = message.endpoint
        status = message.status
        attempts = message.attempts
        nextAttemptAt = message.status == .pending ? message.nextAttemptAt : nil
        lastError = message.lastError
        receipt = message.receipt
        createdAt = message.createdAt
        payloadBytes = message.payload.utf8.count
    }
}

extension BondedService {
    func outboxRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/declarations", .write, roles: Roles.declarants,
                summary: "Build a declaration and queue it for the single window", auditsItself: true
            ) { [self] call in
                let (kind, subject, messageID, request) = try Self.declarationInput(call.body)
                let xml = try documents.xml(kind, for: request)
                guard let endpoint = configuration.endpoint(for: kind.rawValue) else {
                    throw Problem(
                        .unprocessableContent, code: "no-endpoint",
                        "no single-window endpoint is configured for \(kind.rawValue)", field: "kind",
                        value: kind.rawValue)
                }
                let now = Date()
                let message = OutboxMessage(
                    id: messageID
                        ?? "\(call.parameter("warehouse"))-\(kind.rawValue)-\(UUID().uuidString.lowercased())",
                    warehouse: call.parameter("warehouse"), subject: subject, kind: kind.rawValue, endpoint: endpoint,
                    payload: xml, nextAttemptAt: now, createdAt: now)
                let queued = try await store.enqueue(message, audit: call.auditRecord(status: 202))
                guard let stored = try await store.outboxMessage(message.id) else { throw Problem.notFound("message") }
                guard queued || stored.warehouse == message.warehouse else {
                    throw Problem(.conflict, code: "message-id-taken", "the message id is in use", field: "messageId")
                }
                return try .json(MessageView(stored), status: queued ? .accepted : .ok)
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/declarations", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "Queued declarations with their delivery state and receipts"
            ) { [self] call in
                let page = try Pagination(call)
                let offset = try page.offset()
                let messages = try await store.outboxMessages(
                    warehouse: call.parameter("warehouse"), offset: offset, limit: page.limit + 1)
                let items = messages.prefix(page.limit).map(MessageView.init)
                return try .json(
                    Page(
                        items: Array(items),
                        nextCursor: messages.count > page.limit ? Pagination.encode(String(offset + page.limit)) : nil))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/declarations/{id}", .read, roles: Roles.all,
                summary: "One declaration's delivery state and receipt"
            ) { [self] call in
                guard let message = try await store.outboxMessage(call.parameter("id")),
                    message.warehouse == call.parameter("warehouse")
                else { throw Problem.notFound("declaration", field: "id", value: call.parameter("id")) }
                return try .json(MessageView(message))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/holds", .read, roles: Roles.all,
                summary: "Subjects on hold because a single window rejected their declaration"
            ) { [self] call in
                try .json(["items": try await store.holds(warehouse: call.parameter("warehouse"))])
            },
        ]
    }

    /// `{"kind": "ceb311", "subject": "order-1", "messageId": "…"?, "request": {…document request…}}`.
    static func declarationInput(_ body: [UInt8]) throws -> (DocumentKind, String, String?, DocumentRequest) {
        let data = try StrictJSON.utf8Data(body)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Problem(.badRequest, code: "malformed-json", "the body is not a JSON object")
        }
        for key in object.keys.sorted() where !["kind", "subject", "messageId", "request"].contains(key) {
            throw Problem(.badRequest, code: "unknown-field", "unknown field '\(key)'", field: key)
        }
        guard let kindText = object["kind"] as? String else { throw Problem.invalid("kind", "expected a string") }
        let kind = try documentKind(kindText)
        guard kind != .label else { throw Problem.invalid("kind", "a label is not a declaration", value: kindText) }
        guard let subject = object["subject"] as? String, !subject.isEmpty, subject.count <= 100 else {
            throw Problem.invalid("subject", "a string of 1 to 100 characters")
        }
        var messageID: String?
        if let value = object["messageId"] {
            guard let text = value as? String else { throw Problem.invalid("messageId", "expected a string") }
            try checkName(text, field: "messageId")
            messageID = text
        }
        guard let request = object["request"] as? [String: Any] else {
            throw Problem.invalid("request", "expected an object")
        }
        do {
            let requestData = try JSONSerialization.data(withJSONObject: request)
            return (kind, subject, messageID, try DocumentRequest.decode(json: requestData))
        } catch let error as DocumentError {
            var problem = Problem.from(error)
            problem.field = problem.field.map { "request." + $0 }
            throw problem
        }
    }
}
