public import ComplianceEngine
public import Foundation

/// Units of an order already authorised for return, across its RMAs (kind `rma-order`, one per order), so two
/// RMAs can never authorise more than was shipped.
struct ReturnOrderIndex: Codable, Sendable {
    static let kind = "rma-order"
    var rmas: [String] = []
    /// `sku␟lot` → units authorised.
    var authorised: [String: Int64] = [:]

    static func key(_ sku: String, _ lot: String) -> String { sku + "\u{1F}" + lot }
}

/// Returns: authorisation against a shipped order, receiving by scan into a returns location (a `return` receipt
/// into the frozen bucket until inspected), grading, restock by grade (A → available, B/C → defective,
/// D → pending-destruction), relabeling with a marking re-check, and return reasons for analytics.
/// Every step is idempotent by its operation id; state lives in flow documents of kind `rma`.
public struct ReturnService: Sendable {
    public let store: any Store
    public let orders: any ShippedOrderLookup
    public let packSet: PackSet
    /// The time recorded on gradings and relabels, and the day the marking rules are taken at.
    public let clock: @Sendable () -> Date

    public init(
        store: any Store, orders: any ShippedOrderLookup, packSet: PackSet,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.orders = orders
        self.packSet = packSet
        self.clock = clock
    }

    /// The RMA `id` of `warehouse`, or nil.
    public func rma(_ id: String, warehouse: String) async throws -> ReturnAuthorisation? {
        guard let document = try await store.document(warehouse: warehouse, kind: ReturnAuthorisation.kind, id: id)
        else { return nil }
        return try FlowCoding.decode(ReturnAuthorisation.self, document)
    }

    /// Authorises a return of some shipped units. Refuses SKUs or lots the order did not ship and more units than
    /// were shipped less those already authorised by other RMAs of the order.
    public func authorise(_ request: AuthoriseReturnRequest) async throws -> (
        rma: ReturnAuthorisation, replayed: Bool
    ) {
        try FlowGuard.nonEmpty(request.operationID, "operationID")
        try FlowGuard.nonEmpty(request.actor, "actor")
        try Validate.code(request.rmaID, field: "rmaID", maxLength: 60)
        guard let order = try await orders.shippedOrder(request.orderID) else {
            throw FlowError(
                .unknownDocument, field: "orderID", value: request.orderID, "no shipped order '\(request.orderID)'")
        }
        if let existing = try await rma(request.rmaID, warehouse: order.warehouse) {
            if existing.operations[request.operationID] != nil { return (existing, true) }
            throw FlowError(
                .invalidRequest, field: "rmaID", value: request.rmaID, "RMA \(request.rmaID) exists already")
        }
        guard !request.lines.isEmpty else {
            throw FlowError(.invalidRequest, field: "lines", value: "[]", "a return needs at least one line")
        }
        guard let location = try await store.location(warehouse: order.warehouse, code: request.returnsLocation)
        else {
            throw WMSError(
                .unknownLocation, field: "returnsLocation", value: request.returnsLocation,
                "unknown location '\(request.returnsLocation)' in warehouse '\(order.warehouse)'")
        }
        guard location.zoneKind == .returns else {
            throw FlowError(
                .wrongLocation, field: "returnsLocation", value: location.code,
                "\(location.code) is a \(location.zoneKind.rawValue) location, not a returns location")
        }
        let shipped = order.shipped
        var lines: [ReturnLine] = []
        for (index, line) in request.lines.enumerated() {
            try FlowGuard.positive(line.quantity, "lines[\(index)].quantity")
            var lot = line.lot
            if lot.isEmpty {
                let lots = shipped.keys.filter { $0.sku == line.sku }
                if lots.count == 1 { lot = lots[0].lot }
            }
            guard let units = shipped[SKULot(sku: line.sku, lot: lot)] else {
                throw FlowError(
                    .invalidRequest, field: "lines[\(index)].sku", value: line.sku,
                    "\(line.sku)\(lot.isEmpty ? "" : " lot \(lot)") was not shipped in order \(order.orderID)")
            }
            if lines.contains(where: { $0.sku == line.sku && $0.lot == lot }) {
                throw FlowError(
                    .invalidRequest, field: "lines[\(index)].sku", value: line.sku, "\(line.sku) is on two lines")
            }
            guard line.quantity <= units else {
                throw FlowError(
                    .overReceipt, field: "lines[\(index)].quantity", value: String(line.quantity),
                    "\(line.quantity) units of \(line.sku) to return but \(units) were shipped")
            }
            let price = order.lines.first { $0.sku == line.sku && $0.lot == lot }
            lines.append(
                ReturnLine(
                    sku: line.sku, lot: lot, authorised: line.quantity, reason: line.reason,
                    unitPrice: price?.unitPrice ?? 0, currency: price?.currency ?? ""))
        }
        try await reserveInIndex(order: order, rmaID: request.rmaID, lines: lines, shipped: shipped)
        let state = ReturnAuthorisation(
            id: request.rmaID, warehouse: order.warehouse, orderID: order.orderID, channel: order.channel,
            destinationCountry: order.destinationCountry, returnsLocation: location.code, parcel: request.parcel,
            authorisedAt: clock(), lines: lines)
        let (created, replayed) = try await FlowRunner.create(
            state, store: store, operationID: request.operationID,
            operation: FlowOperation(
                applied: false, documentReference: request.rmaID, actor: request.actor, device: "", postings: []))
        return (created, replayed)
    }

