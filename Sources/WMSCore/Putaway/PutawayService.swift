/// One item to put away from a staging location.
public struct PutawayItem: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    public var quantity: Int64
    /// `available` (goes to a storage location) or `defective` (goes to quarantine).
    public var bucket: Bucket

    public init(sku: String, lot: String = "", quantity: Int64, bucket: Bucket = .available) {
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.bucket = bucket
    }
}

/// A putaway: items from a staging location (a dock) to storage, suggested by the planner or given by hand.
public struct PutawayRequest: Hashable, Sendable, Codable {
    public var clientOperationID: String
    public var warehouse: String
    public var from: String
    /// Nil: everything available or defective at `from`.
    public var items: [PutawayItem]?
    /// A manual putaway target; checked against the rules, refused with the rule and source when it breaks them.
    public var target: String?
    public var actor: String
    public var device: String

    public init(
        clientOperationID: String, warehouse: String, from: String, items: [PutawayItem]? = nil,
        target: String? = nil, actor: String, device: String = ""
    ) {
        self.clientOperationID = clientOperationID
        self.warehouse = warehouse
        self.from = from
        self.items = items
        self.target = target
        self.actor = actor
        self.device = device
    }
}

/// Where an item went and why.
public struct Placement: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    public var quantity: Int64
    public var bucket: Bucket
    public var location: String
    public var zoneKind: ZoneKind
    public var classification: StorageClassification
}

/// Compliant putaway: every SKU is classified by the dangerous-goods rules; suggestions only use allowed zones
/// with capacity and never a place beside an incompatible class; a manual target that breaks a rule is refused.
public struct PutawayService: Sendable {
    public let store: any Store
    public let classifier: DangerousGoodsClassifier
    public var capacityUnits: Int64

    public init(store: any Store, classifier: DangerousGoodsClassifier, capacityUnits: Int64 = 5_000) {
        self.store = store
        self.classifier = classifier
        self.capacityUnits = capacityUnits
    }

    /// Classifies `sku` (unknown SKUs are an error).
    public func classify(_ sku: String) async throws -> StorageClassification {
        guard let product = try await store.product(sku) else {
            throw WMSError(.unknownSKU, field: "sku", value: sku, "unknown SKU '\(sku)'")
        }
        return classifier.classify(product)
    }

    /// Builds the planner over the warehouse's current stock.
    public func planner(warehouse: String) async throws -> PutawayPlanner {
        let locations = try await store.locations(warehouse: warehouse)
        let stock = try await store.balances(warehouse: warehouse, sku: nil)
        var classes: [String: StorageClassification] = [:]
        for sku in Set(stock.map(\.sku)) { classes[sku] = try await classify(sku) }
        return PutawayPlanner(
            locations: locations, stock: stock, capacityUnits: capacityUnits, policy: classifier.policy
        ) { classes[$0] }
    }

    /// Whether `sku` may go to `location` now.
    public func check(sku: String, warehouse: String, location: String) async throws -> PlacementVerdict {
        let classification = try await classify(sku)
        return try await planner(warehouse: warehouse).check(classification, at: location)
    }

    /// Plans and posts a putaway (one posting per 5,000 movements). Replays with the same operation id write
    /// nothing again.
    public func putaway(_ request: PutawayRequest) async throws -> [Placement] {
        try FlowGuard.nonEmpty(request.clientOperationID, "clientOperationID")
        try FlowGuard.nonEmpty(request.actor, "actor")
        var items: [PutawayItem]
        if let given = request.items {
            items = given
            for (index, item) in items.enumerated() {
                try FlowGuard.positive(item.quantity, "items[\(index)].quantity")
                guard item.bucket == .available || item.bucket == .defective else {
                    throw FlowError(
                        .invalidRequest, field: "items[\(index)].bucket", value: item.bucket.rawValue,
                        "only available or defective stock is put away")
                }
            }
        } else {
            items = try await store.balances(warehouse: request.warehouse, sku: nil)
                .filter { $0.location == request.from && ($0.bucket == .available || $0.bucket == .defective) }
                .map { PutawayItem(sku: $0.sku, lot: $0.lot, quantity: $0.quantity, bucket: $0.bucket) }
        }
        guard !items.isEmpty else { return [] }
        var planner = try await planner(warehouse: request.warehouse)
        var placements: [Placement] = []
        var movements: [Movement] = []
        let source = request.from
        for (index, item) in items.enumerated() {
            let classification = try await classify(item.sku)
            let needsQuarantine = item.bucket == .defective || classification.quarantineReason != nil
            var effective = classification
            if item.bucket == .defective { effective.allowedZones = [.quarantine] }
            let location: Location
            if let target = request.target {
                guard let chosen = planner.locations.first(where: { $0.code == target }) else {
                    throw WMSError(
                        .unknownLocation, field: "target", value: target,
                        "unknown location '\(target)' in warehouse '\(request.warehouse)'")
                }
                if case .fails(let reason, let rule, let citation) = planner.check(effective, at: target) {
                    throw FlowError(
                        .forbiddenPlacement, field: "items[\(index)]", value: target, reason, rule: rule,
                        source: citation)
                }
                location = chosen
            } else {
                guard
                    let suggested = planner.suggest(
                        effective, lot: item.lot, quantity: item.quantity,
                        preferring: needsQuarantine ? .quarantine : nil)
                else {
                    throw FlowError(
                        .noLocation, field: "items[\(index)].sku", value: item.sku,
                        "no \(effective.allowedZones.map(\.rawValue).joined(separator: "/")) location has room for \(item.quantity) of \(item.sku) away from incompatible classes"
                    )
                }
                location = suggested
            }
            planner.place(effective, lot: item.lot, quantity: item.quantity, at: location.code)
            planner.remove(quantity: item.quantity, from: source)
            let toBucket: Bucket =
                classification.quarantineReason != nil && item.bucket == .available ? .frozen : item.bucket
            movements.append(
                .transfer(
                    sku: item.sku, lot: item.lot, quantity: item.quantity,
                    from: StockPosition(location: source, bucket: item.bucket),
                    to: StockPosition(location: location.code, bucket: toBucket),
                    reason: classification.quarantineReason != nil ? "dg-quarantine" : "putaway"))
            placements.append(
                Placement(
                    sku: item.sku, lot: item.lot, quantity: item.quantity, bucket: toBucket, location: location.code,
                    zoneKind: location.zoneKind, classification: classification))
        }
        try await FlowGuard.checkNotFrozen(
            store, warehouse: request.warehouse, locations: Set(placements.map(\.location) + [source]))
        for (index, chunk) in FlowGuard.chunks(movements).enumerated() {
            _ = try await store.post(
                Posting(
                    clientOperationID: FlowGuard.chunkID(request.clientOperationID, index),
                    warehouse: request.warehouse, documentReference: "putaway", actor: request.actor,
                    device: request.device, movements: chunk))
        }
        return placements
    }
}
