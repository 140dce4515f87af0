public import Foundation

/// Produces a parcel's documents and label (implemented outside WMSCore, e.g. by the `Fulfilment` target over the
/// Documents module, so the warehouse domain does not depend on XML and rendering).
public protocol ShipmentDocumentProducer: Sendable {
    /// The documents the order's assessment requires plus the shipping label, all or nothing.
    func documents(for shipment: ShipmentData) throws -> ProducedDocuments
    /// The document names (as an assessment lists them) this producer cannot make; the gate holds such orders
    /// before they are picked.
    func unavailable(_ documents: [String]) -> [String]
    /// Master data the listed documents need and the order's products lack, one message per gap naming the line,
    /// SKU and product field; the gate holds such orders (`DOCUMENT-DATA-MISSING`) before they are picked.
    func missingData(_ documents: [String], order: Order, products: [String: Product]) -> [String]
}

extension ShipmentDocumentProducer {
    /// No master-data check by default.
    public func missingData(_ documents: [String], order: Order, products: [String: Product]) -> [String] { [] }
}

/// Everything a document producer needs about one parcel.
public struct ShipmentData: Sendable {
    public var order: Order
    public var warehouse: Warehouse
    public var products: [String: Product]
    public var grossGrams: Int64
    public var sscc: String
    public var day: String

    public init(
        order: Order, warehouse: Warehouse, products: [String: Product], grossGrams: Int64, sscc: String, day: String
    ) {
        self.order = order
        self.warehouse = warehouse
        self.products = products
        self.grossGrams = grossGrams
        self.sscc = sscc
        self.day = day
    }
}

/// Documents made for a parcel and the tracking number the label carries.
public struct ProducedDocuments: Sendable {
    public var trackingNumber: String
    /// Kind (`h7`, `cn23`, `invoice`, `label`, …) and content.
    public var documents: [(kind: String, content: Data)]

    public init(trackingNumber: String, documents: [(kind: String, content: Data)]) {
        self.trackingNumber = trackingNumber
        self.documents = documents
    }
}

/// Packing rules: the scale's tolerance and the packaging weight added to the goods.
public struct PackingPolicy: Hashable, Sendable, Codable {
    /// Weight of box and filler added to the goods' net weight.
    public var packagingGrams: Int64
    /// The measured gross weight may differ from the expected one by this much, or by `tolerancePercent`, whichever
    /// is larger.
    public var toleranceGrams: Int64
    public var tolerancePercent: Int64
    /// GS1 company prefix for the parcels' SSCCs (7 to 10 digits).
    public var companyPrefix: String

    public init(
        packagingGrams: Int64 = 150, toleranceGrams: Int64 = 50, tolerancePercent: Int64 = 5,
        companyPrefix: String = "4006381"
    ) {
        self.packagingGrams = packagingGrams
        self.toleranceGrams = toleranceGrams
        self.tolerancePercent = tolerancePercent
        self.companyPrefix = companyPrefix
    }
}

/// Packing and shipping. Packing verifies the contents by scan against the order, the weight against master data,
/// and the dangerous-goods packing rules of the assessment (required marks applied; Section IB package limits),
/// then asks the document producer for the documents and the label, storing each (flow document kind
/// `shipment-document`, with its SHA-256) with the order. Shipping posts shipment movements against the order's
/// reservations: the stock leaves the ledger.
public struct PackService: Sendable {
    public static let documentKind = "shipment-document"
    public let orders: OrderService
    public let producer: any ShipmentDocumentProducer
    public let policy: PackingPolicy
    public let day: String

    public init(
        orders: OrderService, producer: any ShipmentDocumentProducer, policy: PackingPolicy = PackingPolicy(),
        day: String
    ) {
        self.orders = orders
        self.producer = producer
        self.policy = policy
        self.day = day
    }

