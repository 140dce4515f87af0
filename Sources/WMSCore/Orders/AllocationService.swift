internal import Foundation

/// Allocates orders: chooses the warehouse by the network's rule, picks lots and locations first-expiry-first-out,
/// and reserves each line with `Store.reserve`, which refuses anything beyond available-to-promise — so concurrent
/// allocations (other processes, other service instances) can never oversell. An order that cannot be allocated is
/// back-ordered with a reason (`BackOrderReason`), never silently.
///
/// One service instance allocates one order at a time (its plans see each other's claims); several instances or
/// processes may run at once, the store's reservation check is what keeps them honest.
public struct AllocationService: Sendable {
    public let orders: OrderService
    public let network: FulfilmentNetwork
    /// Today as `YYYY-MM-DD`: lots expiring before it are never allocated.
    public let today: String
    private let gate = AllocationGate()

    public init(orders: OrderService, network: FulfilmentNetwork, today: String) {
        self.orders = orders
        self.network = network
        self.today = today
    }

    /// What an allocation run did.
    public struct Report: Hashable, Sendable, Codable {
        public var allocated: [String] = []
        public var backOrdered: [String: BackOrderReason] = [:]
        /// Orders the run skipped because the operation had been applied to them before.
        public var replayed: [String] = []
    }

    /// Allocates received and back-ordered orders (only `ids` when given), oldest first.
    public func allocate(ids: [String]? = nil, operationID: String) async throws -> Report {
        try FlowGuard.nonEmpty(operationID, "operationID")
        return try await gate.run { try await allocateSerially(ids: ids, operationID: operationID) }
    }