    /// Adds the RMA's units to the order's index (optimistic, retried on conflict; once per RMA id).
    private func reserveInIndex(
        order: ShippedOrderSummary, rmaID: String, lines: [ReturnLine], shipped: [SKULot: Int64]
    ) async throws {
        for _ in 0..<50 {
            let document = try await store.document(
                warehouse: order.warehouse, kind: ReturnOrderIndex.kind, id: order.orderID)
            var index = try document.map { try FlowCoding.decode(ReturnOrderIndex.self, $0) } ?? ReturnOrderIndex()
            if index.rmas.contains(rmaID) { return }
            for (position, line) in lines.enumerated() {
                let key = ReturnOrderIndex.key(line.sku, line.lot)
                let before = index.authorised[key] ?? 0
                let units = shipped[SKULot(sku: line.sku, lot: line.lot)] ?? 0
                guard before + line.authorised <= units else {
                    throw FlowError(
                        .overReceipt, field: "lines[\(position)].quantity", value: String(line.authorised),
                        "only \(units - before) of \(units) shipped units of \(line.sku) are left to return")
                }
                index.authorised[key] = before + line.authorised
            }
            index.rmas.append(rmaID)
            do {
                _ = try await store.saveDocument(
                    FlowDocument(
                        warehouse: order.warehouse, kind: ReturnOrderIndex.kind, id: order.orderID, status: "open",
                        data: try FlowCoding.encode(index), version: document?.version ?? 0))
                return
            } catch let error as WMSError where error.code == .operationConflict {
                continue
            }
        }
        throw FlowError(.invalidRequest, field: "orderID", value: order.orderID, "order is too busy; retry")
    }

    /// The RMA a parcel scan names: its RMA number, or the tracking number of an open RMA's return parcel.
    public func rma(scanned parcel: String, warehouse: String) async throws -> ReturnAuthorisation {
        if let found = try await rma(parcel, warehouse: warehouse) { return found }
        for status in ["authorised", "receiving"] {
            for document in try await store.documents(
                warehouse: warehouse, kind: ReturnAuthorisation.kind, status: status)
            {
                let state = try FlowCoding.decode(ReturnAuthorisation.self, document)
                if state.parcel == parcel { return state }
            }
        }
        throw FlowError(.unknownDocument, field: "parcel", value: parcel, "no open RMA for parcel '\(parcel)'")
    }

    /// Receives a return parcel by scan: each item (by SKU or GTIN) must be on the RMA and within what is
    /// authorised and not yet received; otherwise the whole scan is refused and nothing is written. Received
    /// units enter the ledger as a `return` receipt into the returns location, frozen until graded.
    public func receive(_ request: ReceiveReturnRequest) async throws -> ReturnAuthorisation {
        try FlowGuard.nonEmpty(request.operationID, "operationID")
        try FlowGuard.nonEmpty(request.actor, "actor")
        try FlowGuard.nonEmpty(request.parcel, "parcel")
        guard !request.items.isEmpty else {
            throw FlowError(.invalidRequest, field: "items", value: "[]", "scan at least one item after the parcel")
        }
        for (index, item) in request.items.enumerated() {
            try FlowGuard.positive(item.quantity, "items[\(index)].quantity")
        }
        let found = try await rma(scanned: request.parcel, warehouse: request.warehouse)
        var gtins: [String: String] = [:]
        for sku in Set(found.lines.map(\.sku)) {
            if let gtin = try await store.product(sku)?.gtin { gtins[gtin.digits] = sku }
        }
        try await FlowGuard.checkNotFrozen(store, warehouse: request.warehouse, locations: [found.returnsLocation])
        return try await FlowRunner.perform(
            ReturnAuthorisation.self, store: store, warehouse: request.warehouse, id: found.id,
            operationID: request.operationID
        ) { state in
            var movements: [Movement] = []
            for (index, item) in request.items.enumerated() {
                let onRMA = state.lines.contains { $0.sku == item.code }
                guard let sku = onRMA ? item.code : gtins[item.code],
                    let line = state.lineIndex(sku: sku, lot: item.lot)
                else {
                    throw FlowError(
                        .invalidRequest, field: "items[\(index)].code", value: item.code,
                        "\(item.code)\(item.lot.isEmpty ? "" : " lot \(item.lot)") is not on RMA \(state.id): wrong item"
                    )
                }
                let open = state.lines[line].authorised - state.lines[line].received
                guard item.quantity <= open else {
                    throw FlowError(
                        .overReceipt, field: "items[\(index)].quantity", value: String(item.quantity),
                        "\(item.quantity) units of \(sku) scanned but \(open) more are authorised on RMA \(state.id)")
                }
                state.lines[line].received += item.quantity
                movements.append(
                    .receipt(
                        sku: sku, lot: state.lines[line].lot, quantity: item.quantity,
                        to: StockPosition(location: state.returnsLocation, bucket: .frozen), reason: "return"))
            }
            return FlowOperation(
                applied: false, documentReference: state.id, actor: request.actor, device: request.device,
                postings: [movements])
        }.state
    }

