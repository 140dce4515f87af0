public import ComplianceEngine

/// Who saw a destruction and what proves it.
public struct DestructionEvidence: Hashable, Sendable, Codable {
    /// Certificate or record number of the destruction (from the disposal contractor, customs, …).
    public var reference: String
    /// The person who witnessed it.
    public var witness: String

    public init(reference: String, witness: String) {
        self.reference = reference
        self.witness = witness
    }
}

/// A destruction as recorded: what, where, why, the evidence, and the rules it was checked against.
public struct DestructionRecord: FlowState, Hashable {
    static let kind = "destruction"
    public var id: String
    public var warehouse: String
    public var sku: String
    public var lot: String
    public var quantity: Int64
    public var location: String
    public var reason: String
    public var evidence: DestructionEvidence
    var operations: [String: FlowOperation] = [:]
    public var status: String { "destroyed" }
}

/// Pending destruction and destruction: stock is first moved to `pending-destruction` with a reason; destroying
/// it needs evidence and is checked against the rules (e.g. the EU ban on destroying unsold apparel and
/// footwear for large companies). A blocked destruction names the rule and its source.
public struct DestructionService: Sendable {
    public let store: any Store
    public let packSet: PackSet
    public let day: Day

    public init(store: any Store, packSet: PackSet, day: Day) {
        self.store = store
        self.packSet = packSet
        self.day = day
    }

    /// Moves stock from `bucket` (available or defective) to pending-destruction at the same location.
    @discardableResult
    public func markPending(
        warehouse: String, sku: String, lot: String = "", quantity: Int64, location: String,
        from bucket: Bucket = .defective, reason: String, operationID: String, actor: String
    ) async throws -> PostingResult {
        try FlowGuard.nonEmpty(reason, "reason")
        try FlowGuard.positive(quantity, "quantity")
        try await FlowGuard.checkNotFrozen(store, warehouse: warehouse, locations: [location])
        return try await store.post(
            Posting(
                clientOperationID: operationID, warehouse: warehouse, documentReference: "pending-destruction",
                actor: actor,
                movements: [
                    .transfer(
                        sku: sku, lot: lot, quantity: quantity, from: StockPosition(location: location, bucket: bucket),
                        to: StockPosition(location: location, bucket: .pendingDestruction), reason: reason)
                ]))
    }

    /// The product category the traceability rules know, from the HS chapter (apparel 61/62, footwear 64).
    static func category(hsCode: String?) -> String? {
        guard let hs = hsCode else { return nil }
        switch hs.prefix(2) {
        case "61", "62": return "clothing"
        case "64": return "footwear"
        default: return nil
        }
    }

    /// Checks a destruction against the rules; `.fails` names the blocking rule and source.
    public func check(product: Product, warehouseCountry: String, companySize: String, category: String? = nil)
        -> PlacementVerdict
    {
        let line = DangerousGoodsClassifier.lineJSON(
            product, fallbackOrigin: warehouseCountry, category: category ?? Self.category(hsCode: product.hsCode))
        let text = DangerousGoodsClassifier.requestJSON(
            id: "destroy-" + product.sku, day: day, from: warehouseCountry, to: warehouseCountry, transport: "road",
            sellerSize: companySize, lines: [line])
        guard let request = try? AssessmentRequest.decode(json: text) else {
            return .fails(
                reason: "the product cannot be assessed for destruction", rule: "destruction.assessable",
                source: "product master data")
        }
        let assessment = packSet.assess(request, on: day, explain: true)
        let blocking = assessment.codes.filter { $0.hasSuffix("NO-DESTRUCTION") }
        guard let code = blocking.first else { return .allowed }
        let explanation = assessment.explanation().first {
            $0.outcome.contains("code") && $0.rule.contains("destruction")
        }
        return .fails(
            reason: "\(code): destroying \(product.sku) is not allowed on \(day) for a \(companySize) company",
            rule: explanation.map { "\($0.pack).\($0.rule)" } ?? code,
            source: explanation?.source ?? "see the traceability pack")
    }

    /// Destroys pending-destruction stock with evidence, after the rules allowed it. Idempotent by `operationID`
    /// (which also names the destruction record).
    public func destroy(
        warehouse: String, sku: String, lot: String = "", quantity: Int64, location: String, reason: String,
        evidence: DestructionEvidence, companySize: String, category: String? = nil, operationID: String,
        actor: String
    ) async throws -> DestructionRecord {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try FlowGuard.positive(quantity, "quantity")
        if let existing = try await store.document(warehouse: warehouse, kind: DestructionRecord.kind, id: operationID)
        {
            return try FlowCoding.decode(DestructionRecord.self, existing)
        }
        guard !evidence.reference.isEmpty else {
            throw FlowError(
                .missingEvidence, field: "evidence.reference", value: "", "a destruction needs an evidence reference")
        }
        guard !evidence.witness.isEmpty else {
            throw FlowError(.missingEvidence, field: "evidence.witness", value: "", "a destruction needs a witness")
        }
        guard let site = try await store.warehouse(warehouse) else {
            throw WMSError(.unknownWarehouse, field: "warehouse", value: warehouse, "unknown warehouse '\(warehouse)'")
        }
        guard let product = try await store.product(sku) else {
            throw WMSError(.unknownSKU, field: "sku", value: sku, "unknown SKU '\(sku)'")
        }
        if case .fails(let why, let rule, let source) = check(
            product: product, warehouseCountry: site.country, companySize: companySize, category: category)
        {
            throw FlowError(.destructionBlocked, field: "sku", value: sku, why, rule: rule, source: source)
        }
        try await FlowGuard.checkNotFrozen(store, warehouse: warehouse, locations: [location])
        let record = DestructionRecord(
            id: operationID, warehouse: warehouse, sku: sku, lot: lot, quantity: quantity, location: location,
            reason: reason, evidence: evidence)
        return try await FlowRunner.create(
            record, store: store, operationID: operationID,
            operation: FlowOperation(
                applied: false, documentReference: evidence.reference, actor: actor, device: "",
                postings: [[.destruction(sku: sku, lot: lot, quantity: quantity, from: location, reason: reason)]])
        ).state
    }
}
