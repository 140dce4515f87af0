public import ComplianceEngine

/// A line of a cross-warehouse transfer.
public struct TransferLine: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    public var quantity: Int64
    /// Where it leaves from in the source warehouse.
    public var location: String
    /// Declared unit value in the transfer currency (a decimal string), for the customs assessment.
    public var unitValue: String

    public init(sku: String, lot: String = "", quantity: Int64, location: String, unitValue: String = "1.00") {
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.location = location
        self.unitValue = unitValue
    }
}

/// A transfer between warehouses (across a border or not), kept in the source warehouse as a flow document:
/// the lines, the documents the compliance assessment requires, and whether it arrived.
public struct StockTransfer: FlowState, Hashable {
    static let kind = "transfer"
    public var id: String
    public var warehouse: String
    public var destination: String
    public var transport: String
    public var lines: [TransferLine]
    /// Export/import documents the assessment lists, recorded as required.
    public var requiredDocuments: [String]
    public var received: Bool
    var operations: [String: FlowOperation] = [:]

    public var status: String { received ? "received" : "in-transit" }
}

/// Cross-warehouse transfers through in-transit: dispatch ships from the source and books the units into the
/// destination's in-transit bucket; arrival receives them at a dock. Dispatch is assessed by the compliance
/// engine first: a hold refuses it (naming the rule), the documents it lists are recorded as required.
public struct TransferService: Sendable {
    public let store: any Store
    public let packSet: PackSet
    public let day: Day

    public init(store: any Store, packSet: PackSet, day: Day) {
        self.store = store
        self.packSet = packSet
        self.day = day
    }

    public func transfer(_ id: String, warehouse: String) async throws -> StockTransfer? {
        try await store.document(warehouse: warehouse, kind: StockTransfer.kind, id: id).map {
            try FlowCoding.decode(StockTransfer.self, $0)
        }
    }

    /// Dispatches a transfer (idempotent by `operationID`).
    public func dispatch(
        _ id: String, from source: String, to destination: String, lines: [TransferLine], transport: String = "road",
        currency: String = "EUR", operationID: String, actor: String
    ) async throws -> StockTransfer {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try Validate.code(id, field: "transfer.id", maxLength: 60)
        if let existing = try await transfer(id, warehouse: source), existing.operations[operationID] != nil {
            return existing
        }
        guard !lines.isEmpty else {
            throw FlowError(.invalidRequest, field: "lines", value: "[]", "a transfer needs at least one line")
        }
        guard source != destination else {
            throw FlowError(.invalidRequest, field: "to", value: destination, "a transfer goes to another warehouse")
        }
        guard let from = try await store.warehouse(source) else {
            throw WMSError(.unknownWarehouse, field: "from", value: source, "unknown warehouse '\(source)'")
        }
        guard let to = try await store.warehouse(destination) else {
            throw WMSError(.unknownWarehouse, field: "to", value: destination, "unknown warehouse '\(destination)'")
        }
        var lineJSON: [String] = []
        for (index, line) in lines.enumerated() {
            try FlowGuard.positive(line.quantity, "lines[\(index)].quantity")
            guard let product = try await store.product(line.sku) else {
                throw WMSError(.unknownSKU, field: "lines[\(index)].sku", value: line.sku, "unknown SKU '\(line.sku)'")
            }
            lineJSON.append(
                DangerousGoodsClassifier.lineJSON(
                    product, fallbackOrigin: from.country, quantity: line.quantity, unitPrice: line.unitValue))
        }
        let requestText = DangerousGoodsClassifier.requestJSON(
            id: "transfer-\(id)", day: day, from: from.country, to: to.country, transport: transport,
            currency: currency,
            lines: lineJSON)
        let request: AssessmentRequest
        do {
            request = try AssessmentRequest.decode(json: requestText)
        } catch {
            throw FlowError(.invalidRequest, field: error.path, "the transfer cannot be assessed: \(error.message)")
        }
        let assessment = packSet.assess(request, on: day, explain: false)
        if let hold = assessment.holds.first {
            throw FlowError(
                .complianceHold, field: "transfer", value: hold.code, "\(hold.code): \(hold.message)",
                rule: hold.rule, source: hold.source)
        }
        try await FlowGuard.checkNotFrozen(store, warehouse: source, locations: Set(lines.map(\.location)))
        let outbound = lines.map {
            Movement.shipment(
                sku: $0.sku, lot: $0.lot, quantity: $0.quantity, from: $0.location, reason: "transfer-out")
        }
        let inbound = lines.map {
            Movement.receipt(
                sku: $0.sku, lot: $0.lot, quantity: $0.quantity, to: StockPosition(location: "", bucket: .inTransit),
                reason: "transfer-in")
        }
        let state = StockTransfer(
            id: id, warehouse: source, destination: destination, transport: transport, lines: lines,
            requiredDocuments: assessment.documents, received: false)
        return try await FlowRunner.create(
            state, store: store, operationID: operationID,
            operation: FlowOperation(
                applied: false, documentReference: id, actor: actor, device: "", postings: [outbound, inbound],
                warehouses: [source, destination])
        ).state
    }

    /// Receives a dispatched transfer at a dock of the destination: in-transit → available.
    public func receive(_ id: String, from source: String, dock: String, operationID: String, actor: String)
        async throws -> StockTransfer
    {
        try await FlowRunner.perform(
            StockTransfer.self, store: store, warehouse: source, id: id, operationID: operationID
        ) { state in
            guard !state.received else {
                throw FlowError(
                    .transitionNotAllowed, field: "transfer", value: id, "transfer \(id) was received already")
            }
            state.received = true
            let movements = state.lines.map {
                Movement.transfer(
                    sku: $0.sku, lot: $0.lot, quantity: $0.quantity,
                    from: StockPosition(location: "", bucket: .inTransit),
                    to: StockPosition(location: dock, bucket: .available), reason: "transfer-receipt")
            }
            return FlowOperation(
                applied: false, documentReference: id, actor: actor, device: "", postings: [movements],
                warehouses: [state.destination])
        }.state
    }
}
