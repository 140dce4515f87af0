public import ComplianceEngine
internal import Foundation

/// The compliance gate between allocation and picking: every allocated order is assessed by the rule packs (from
/// its warehouse's country, by its route, with the product master data) before it may join a wave.
///
/// A hold from the packs — or from the gate itself when master data the rules need is missing (no HS code, no
/// origin) — keeps the order `held`, listing each hold with the rule that fired. The full assessment JSON (with
/// its explanation) is stored as a flow document of kind `assessment` beside the order.
public struct ComplianceGate: Sendable {
    public static let assessmentKind = "assessment"
    public let orders: OrderService
    public let packSet: PackSet
    public let day: Day
    /// When given, an order whose assessment lists a document this producer cannot make is held
    /// (`DOCUMENT-UNAVAILABLE`) instead of failing at the packing bench after it was picked.
    public let producer: (any ShipmentDocumentProducer)?

    public init(orders: OrderService, packSet: PackSet, day: Day, producer: (any ShipmentDocumentProducer)? = nil) {
        self.orders = orders
        self.packSet = packSet
        self.day = day
        self.producer = producer
    }

    /// What a gate run did.
    public struct Report: Hashable, Sendable, Codable {
        public var released: [String] = []
        public var held: [String: [OrderHold]] = [:]
    }

    /// Assesses allocated (and held, for a re-check) orders — only `ids` when given — and releases or holds them.
    public func release(ids: [String]? = nil, operationID: String) async throws -> Report {
        try FlowGuard.nonEmpty(operationID, "operationID")
        var candidates: [Order] = []
        if let ids {
            for id in ids {
                guard let order = try await orders.order(id: id) else {
                    throw FlowError(.unknownDocument, field: "ids", value: id, "no order '\(id)'")
                }
                candidates.append(order)
            }
        } else {
            candidates = try await orders.orders(in: [.allocated, .held])
        }
        var report = Report()
        var products: [String: Product] = [:]
        var warehouses: [String: Warehouse] = [:]
        for order in candidates where order.status == .allocated || order.status == .held {
            guard let code = order.warehouse else { continue }
            if warehouses[code] == nil { warehouses[code] = try await orders.store.warehouse(code) }
            guard let warehouse = warehouses[code] else {
                throw WMSError(.unknownWarehouse, field: "warehouse", value: code, "unknown warehouse '\(code)'")
            }
            for line in order.intake.lines where products[line.sku] == nil {
                products[line.sku] = try await orders.store.product(line.sku)
            }
            let (holds, assessment, json) = assess(order, warehouse: warehouse, products: products)
            var summary: OrderAssessment? = nil
            if let assessment, let json {
                let documentID = "\(order.id)-" + String(ContentDigest.sha256Hex(Data(json.utf8)).prefix(12))
                try await orders.saveOnce(
                    kind: Self.assessmentKind, id: documentID, status: assessment.decision.rawValue, data: json)
                summary = OrderAssessment(assessment, documentID: documentID)
            }
            let (saved, _) = try await orders.update(order.id, operation: operationID) { current in
                current.assessment = summary
                current.holds = holds
                if holds.isEmpty {
                    try current.move(to: .released, operation: operationID, note: "compliance gate passed")
                } else {
                    try current.move(
                        to: .held, operation: operationID, note: holds.map(\.code).joined(separator: ", "))
                }
            }
            if saved.status == .released {
                report.released.append(saved.id)
            } else {
                report.held[saved.id] = saved.holds
            }
        }
        return report
    }

    /// The gate's holds for `order` (pack holds, or its own for missing master data), the assessment and its JSON.
    public func assess(_ order: Order, warehouse: Warehouse, products: [String: Product]) -> (
        holds: [OrderHold], assessment: Assessment?, json: String?
    ) {
        let (request, missing) = assessmentRequest(order, warehouse: warehouse, products: products)
        guard let request, missing.isEmpty else { return (missing, nil, nil) }
        let assessment = packSet.assess(request, on: day, explain: true)
        // Name each hold's rule with its pack (`dangerous-goods.passenger-aircraft`).
        var packs: [String: String] = [:]
        if !assessment.holds.isEmpty {
            for step in assessment.explanation() where packs[step.rule] == nil { packs[step.rule] = step.pack }
        }
        var holds = assessment.holds.map { hold in
            OrderHold(
                code: hold.code, message: hold.message,
                rule: packs[hold.rule].map { "\($0).\(hold.rule)" } ?? hold.rule, source: hold.source)
        }
        if let producer, !producer.unavailable(assessment.documents).isEmpty {
            let missing = producer.unavailable(assessment.documents)
            holds.append(
                OrderHold(
                    code: "DOCUMENT-UNAVAILABLE",
                    message: "the assessment requires \(missing.joined(separator: ", ")), which the document producer "
                        + "cannot make; prepare it outside Bonded and release by hand",
                    rule: "order-gate.documents", source: "the assessment's documents list"))
        }
        if let producer {
            let gaps = producer.missingData(assessment.documents, order: order, products: products)
            if !gaps.isEmpty {
                holds.append(
                    OrderHold(
                        code: "DOCUMENT-DATA-MISSING",
                        message: "the documents the assessment requires lack master data: "
                            + gaps.joined(separator: "; "),
                        rule: "order-gate.document-data", source: "product master data"))
            }
        }
        return (holds, assessment, assessment.json(includeExplanation: true))
    }

