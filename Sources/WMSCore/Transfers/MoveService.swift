/// A move inside a warehouse, as scanned: the operator scans the location, then the item, then the target.
public struct MoveRequest: Hashable, Sendable, Codable {
    public var clientOperationID: String
    public var warehouse: String
    /// Where the task told the operator to pick from; a scan of another location is refused.
    public var taskLocation: String?
    public var scannedLocation: String
    public var sku: String
    public var lot: String
    public var quantity: Int64
    public var to: String
    public var bucket: Bucket
    public var actor: String
    public var device: String

    public init(
        clientOperationID: String, warehouse: String, taskLocation: String? = nil, scannedLocation: String,
        sku: String, lot: String = "", quantity: Int64, to: String, bucket: Bucket = .available, actor: String,
        device: String = ""
    ) {
        self.clientOperationID = clientOperationID
        self.warehouse = warehouse
        self.taskLocation = taskLocation
        self.scannedLocation = scannedLocation
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.to = to
        self.bucket = bucket
        self.actor = actor
        self.device = device
    }
}

/// Location-to-location moves, checked like a manual putaway (zones, segregation) and against count freezes.
public struct MoveService: Sendable {
    public let putaway: PutawayService
    public var store: any Store { putaway.store }

    public init(putaway: PutawayService) { self.putaway = putaway }

    /// Moves stock; the same operation id again writes nothing.
    @discardableResult
    public func move(_ request: MoveRequest) async throws -> PostingResult {
        try FlowGuard.nonEmpty(request.clientOperationID, "clientOperationID")
        try FlowGuard.positive(request.quantity, "quantity")
        guard request.to != request.scannedLocation else {
            throw FlowError(.invalidRequest, field: "to", value: request.to, "a move goes to another location")
        }
        if let task = request.taskLocation, task != request.scannedLocation {
            throw FlowError(
                .wrongLocation, field: "scannedLocation", value: request.scannedLocation,
                "scanned \(request.scannedLocation) but the task is at \(task); go to \(task)")
        }
        guard try await store.location(warehouse: request.warehouse, code: request.scannedLocation) != nil else {
            throw FlowError(
                .wrongLocation, field: "scannedLocation", value: request.scannedLocation,
                "\(request.scannedLocation) is not a location of \(request.warehouse)")
        }
        let here = try await store.balances(warehouse: request.warehouse, sku: request.sku).first {
            $0.location == request.scannedLocation && $0.lot == request.lot && $0.bucket == request.bucket
        }
        let posting = Posting(
            clientOperationID: request.clientOperationID, warehouse: request.warehouse, documentReference: "move",
            actor: request.actor, device: request.device,
            movements: [
                .transfer(
                    sku: request.sku, lot: request.lot, quantity: request.quantity,
                    from: StockPosition(location: request.scannedLocation, bucket: request.bucket),
                    to: StockPosition(location: request.to, bucket: request.bucket), reason: "move")
            ])
        guard here != nil else {
            // A replay after the stock left: the store answers from the first result without checking stock.
            if let result = try? await store.post(posting), result.replayed { return result }
            throw FlowError(
                .wrongLocation, field: "sku", value: request.sku,
                "no \(request.sku) at \(request.scannedLocation); scan the location that holds it")
        }
        if case .fails(let reason, let rule, let source) = try await putaway.check(
            sku: request.sku, warehouse: request.warehouse, location: request.to)
        {
            throw FlowError(.forbiddenPlacement, field: "to", value: request.to, reason, rule: rule, source: source)
        }
        try await FlowGuard.checkNotFrozen(
            store, warehouse: request.warehouse, locations: [request.scannedLocation, request.to])
        return try await store.post(posting)
    }
}