    /// Runs `body` while no other allocation of this instance runs.
    func gateRun<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await gate.run(body)
    }

    private func allocateSerially(ids: [String]?, operationID: String) async throws -> Report {
        let store = orders.store
        var pending: [Order] = []
        if let ids {
            for id in ids {
                guard let order = try await orders.order(id: id) else {
                    throw FlowError(.unknownDocument, field: "ids", value: id, "no order '\(id)'")
                }
                pending.append(order)
            }
        } else {
            pending = try await orders.orders(in: [.received, .backOrdered])
        }
        pending = pending.filter { $0.status == .received || $0.status == .backOrdered }
            .sorted { ($0.intake.orderedAt, $0.id) < ($1.intake.orderedAt, $1.id) }
        var report = Report()
        guard !pending.isEmpty else { return report }
        let skus = Set(pending.flatMap { $0.intake.lines.map(\.sku) })
        var views: [String: StockView] = [:]
        for site in network.sites {
            views[site.warehouse] = try await StockView.load(
                store, warehouse: site.warehouse, skus: skus,
                claims: try await StockView.claims(orders, warehouse: site.warehouse, skus: skus),
                today: today)
        }
        for order in pending {
            if order.operations.contains(operationID) {
                report.replayed.append(order.id)
                continue
            }
            let outcome = try await allocate(order, views: &views)
            let saved: Order
            let replayed: Bool
            do {
                (saved, replayed) = try await orders.update(order.id, operation: operationID) { current in
                    guard current.status == .received || current.status == .backOrdered else {
                        throw FlowError(
                            .transitionNotAllowed, field: "status", value: current.status.rawValue,
                            "order \(current.id) changed while it was being allocated")
                    }
                    switch outcome {
                    case .allocated(let site, let allocations):
                        current.warehouse = site.warehouse
                        current.route = FulfilmentNetwork.route(
                            from: site.country, to: current.intake.shipTo.country,
                            service: current.intake.shippingService)
                        current.allocations = allocations
                        current.backOrder = nil
                        try current.move(to: .allocated, operation: operationID, note: "allocated in \(site.warehouse)")
                    case .backOrdered(let reason):
                        current.backOrder = reason
                        try current.move(to: .backOrdered, operation: operationID, note: reason.description)
                    }
                }
            } catch {
                // The order moved on meanwhile: give back what this run reserved for it.
                if case .allocated(_, let allocations) = outcome {
                    for id in Set(allocations.map(\.reservationID)) {
                        _ = try? await orders.store.release(reservationID: id)
                    }
                }
                throw error
            }
            if replayed { report.replayed.append(saved.id) }
            switch outcome {
            case .allocated: report.allocated.append(order.id)
            case .backOrdered(let reason): report.backOrdered[order.id] = reason
            }
        }
        return report
    }

    /// The client operation id of line `index`'s reservation in one allocation attempt (a digest when the plain
    /// form would pass the store's 100 characters).
    static func reservationID(_ order: String, _ attempt: Int, _ warehouse: String, _ index: Int) -> String {
        let plain = "\(order)/a\(attempt)/\(warehouse)/\(index)"
        guard plain.count > 100 else { return plain }
        return "r-" + String(ContentDigest.sha256Hex(Data(plain.utf8)).prefix(40)) + "/\(index)"
    }

    enum Outcome {
        case allocated(FulfilmentNetwork.Site, [OrderAllocation])
        case backOrdered(BackOrderReason)
    }

    private func allocate(_ order: Order, views: inout [String: StockView]) async throws -> Outcome {
        let intake = order.intake
        let sites = network.candidates(for: intake.shipTo.country, service: intake.shippingService)
        guard !sites.isEmpty else {
            return .backOrdered(
                BackOrderReason(
                    code: .destinationNotServed,
                    message: "no warehouse of the network ships to \(intake.shipTo.country)"))
        }
        let attempt = order.history.filter { $0.to == .allocated }.count + 1
        var raced = false
        for site in sites {
            guard var view = views[site.warehouse] else { continue }
            var allocations: [OrderAllocation] = []
            var fits = true
            for (index, line) in intake.lines.enumerated() {
                guard let plan = view.plan(line.sku, quantity: Int64(line.quantity)) else {
                    fits = false
                    break
                }
                view.take(plan)
                let reservation = Self.reservationID(order.id, attempt, site.warehouse, index)
                for (key, quantity) in plan {
                    allocations.append(
                        OrderAllocation(
                            lineIndex: index, sku: line.sku, lot: key.lot, location: key.location, quantity: quantity,
                            reservationID: reservation))
                }
            }
            guard fits else { continue }
            // Reserve every line, or none.
            var made: [String] = []
            do {
                for (index, line) in intake.lines.enumerated() {
                    let id = Self.reservationID(order.id, attempt, site.warehouse, index)
                    _ = try await orders.store.reserve(
                        ReservationRequest(
                            clientOperationID: id, warehouse: site.warehouse, sku: line.sku,
                            quantity: Int64(line.quantity), orderReference: order.id))
                    made.append(id)
                }
            } catch let error as WMSError where error.code == .insufficientAvailableToPromise {
                for id in made { _ = try await orders.store.release(reservationID: id) }
                raced = true
                continue
            }
            views[site.warehouse] = view
            return .allocated(site, allocations)
        }
        return .backOrdered(reason(for: intake, sites: sites, views: views, raced: raced))
    }

    /// Why no site could take the order: the first line no single site covers, and what holds its stock back.
    private func reason(
        for intake: OrderIntake, sites: [FulfilmentNetwork.Site], views: [String: StockView], raced: Bool
    ) -> BackOrderReason {
        let siteViews = sites.compactMap { views[$0.warehouse] }
        for line in intake.lines {
            let needed = Int64(line.quantity)
            let best = siteViews.map { $0.freeUnits(line.sku) }.max() ?? 0
            guard best < needed else { continue }
            let free = siteViews.reduce(0) { $0 + $1.freeUnits(line.sku) }
            var blocked = StockView.Blocked()
            for view in siteViews {
                let held = view.blocked[line.sku] ?? StockView.Blocked()
                blocked.frozen += held.frozen
                blocked.quarantined += held.quarantined
                blocked.expired += held.expired
            }
            let short = "\(line.sku): \(needed) needed, \(best) sellable in the best warehouse"
            if free + blocked.frozen + blocked.quarantined >= needed, blocked.frozen + blocked.quarantined > 0 {
                if blocked.quarantined >= blocked.frozen {
                    return BackOrderReason(
                        code: .complianceHold, sku: line.sku,
                        message: "\(short); \(blocked.quarantined) held in quarantine (customs/compliance hold)")
                }
                return BackOrderReason(
                    code: .stockFrozen, sku: line.sku,
                    message: "\(short); \(blocked.frozen) frozen, defective or in locations frozen by a count")
            }
            var message = short
            if blocked.expired > 0 { message += "; \(blocked.expired) more only in expired lots" }
            return BackOrderReason(code: .noStock, sku: line.sku, message: message)
        }
        let message =
            raced
            ? "stock was promised to concurrent orders first" : "no single warehouse holds every line of the order"
        return BackOrderReason(code: .noStock, sku: nil, message: message)
    }
}

/// Runs one allocation at a time per service instance.
final class AllocationGate: Sendable {
    private let lock = AsyncLock()

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await lock.acquire()
        do {
            let result = try await body()
            await lock.release()
            return result
        } catch {
            await lock.release()
            throw error
        }
    }
}

/// A FIFO async mutex.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !locked {
            locked = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}