    /// The engine's request for an order: the warehouse's country as dispatch, the route's transport, and per line
    /// the product's HS code, origin, weight, category, battery, UN number and GPSR data. Missing data the rules
    /// cannot do without becomes a gate hold instead.
    public func assessmentRequest(_ order: Order, warehouse: Warehouse, products: [String: Product]) -> (
        AssessmentRequest?, [OrderHold]
    ) {
        let intake = order.intake
        var holds: [OrderHold] = []
        var lines: [AssessmentRequest.Line] = []
        for (index, line) in intake.lines.enumerated() {
            guard let product = products[line.sku] else {
                holds.append(
                    OrderHold(
                        code: "PRODUCT-UNKNOWN", message: "lines[\(index)].sku \(line.sku) has no master data",
                        rule: "order-gate.product", source: "product master data"))
                continue
            }
            guard let hs = product.hsCode else {
                holds.append(
                    OrderHold(
                        code: "HS-CODE-MISSING",
                        message: "\(line.sku) has no HS code; it cannot be classified or declared",
                        rule: "order-gate.hs-code", source: "product master data: HS code required for every line"))
                continue
            }
            guard let origin = product.originCountry else {
                holds.append(
                    OrderHold(
                        code: "ORIGIN-MISSING", message: "\(line.sku) has no country of origin",
                        rule: "order-gate.origin", source: "product master data: origin required for every line"))
                continue
            }
            let battery = product.battery.map {
                AssessmentRequest.Battery(
                    chemistry: $0.chemistry.rawValue, packing: $0.packing.rawValue,
                    wh: $0.milliwattHours.map { Fixed(raw: $0 * 1_000) }, mah: nil, volts: nil,
                    lithiumG: $0.lithiumMilligrams.map { Fixed(raw: $0 * 1_000) },
                    socPercent: $0.stateOfChargePercent.flatMap { Fixed($0) })
            }
            lines.append(
                AssessmentRequest.Line(
                    sku: line.sku, description: product.description, hs: hs, origin: origin,
                    category: product.category, quantity: Fixed(line.quantity) ?? .zero,
                    unitPrice: Fixed(parsing: "\(line.unitPrice)") ?? .zero,
                    netKg: product.netWeightGrams > 0
                        ? Fixed(raw: product.netWeightGrams * Int64(line.quantity) * 1_000) : nil,
                    volumeML: nil, excise: false, battery: battery, unNumber: product.unNumber,
                    manufacturerCountry: product.manufacturerCountry, euResponsiblePerson: product.euResponsiblePerson))
        }
        guard holds.isEmpty else { return (nil, holds) }
        let route =
            order.route
            ?? FulfilmentNetwork.route(
                from: warehouse.country, to: intake.shipTo.country, service: intake.shippingService)
        let ioss = intake.marketplaceTaxID.flatMap { $0.hasPrefix("IM") ? $0 : nil }
        let request = AssessmentRequest(
            id: order.id, date: day, sale: "B2C", marketplace: intake.marketplace != nil, gift: false,
            from: warehouse.country, to: intake.shipTo.country, transport: route.transport, aircraft: route.aircraft,
            currency: intake.currency, shipping: Fixed(parsing: "\(intake.shippingCharge ?? 0)") ?? .zero,
            insurance: .zero,
            seller: AssessmentRequest.Seller(country: warehouse.country, ioss: ioss, vat: nil, eori: nil, size: nil),
            lines: lines)
        return (request, [])
    }
}

extension OrderAssessment {
    init(_ assessment: Assessment, documentID: String) {
        self.init(
            decision: assessment.decision.rawValue, regime: assessment.regime, documents: assessment.documents,
            dangerousGoods: assessment.lines.compactMap { line in
                let dg = line.dg
                guard dg.unNumber != nil || !dg.labels.isEmpty || dg.packingInstruction != nil else { return nil }
                return DangerousGoods(
                    sku: line.sku, unNumber: dg.unNumber, dgClass: dg.dgClass,
                    packingInstruction: dg.packingInstruction,
                    section: dg.section, air: dg.air, labels: dg.labels, properShippingName: dg.properShippingName,
                    packingGroup: dg.packingGroup, subsidiaryHazard: dg.subsidiaryHazard)
            }, packSetHash: assessment.packSetHash, date: "\(assessment.date)", documentID: documentID)
    }
}
