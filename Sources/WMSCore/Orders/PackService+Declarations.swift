import Foundation

/// Shipping with the parcel's declarations: the caller posts the shipment itself, so it can commit more in the
/// posting's transaction (the single-window messages queued with `ServiceStore.post(_:queueing:)`).
extension PackService {
    /// The shipment posting of a packed order, idempotent by the order (`ship/<order>`): per allocation, a shipment
    /// movement against its reservation. Units picking staged leave from the pack station, any others from their
    /// bin.
    public static func shipmentPosting(_ order: Order, warehouse: String, actor: String) -> Posting {
        var movements: [Movement] = []
        for allocation in order.allocations where allocation.quantity > 0 {
            let staged = min(allocation.stagedUnits, allocation.quantity)
            for (location, quantity) in [
                (allocation.stagedAt ?? "", staged), (allocation.location, allocation.quantity - staged),
            ]
            where quantity > 0 {
                movements.append(
                    .shipment(
                        sku: allocation.sku, lot: allocation.lot, quantity: quantity, from: location,
                        reservationID: allocation.reservationID))
            }
        }
        return Posting(
            clientOperationID: "ship/\(order.id)", warehouse: warehouse, documentReference: order.id, actor: actor,
            device: order.trackingNumber ?? "", movements: movements)
    }

    /// Ships a packed order like `ship(_:operationID:actor:)`, but `post` writes the shipment posting (built by
    /// `shipmentPosting`) with whatever else it commits in the posting's transaction.
    ///
    /// `post` is called first with the shipped order and its document: it saves the document in the posting's
    /// transaction (each document over its version) and returns the saved documents, or nil when it saved none
    /// (a replayed posting). If that did not save the order in one go (the order changed meanwhile, or an earlier attempt
    /// posted and stopped), `post` is called again with the packed order and no documents, to post (a replay
    /// changes nothing), and
    /// the order is marked shipped after it. A replayed operation returns the order and posts nothing.
    public func ship(
        _ id: String, operationID: String, actor: String,
        post: (Posting, Order, [FlowDocument]) async throws -> [FlowDocument]?
    ) async throws -> Order {
        try FlowGuard.nonEmpty(operationID, "operationID")
        guard let order = try await orders.order(id: id) else {
            throw FlowError(.unknownDocument, field: "order", value: id, "no order '\(id)'")
        }
        if order.operations.contains(operationID) { return order }
        guard order.status == .packed, let warehouse = order.warehouse else {
            throw FlowError(
                .transitionNotAllowed, field: "status", value: order.status.rawValue,
                "order \(id) is \(order.status.rawValue); only packed orders ship")
        }
        let posting = Self.shipmentPosting(order, warehouse: warehouse, actor: actor)
        let now = Date()
        let shipped: (inout Order) throws -> Void = { current in
            current.shippedAt = now
            try current.move(to: .shipped, operation: operationID, note: "tracking \(current.trackingNumber ?? "-")")
        }
        let together = try await orders.update(
            id, operation: operationID,
            writing: { document, shippedOrder in
                try await post(posting, shippedOrder, [document])?.first {
                    $0.kind == document.kind && $0.id == document.id
                }
            }, shipped)
        if let together { return together.order }
        _ = try await post(posting, order, [])
        return try await orders.update(id, operation: operationID, shipped).order
    }
}