    /// Records the inspection: received units of a line get a grade and, if the inspector found one, a reason.
    public func grade(
        _ rmaID: String, warehouse: String, entries: [GradeEntry], operationID: String, inspector: String
    ) async throws -> ReturnAuthorisation {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try FlowGuard.nonEmpty(inspector, "inspector")
        guard !entries.isEmpty else {
            throw FlowError(.invalidRequest, field: "entries", value: "[]", "grade at least one unit")
        }
        let now = clock()
        return try await FlowRunner.perform(
            ReturnAuthorisation.self, store: store, warehouse: warehouse, id: rmaID, operationID: operationID
        ) { state in
            for (index, entry) in entries.enumerated() {
                try FlowGuard.positive(entry.quantity, "entries[\(index)].quantity")
                guard let line = state.lineIndex(sku: entry.sku, lot: entry.lot) else {
                    throw FlowError(
                        .invalidRequest, field: "entries[\(index)].sku", value: entry.sku,
                        "\(entry.sku) is not on RMA \(state.id)")
                }
                let waiting = state.lines[line].awaitingGrade
                guard entry.quantity <= waiting else {
                    throw FlowError(
                        .invalidRequest, field: "entries[\(index)].quantity", value: String(entry.quantity),
                        "\(waiting) units of \(entry.sku) are received and not graded yet")
                }
                state.lines[line].graded[entry.grade.rawValue, default: 0] += entry.quantity
                state.gradings.append(
                    ReturnGrading(
                        sku: entry.sku, lot: state.lines[line].lot, grade: entry.grade,
                        reason: entry.reason ?? state.lines[line].reason, quantity: entry.quantity, gradedAt: now,
                        inspector: inspector, note: entry.note))
            }
            return FlowOperation(
                applied: false, documentReference: state.id, actor: inspector, device: "", postings: [])
        }.state
    }

    /// Moves every graded, not yet restocked unit out of the returns location's frozen bucket: grade A to
    /// available (at `resellLocation`, or the returns location), B and C to defective, D to pending-destruction.
    public func restock(
        _ rmaID: String, warehouse: String, resellLocation: String? = nil, operationID: String, actor: String
    ) async throws -> ReturnAuthorisation {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try FlowGuard.nonEmpty(actor, "actor")
        if let resellLocation, try await store.location(warehouse: warehouse, code: resellLocation) == nil {
            throw WMSError(
                .unknownLocation, field: "resellLocation", value: resellLocation,
                "unknown location '\(resellLocation)' in warehouse '\(warehouse)'")
        }
        guard let current = try await rma(rmaID, warehouse: warehouse) else {
            throw FlowError(.unknownDocument, field: "id", value: rmaID, "no rma '\(rmaID)' in \(warehouse)")
        }
        try await FlowGuard.checkNotFrozen(
            store, warehouse: warehouse, locations: [current.returnsLocation, resellLocation ?? ""])
        return try await FlowRunner.perform(
            ReturnAuthorisation.self, store: store, warehouse: warehouse, id: rmaID, operationID: operationID
        ) { state in
            let quarantine = StockPosition(location: state.returnsLocation, bucket: .frozen)
            var movements: [Movement] = []
            for index in state.lines.indices {
                let line = state.lines[index]
                for grade in ReturnGrade.allCases {
                    let pending = (line.graded[grade.rawValue] ?? 0) - (line.restocked[grade.rawValue] ?? 0)
                    guard pending > 0 else { continue }
                    let location = grade == .a ? (resellLocation ?? state.returnsLocation) : state.returnsLocation
                    movements.append(
                        .transfer(
                            sku: line.sku, lot: line.lot, quantity: pending, from: quarantine,
                            to: StockPosition(location: location, bucket: grade.bucket), reason: grade.restockReason))
                    state.lines[index].restocked[grade.rawValue] = line.graded[grade.rawValue]
                }
            }
            guard !movements.isEmpty else { return nil }
            return FlowOperation(
                applied: false, documentReference: state.id, actor: actor, device: "", postings: [movements])
        }.state
    }
}
