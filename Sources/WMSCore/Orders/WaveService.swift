internal import Foundation

/// Plans waves over the released orders of one warehouse: `WavePlanner` groups them and loads carts, `PickRouter`
/// orders each cart's stops, and every cart trip becomes a pick session (flow document `pick` in the warehouse)
/// whose tasks are in route order. Planned orders move to `picking`.
public struct WaveService: Sendable {
    public static let waveKind = "wave"
    public let orders: OrderService

    public init(orders: OrderService) { self.orders = orders }

    /// A stored wave plan: its waves, their pick sessions and the orders left out.
    public struct PlanRecord: Hashable, Sendable, Codable {
        public struct WaveSummary: Hashable, Sendable, Codable {
            public var id: String
            public var key: WaveKey
            public var sessions: [String]
            public var orders: Int
        }

        public var id: String
        public var warehouse: String
        public var waves: [WaveSummary]
        public var rejected: [WavePlan.RejectedOrder]
        /// Total walking distance of all the routes.
        public var routeMillimetres: Int64
    }

    /// The warehouse's released orders as the wave planner takes them (one line per allocation).
    public func releasedOrders(warehouse: String, layout: WarehouseLayout) async throws -> [ReleasedOrder] {
        try await releasedOrders(
            try await orders.orders(status: .released).filter { $0.warehouse == warehouse }, warehouse: warehouse,
            layout: layout)
    }

    func releasedOrders(_ source: [Order], warehouse: String, layout: WarehouseLayout) async throws -> [ReleasedOrder] {
        let store = orders.store
        let locations = Dictionary(
            uniqueKeysWithValues: try await store.locations(warehouse: warehouse).map { ($0.code, $0) })
        var products: [String: Product] = [:]
        var result: [ReleasedOrder] = []
        for order in source {
            var lines: [ReleasedOrderLine] = []
            for allocation in order.allocations {
                if products[allocation.sku] == nil {
                    products[allocation.sku] = try await store.product(allocation.sku)
                }
                guard let location = locations[allocation.location] else {
                    throw WMSError(
                        .unknownLocation, field: "allocations.location", value: allocation.location,
                        "order \(order.id) is allocated from unknown location \(allocation.location)")
                }
                let product = products[allocation.sku]
                let volume = product.map {
                    max(1, $0.lengthMillimetres * $0.widthMillimetres * $0.heightMillimetres / 1_000)
                }
                lines.append(
                    ReleasedOrderLine(
                        sku: allocation.sku, quantity: Int(allocation.quantity), locationCode: allocation.location,
                        point: layout.pickPoint(for: location), unitVolumeCubicCentimetres: volume ?? 1,
                        unitWeightGrams: product?.netWeightGrams ?? 0))
            }
            let intake = order.intake
            result.append(
                ReleasedOrder(
                    id: order.id, carrier: order.route?.carrier ?? "unassigned", channel: intake.channel,
                    destinationRegion: FulfilmentNetwork.destinationRegion(of: intake.shipTo.country),
                    cutOff: intake.shipBy ?? Self.cutOff(after: intake.orderedAt), lines: lines))
        }
        return result
    }

