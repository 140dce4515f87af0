/// Takes orders in and keeps them: one flow document of kind `order` per order in the order desk's namespace
/// (`desk`, a warehouse code; the node that receives orders), updated optimistically and idempotently.
public struct OrderService: Sendable {
    public static let kind = "order"
    public let store: any Store
    /// Warehouse code under which order documents are kept (the order desk).
    public let desk: String

    public init(store: any Store, desk: String) {
        self.store = store
        self.desk = desk
    }

    /// Takes an order in. Idempotent by (channel, channelOrderID): taking the same pair again returns the stored
    /// order (`replayed`) and changes nothing.
    /// - Throws: `WMSError(.invalidField)` naming the first wrong field; nothing is written then.
    public func take(_ intake: OrderIntake) async throws -> (order: Order, replayed: Bool) {
        try intake.validate()
        let order = Order(id: intake.orderID, intake: intake)
        var stored = order
        stored.operations = ["take"]
        do {
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: desk, kind: Self.kind, id: order.id, status: order.status.rawValue,
                    data: try FlowCoding.encode(stored)))
            return (stored, false)
        } catch let error as WMSError where error.code == .operationConflict {
            guard let existing = try await self.order(id: order.id) else { throw error }
            return (existing, true)
        }
    }

    /// Takes every intake in order; stops at the first invalid one (those before it stay taken, idempotently).
    public func take(_ intakes: [OrderIntake]) async throws -> [(order: Order, replayed: Bool)] {
        for (index, intake) in intakes.enumerated() { try intake.validate(path: "$[\(index)]") }
        var results: [(order: Order, replayed: Bool)] = []
        for intake in intakes { results.append(try await take(intake)) }
        return results
    }

    /// One order by id, with its lines (`Order.shippedLines` once shipped).
    public func order(id: String) async throws -> Order? {
        try await store.document(warehouse: desk, kind: Self.kind, id: id).map { try FlowCaches.orders.value($0) }
    }

    /// Orders, optionally only those in `status`, ordered by id.
    public func orders(status: OrderStatus? = nil) async throws -> [Order] {
        try await store.documents(warehouse: desk, kind: Self.kind, status: status?.rawValue).map {
            try FlowCaches.orders.value($0)
        }
    }

    /// Orders in any of `statuses`.
    public func orders(in statuses: [OrderStatus]) async throws -> [Order] {
        var result: [Order] = []
        for status in statuses { result += try await orders(status: status) }
        return result
    }

    /// Applies `change` to order `id` under `operation` (a replay of the operation returns the order unchanged),
    /// saving over the version read and retrying when someone else saved in between.
    @discardableResult
    public func update(_ id: String, operation: String, _ change: (inout Order) throws -> Void) async throws -> (
        order: Order, replayed: Bool
    ) {
        for _ in 0..<50 {
            let result = try await attempt(id, operation: operation, change) { order, _ in
                try await store.saveDocument(order)
            }
            if let result { return result }
        }
        throw FlowError(.invalidRequest, field: "order", value: id, "order \(id) is too busy; retry")
    }

    /// As `update`, saving `documents` (each over its version) in the same transaction as the order: both or
    /// neither. Nil, with nothing saved, when that cannot be done in one go (a document or the order was saved in
    /// between); the caller then goes step by step.
    func update(
        _ id: String, operation: String, saving documents: [FlowDocument], _ change: (inout Order) throws -> Void
    ) async throws -> (order: Order, replayed: Bool)? {
        try await attempt(id, operation: operation, change) { order, _ in
            if documents.isEmpty { return try await store.saveDocument(order) }
            return try await store.saveDocuments(documents + [order]).last
        }
    }

    /// As `update`, with the changed order's document written by `write` (given the document and the changed
    /// order) together with whatever else it commits in the same transaction (a posting): `write` returns the
    /// saved document, or nil when it saved nothing.
    /// Nil when the order was not saved in one go; the caller then goes step by step.
    func update(
        _ id: String, operation: String, writing write: (FlowDocument, Order) async throws -> FlowDocument?,
        _ change: (inout Order) throws -> Void
    ) async throws -> (order: Order, replayed: Bool)? {
        try await attempt(id, operation: operation, change, write: write)
    }

    /// Reads order `id` and applies `change`, recording `operation`: the changed order and its document to save
    /// over the version read; or, when the order applied `operation` already, the stored order and no document.
    func prepare(_ id: String, operation: String, _ change: (inout Order) throws -> Void) async throws -> (
        document: FlowDocument?, order: Order
    ) {
        guard let document = try await store.document(warehouse: desk, kind: Self.kind, id: id) else {
            throw FlowError(.unknownDocument, field: "order", value: id, "no order '\(id)'")
        }
        let order = try FlowCaches.orders.value(document)
        if order.operations.contains(operation) { return (nil, order) }
        var next = order
        try change(&next)
        next.operations.append(operation)
        let updated = FlowDocument(
            warehouse: desk, kind: Self.kind, id: id, status: next.status.rawValue, data: try FlowCoding.encode(next),
            version: document.version)
        return (updated, next)
    }

    /// One read-change-write of the order; nil when the write lost a race (or wrote nothing).
    private func attempt(
        _ id: String, operation: String, _ change: (inout Order) throws -> Void,
        write: (FlowDocument, Order) async throws -> FlowDocument?
    ) async throws -> (order: Order, replayed: Bool)? {
        let (prepared, next) = try await prepare(id, operation: operation, change)
        guard let updated = prepared else { return (next, true) }
        do {
            guard let saved = try await write(updated, next) else { return nil }
            FlowCaches.orders.saved(saved, value: next)
            return (next, false)
        } catch let error as WMSError where error.code == .operationConflict {
            return nil
        }
    }

    /// Cancels an order that has not shipped and releases its reservations. Units already picked stay at the pack
    /// station (free stock there, said in the note) until they are put away again.
    public func cancel(_ id: String, operation: String, reason: String) async throws -> Order {
        let (order, _) = try await update(id, operation: operation) { order in
            try order.move(to: .cancelled, operation: operation, note: reason + order.stagedNote)
        }
        for reservation in Set(order.allocations.map(\.reservationID)) {
            _ = try await store.release(reservationID: reservation)
        }
        return order
    }

    /// Saves a document beside the orders (assessments, shipment documents); an existing id is left as it is.
    func saveOnce(kind: String, id: String, status: String, data: String) async throws {
        do {
            _ = try await store.saveDocument(
                FlowDocument(warehouse: desk, kind: kind, id: id, status: status, data: data))
        } catch let error as WMSError where error.code == .operationConflict {
            // Same id, same content (ids are derived from content or from the order and operation).
        }
    }
}
