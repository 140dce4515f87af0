import ComplianceEngine
import Documents
import Foundation
import HTTPTypes
import WMSCore

/// `POST /v1/warehouses/{warehouse}/orders/{order}/pack`: what went into the parcel (one scan per unit, GTIN or
/// SKU), the scale's weight and the dangerous-goods marks applied.
struct PackInput: Codable, Sendable {
    var scans: [String]
    var grossGrams: Int64
    var marks: [String]?
    /// Document date `YYYY-MM-DD` (today, UTC, when absent).
    var date: String?
}

/// A packed or shipped order: its tracking number, parcel and documents (each fetched from `href`).
struct ParcelView: Codable, Sendable {
    struct Document: Codable, Sendable {
        var kind: String
        var id: String
        var sha256: String
        var bytes: Int
        var href: String
    }
    var id: String
    var status: OrderStatus
    var trackingNumber: String?
    var sscc: String?
    var grossGrams: Int64?
    var marks: [String]
    var documents: [Document]
    /// Single-window messages queued with the shipment (ship only).
    var declarations: [String]?

    init(_ order: Order, warehouse: String, declarations: [String]? = nil) {
        id = order.id
        status = order.status
        trackingNumber = order.trackingNumber
        sscc = order.parcel?.sscc
        grossGrams = order.parcel?.grossGrams
        marks = order.parcel?.marks ?? []
        documents = (order.parcel?.documents ?? []).map {
            Document(
                kind: $0.kind, id: $0.id, sha256: $0.sha256, bytes: $0.bytes,
                href: "/v1/warehouses/\(warehouse)/orders/\(order.id)/documents/\($0.kind)")
        }
        self.declarations = declarations
    }
}

extension BondedService {
    /// Document kinds that go to a single window (when an endpoint is configured for them) when the parcel ships.
    static let declarationKinds: Set<String> = [
        DocumentKind.h7.rawValue, DocumentKind.usEntry.rawValue, DocumentKind.ceb311.rawValue,
        DocumentKind.ceb621.rawValue,
    ]

    func packRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders/{order}/pack", .write, roles: Roles.floor,
                summary: "Verify contents, weight and dangerous-goods marks; produce the documents and the label"
            ) { [self] call in
                let input = try call.decode(PackInput.self)
                _ = try await existingOrder(call)
                let packed = try await packService(call, day: try Self.day(input.date)).pack(
                    call.parameter("order"), scans: input.scans, grossGrams: input.grossGrams,
                    marks: input.marks ?? [], operationID: call.operationID)
                return try .json(ParcelView(packed, warehouse: call.parameter("warehouse")))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/orders/{order}/documents/{kind}", .read, roles: Roles.all,
                summary: "A packed order's document or label (XML)"
            ) { [self] call in
                let order = try await existingOrder(call)
                guard let reference = order.parcel?.documents.first(where: { $0.kind == call.parameter("kind") }),
                    let document = try await packService(call, day: "").document(reference.id)
                else { throw Problem.notFound("document", field: "kind", value: call.parameter("kind")) }
                return APIResponse(status: .ok, contentType: "application/xml", body: Array(document.content.utf8))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders/{order}/ship", .write, roles: Roles.floor,
                summary: "Ship a packed order; its declarations are queued in the shipment's transaction"
            ) { [self] call in
                if !call.body.isEmpty { _ = try call.decode([String: String].self) }
                _ = try await existingOrder(call)
                let warehouse = call.parameter("warehouse")
                let service = packService(call, day: "")
                var queued: [String] = []
                var recorded = false
                // The posting, the declarations, the shipped order and its shipped-order record in one transaction
                // (step by step when the order changed meanwhile or an earlier attempt posted and stopped).
                let shipped = try await service.ship(
                    call.parameter("order"), operationID: call.operationID, actor: call.caller.username
                ) { posting, order, documents in
                    let messages = try await declarations(of: order, warehouse: warehouse, service: service)
                    let record =
                        try documents.isEmpty
                        ? [] : [FlowDocumentShippedOrders.document(Self.shippedSummary(order, warehouse: warehouse))]
                    let saved = try await store.post(posting, queueing: messages, saving: documents + record).saved
                    queued = messages.map(\.id)
                    recorded = saved != nil && !record.isEmpty
                    return saved
                }
                if !recorded { try await recordShipped(shipped, warehouse: warehouse) }
                return try .json(ParcelView(shipped, warehouse: warehouse, declarations: queued))
            },
        ]
    }

    func packService(_ call: APICall, day: String) -> PackService {
        PackService(orders: orderDesk(call), producer: shipmentProducer, day: day)
    }

    /// The single-window messages of a packed order: each of its declarations with a configured endpoint, under
    /// a message id made from the order and the kind (so a message is queued once).
    func declarations(of order: Order, warehouse: String, service: PackService) async throws -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        let now = Date()
        for reference in order.parcel?.documents ?? [] where Self.declarationKinds.contains(reference.kind) {
            guard let endpoint = configuration.endpoint(for: reference.kind),
                let document = try await service.document(reference.id)
            else { continue }
            messages.append(
                OutboxMessage(
                    id: "\(warehouse)-\(order.id)-\(reference.kind)", warehouse: warehouse, subject: order.id,
                    kind: reference.kind, endpoint: endpoint, payload: document.content, nextAttemptAt: now,
                    createdAt: now))
        }
        return messages
    }

    /// What left the warehouse, for returns to authorise against (once per order).
    func recordShipped(_ order: Order, warehouse: String) async throws {
        let lookup = FlowDocumentShippedOrders(store: store, warehouses: [warehouse])
        guard order.status == .shipped, try await lookup.shippedOrder(order.id) == nil else { return }
        try await lookup.record(Self.shippedSummary(order, warehouse: warehouse))
    }

    /// The shipped-order summary of a shipped order (its lines as they left, the time it shipped).
    static func shippedSummary(_ order: Order, warehouse: String) -> ShippedOrderSummary {
        ShippedOrderSummary(
            orderID: order.id, warehouse: warehouse, channel: order.intake.channel,
            destinationCountry: order.intake.shipTo.country, shippedAt: order.shippedAt ?? Date(),
            lines: order.shippedLines.map {
                ShippedOrderLine(
                    sku: $0.sku, lot: $0.lot, quantity: $0.quantity, unitPrice: $0.unitPrice, currency: $0.currency)
            })
    }
}