    /// Packs a picked order: `scans` are the item codes (GTIN or SKU, one per unit) scanned into the parcel,
    /// `grossGrams` what the scale shows, `marks` the dangerous-goods marks applied.
    /// - Throws: `FlowError(.invalidRequest)` naming `scans`, `grossGrams` or `marks` when a check fails.
    public func pack(_ id: String, scans: [String], grossGrams: Int64, marks: [String] = [], operationID: String)
        async throws -> Order
    {
        let (order, code, replayed) = try await load(id, operationID: operationID, expecting: .picked)
        if replayed { return order }
        let store = orders.store
        var products: [String: Product] = [:]
        for allocation in order.allocations where products[allocation.sku] == nil {
            products[allocation.sku] = try await store.product(allocation.sku)
        }
        try verifyContents(order, scans: scans, products: products)
        try verifyWeight(order, grossGrams: grossGrams, products: products)
        try verifyDangerousGoods(order, grossGrams: grossGrams, marks: marks, products: products)
        guard let warehouse = try await store.warehouse(code) else {
            throw WMSError(.unknownWarehouse, field: "warehouse", value: code, "unknown warehouse '\(code)'")
        }
        let sscc = Self.sscc(prefix: policy.companyPrefix, orderID: order.id)
        let produced: ProducedDocuments
        do {
            produced = try producer.documents(
                for: ShipmentData(
                    order: order, warehouse: warehouse, products: products, grossGrams: grossGrams, sscc: sscc, day: day
                ))
        } catch {
            throw FlowError(
                .invalidRequest, field: "documents",
                "documents for \(id) cannot be produced: \(String(reflecting: error))")
        }
        var references: [ShipmentDocument] = []
        var records: [FlowDocument] = []
        for (kind, content) in produced.documents {
            let documentID = "\(order.id)-\(kind)"
            let digest = ContentDigest.sha256Hex(content)
            let record = StoredShipmentDocument(
                order: order.id, kind: kind, sha256: digest, content: String(decoding: content, as: UTF8.self))
            records.append(
                FlowDocument(
                    warehouse: orders.desk, kind: Self.documentKind, id: documentID, status: kind,
                    data: try FlowCoding.encode(record)))
            references.append(ShipmentDocument(kind: kind, id: documentID, sha256: digest, bytes: content.count))
        }
        let packed: (inout Order) throws -> Void = { current in
            current.parcel = Parcel(grossGrams: grossGrams, marks: marks, sscc: sscc, documents: references)
            current.trackingNumber = produced.trackingNumber
            try current.move(to: .packed, operation: operationID, note: "\(references.count) documents")
        }
        // The documents and the packed order in one transaction; if a document exists already (an earlier attempt
        // saved it and stopped) or the order changed meanwhile, step by step as before.
        if let done = try await orders.update(id, operation: operationID, saving: records, packed) { return done.order }
        for record in records {
            try await orders.saveOnce(kind: record.kind, id: record.id, status: record.status, data: record.data)
        }
        return try await orders.update(id, operation: operationID, packed).order
    }

    /// Ships a packed order: one posting of shipment movements (`shipmentPosting`), each fulfilling the line's
    /// reservation, then the order marked shipped.
    public func ship(_ id: String, operationID: String, actor: String) async throws -> Order {
        try await ship(id, operationID: operationID, actor: actor) { posting, _, documents in
            if let service = orders.store as? any ServiceStore {
                return try await service.post(posting, queueing: [], saving: documents).saved
            }
            // A store that cannot save documents with a posting: nothing in the first call, then the posting
            // alone (the order is saved after it).
            if documents.isEmpty { _ = try await orders.store.post(posting) }
            return nil
        }
    }

    /// The order, its warehouse, and whether `operationID` was applied to it already; throws unless it is in
    /// `status` (or the operation is a replay).
    private func load(_ id: String, operationID: String, expecting status: OrderStatus) async throws -> (
        order: Order, warehouse: String, replayed: Bool
    ) {
        try FlowGuard.nonEmpty(operationID, "operationID")
        guard let order = try await orders.order(id: id) else {
            throw FlowError(.unknownDocument, field: "order", value: id, "no order '\(id)'")
        }
        if order.operations.contains(operationID) { return (order, order.warehouse ?? "", true) }
        guard order.status == status, let warehouse = order.warehouse else {
            throw FlowError(
                .transitionNotAllowed, field: "status", value: order.status.rawValue,
                "order \(id) is \(order.status.rawValue); only \(status.rawValue) orders go on")
        }
        return (order, warehouse, false)
    }

    /// A stored shipment document.
    public func document(_ id: String) async throws -> StoredShipmentDocument? {
        try await orders.store.document(warehouse: orders.desk, kind: Self.documentKind, id: id).map {
            try FlowCoding.decode(StoredShipmentDocument.self, $0)
        }
    }

