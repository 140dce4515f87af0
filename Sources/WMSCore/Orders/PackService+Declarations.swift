/// Shipping with the parcel's declarations: the caller posts the shipment itself, so it can commit more in the
/// posting's transaction (the single-window messages queued with `ServiceStore.post(_:queueing:)`).
extension PackService {
    /// The shipment posting of a packed order: one shipment movement per allocation, against its reservation,
    /// idempotent by the order (`ship/<order>`).
    public static func shipmentPosting(_ order: Order, warehouse: String, actor: String) -> Posting {
        Posting(
            clientOperationID: "ship/\(order.id)", warehouse: warehouse, documentReference: order.id, actor: actor,
            device: order.trackingNumber ?? "",
            movements: order.allocations.filter { $0.quantity > 0 }.map {
                Movement.shipment(
                    sku: $0.sku, lot: $0.lot, quantity: $0.quantity, from: $0.location, reservationID: $0.reservationID)
            })
    }

    /// Ships a packed order like `ship(_:operationID:actor:)`, but `post` writes the shipment posting (built by
    /// `shipmentPosting`); the order is marked shipped after it. A replayed operation returns the order and posts
    /// nothing; a crash between the posting and the order update is finished by shipping again (the posting is
    /// idempotent).
    public func ship(
        _ id: String, operationID: String, actor: String, post: (Posting, Order) async throws -> Void
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
        try await post(Self.shipmentPosting(order, warehouse: warehouse, actor: actor), order)
        return try await orders.update(id, operation: operationID) { current in
            try current.move(to: .shipped, operation: operationID, note: "tracking \(current.trackingNumber ?? "-")")
        }.order
    }
}