    /// The carrier collection an order without a ship-by date makes: 16:00 UTC of the day after it was ordered, so
    /// that a day's orders share a cut-off (and a wave).
    static func cutOff(after ordered: Date) -> Date {
        let day = (ordered.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return Date(timeIntervalSince1970: day + 86_400 + 16 * 3_600)
    }

    /// Plans the waves of `warehouse` under `planID` (a replay returns the stored plan).
    public func plan(
        warehouse: String, layout: WarehouseLayout, cart: CartCapacity, planID: String, actor: String = "planner"
    ) async throws -> PlanRecord {
        try Validate.code(planID, field: "planID", maxLength: 40)
        let store = orders.store
        if let existing = try await store.document(warehouse: warehouse, kind: Self.waveKind, id: planID) {
            return try FlowCoding.decode(PlanRecord.self, existing)
        }
        let source = try await orders.orders(status: .released).filter { $0.warehouse == warehouse }
        let orderByID = Dictionary(uniqueKeysWithValues: source.map { ($0.id, $0) })
        let released = try await releasedOrders(source, warehouse: warehouse, layout: layout)
        let plan = WavePlanner(cart: cart).plan(released)
        let router = PickRouter(layout: layout)
        var record = PlanRecord(
            id: planID, warehouse: warehouse, waves: [], rejected: plan.rejected, routeMillimetres: 0)
        let byID = Dictionary(uniqueKeysWithValues: released.map { ($0.id, $0) })
        var sessions: [PickSession] = []
        for wave in plan.waves {
            var summary = PlanRecord.WaveSummary(id: "\(planID)-\(wave.id)", key: wave.key, sessions: [], orders: 0)
            for batch in wave.batches {
                let list = router.pickList(for: batch)
                let sessionID = "\(planID)-\(batch.id)"
                let tasks = list.lines.map { line in
                    let allocation = byID[line.orderID]!.lines[line.lineIndex]
                    return PickTask(
                        orderID: line.orderID, allocationIndex: line.lineIndex, sku: allocation.sku,
                        location: allocation.locationCode, quantity: Int64(allocation.quantity), tote: line.tote)
                }
                sessions.append(
                    PickSession(
                        id: sessionID, warehouse: warehouse, wave: summary.id, kind: batch.kind.rawValue,
                        routeMillimetres: list.route.lengthMillimetres, routeMethod: list.route.method.rawValue,
                        tasks: tasks))
                summary.sessions.append(sessionID)
                summary.orders += batch.orderIDs.count
                record.routeMillimetres += list.route.lengthMillimetres
            }
            record.waves.append(summary)
        }
        // Lots are not part of the planner's lines: take them from the orders.
        for index in sessions.indices {
            for taskIndex in sessions[index].tasks.indices {
                let task = sessions[index].tasks[taskIndex]
                guard let order = orderByID[task.orderID] else { continue }
                sessions[index].tasks[taskIndex].lot = order.allocations[task.allocationIndex].lot
            }
            let session = sessions[index]
            let orderIDs = Set(session.tasks.map(\.orderID)).sorted()
            let toPicking: (inout Order) throws -> Void = { order in
                order.pickBatch = session.id
                try order.move(to: .picking, operation: "wave/\(planID)", note: "pick session \(session.id)")
            }
            if try await saveTogether(session, orderIDs: orderIDs, operation: "wave/\(planID)", toPicking) { continue }
            // Step by step: a replay of a plan that stopped half-way, or an order saved meanwhile.
            try await PickService.save(session, store: store, version: 0)
            for orderID in orderIDs {
                try await orders.update(orderID, operation: "wave/\(planID)", toPicking)
            }
        }
        _ = try await store.saveDocument(
            FlowDocument(
                warehouse: warehouse, kind: Self.waveKind, id: planID, status: "planned",
                data: try FlowCoding.encode(record)))
        return record
    }

    /// Saves a new pick session and its orders moved to picking in one transaction. False, with nothing saved,
    /// when that cannot be done in one go: the session exists or an order applied `operation` already (a replay),
    /// or an order was saved meanwhile.
    private func saveTogether(
        _ session: PickSession, orderIDs: [String], operation: String, _ change: (inout Order) throws -> Void
    ) async throws -> Bool {
        var documents = [
            FlowDocument(
                warehouse: session.warehouse, kind: PickService.kind, id: session.id, status: session.status,
                data: try FlowCoding.encode(session))
        ]
        var changed: [Order] = []
        for id in orderIDs {
            let (document, order) = try await orders.prepare(id, operation: operation, change)
            guard let document else { return false }
            documents.append(document)
            changed.append(order)
        }
        let saved: [FlowDocument]
        do {
            saved = try await orders.store.saveDocuments(documents)
        } catch let error as WMSError where error.code == .operationConflict {
            return false
        }
        FlowCaches.pickSessions.saved(saved[0], value: session)
        for (document, order) in zip(saved.dropFirst(), changed) { FlowCaches.orders.saved(document, value: order) }
        return true
    }
}