    private func verifyContents(_ order: Order, scans: [String], products: [String: Product]) throws {
        var bySKU: [String: String] = [:]
        for (sku, product) in products {
            bySKU[sku] = sku
            if let gtin = product.gtin { bySKU[gtin.digits] = sku }
        }
        var scanned: [String: Int64] = [:]
        for (index, code) in scans.enumerated() {
            guard let sku = bySKU[code] else {
                throw FlowError(
                    .invalidRequest, field: "scans[\(index)]", value: code,
                    "\(code) is not an item of order \(order.id)")
            }
            scanned[sku, default: 0] += 1
        }
        var expected: [String: Int64] = [:]
        for allocation in order.allocations { expected[allocation.sku, default: 0] += allocation.picked }
        let differences = Set(expected.keys).union(scanned.keys).sorted().compactMap { sku -> String? in
            let want = expected[sku] ?? 0
            let got = scanned[sku] ?? 0
            return want == got ? nil : "\(sku): \(got) scanned, \(want) picked"
        }
        guard differences.isEmpty else {
            throw FlowError(
                .invalidRequest, field: "scans", value: differences.joined(separator: "; "),
                "the parcel does not hold the order: \(differences.joined(separator: "; "))")
        }
    }

    private func verifyWeight(_ order: Order, grossGrams: Int64, products: [String: Product]) throws {
        let net = order.allocations.reduce(Int64(0)) { $0 + $1.picked * (products[$1.sku]?.netWeightGrams ?? 0) }
        let expected = net + policy.packagingGrams
        let tolerance = max(policy.toleranceGrams, expected * policy.tolerancePercent / 100)
        guard abs(grossGrams - expected) <= tolerance else {
            throw FlowError(
                .invalidRequest, field: "grossGrams", value: String(grossGrams),
                "the parcel weighs \(grossGrams) g; master data expects \(expected) g ± \(tolerance) g")
        }
    }

    private func verifyDangerousGoods(
        _ order: Order, grossGrams: Int64, marks: [String], products: [String: Product]
    ) throws {
        guard let assessment = order.assessment else {
            throw FlowError(
                .complianceHold, field: "assessment", value: order.id, "order \(order.id) was never assessed")
        }
        let required = Set(assessment.dangerousGoods.flatMap(\.labels))
        let missing = required.subtracting(marks).sorted()
        guard missing.isEmpty else {
            throw FlowError(
                .invalidRequest, field: "marks", value: missing.joined(separator: ","),
                "dangerous-goods marks missing on the parcel: \(missing.joined(separator: ", "))",
                rule: "dangerous-goods.identify", source: "the order's assessment")
        }
        // Section IA/IB batteries shipped alone: at most 10 kg (Li-ion) or 2.5 kg (Li-metal) per package.
        for dg in assessment.dangerousGoods where dg.section == "IB" || dg.section == "IA" {
            let metal = products[dg.sku]?.battery?.chemistry == .lithiumMetal
            let limit: Int64 = metal ? 2_500 : 10_000
            guard grossGrams <= limit else {
                throw FlowError(
                    .invalidRequest, field: "grossGrams", value: String(grossGrams),
                    "a package of \(dg.unNumber ?? dg.sku) batteries alone may weigh at most \(limit) g",
                    rule: "dangerous-goods.ib-package-limit", source: "iata-dgr")
            }
        }
        let classes = Set(assessment.dangerousGoods.compactMap(\.dgClass))
        guard !(classes.contains("3") && classes.contains("5.1")) else {
            throw FlowError(
                .invalidRequest, field: "contents", value: "3+5.1",
                "class 3 and class 5.1 may not share a package", rule: "dangerous-goods.oxidiser-with-flammable",
                source: "imdg")
        }
    }

    /// An SSCC-18 for the order's parcel: extension digit 3, the company prefix, a serial from the order id, the
    /// GS1 check digit.
    static func sscc(prefix: String, orderID: String) -> String {
        let serialDigits = 16 - prefix.count
        let digest = ContentDigest.sha256Hex(Data(orderID.utf8))
        var serial = ""
        for character in digest where serial.count < serialDigits {
            serial.append(String(character.hexDigitValue! % 10))
        }
        let body = "3" + prefix + serial
        return body + String(GS1.checkDigit(forPayload: body) ?? 0)
    }
}

/// A shipment document as stored: the order, the kind, the SHA-256 and the content (XML or ZPL).
public struct StoredShipmentDocument: Hashable, Sendable, Codable {
    public var order: String
    public var kind: String
    public var sha256: String
    public var content: String
}
