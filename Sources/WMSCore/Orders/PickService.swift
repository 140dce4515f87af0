/// Picking by scan over a pick session: scan the location of the current task, then the item (GTIN or SKU).
///
/// A scan of another location, another item, an item before its location, or more units than the task asks for
/// is refused with a reason and records nothing (over-picks are impossible). A short pick opens a dynamic count
/// for the location (`CountService`) and re-allocates the missing units elsewhere in the warehouse, or back-orders
/// the order with the reason.
///
/// Every accepted item scan moves the units in the ledger from the bin to the warehouse's pack station (a location
/// of zone kind `packing`) and records them on the order's allocation (`staged`), so the bin's balance is what is
/// left on the shelf (a count during picking is right) and the parcel ships from the pack station. Units of an
/// order cancelled after picking stay at the pack station, free, until they are put away again.
public struct PickService: Sendable {
    public static let kind = "pick"
    public let orders: OrderService
    /// Today as `YYYY-MM-DD` (re-allocation never takes expired lots).
    public let today: String

    public init(orders: OrderService, today: String) {
        self.orders = orders
        self.today = today
    }

    public func session(_ id: String, warehouse: String) async throws -> PickSession? {
        try await orders.store.document(warehouse: warehouse, kind: Self.kind, id: id).map {
            try FlowCaches.pickSessions.value($0)
        }
    }

    static func save(_ session: PickSession, store: any Store, version: Int) async throws {
        do {
            let saved = try await store.saveDocument(
                FlowDocument(
                    warehouse: session.warehouse, kind: kind, id: session.id, status: session.status,
                    data: try FlowCoding.encode(session), version: version))
            FlowCaches.pickSessions.saved(saved, value: session)
        } catch let error as WMSError where error.code == .operationConflict && version == 0 {
            // Created before by the same plan (a replay).
        }
    }

    /// Scans a location (`location`) or an item (`item`, GTIN or SKU, `quantity` units) for the current task.
    public func scan(
        session id: String, warehouse: String, location: String? = nil, item: String? = nil, quantity: Int64 = 1,
        operationID: String, actor: String = "picker"
    ) async throws -> PickScanResult {
        guard (location == nil) != (item == nil) else {
            throw FlowError(.invalidRequest, field: "scan", "scan either a location or an item")
        }
        try FlowGuard.positive(quantity, "quantity")
        let store = orders.store
        // A staging done for this scan in an attempt whose save lost a race; undone if the scan is then refused.
        var staged: (task: PickTask, pack: String)?
        for _ in 0..<50 {
            guard let document = try await store.document(warehouse: warehouse, kind: Self.kind, id: id) else {
                throw FlowError(
                    .unknownDocument, field: "session", value: id, "no pick session '\(id)' in \(warehouse)")
            }
            var session = try FlowCaches.pickSessions.value(document)
            if session.operations.contains(operationID) {
                return PickScanResult(accepted: true, task: nil, next: session.current.map { session.tasks[$0] })
            }
            func refuse(_ code: PickScanResult.Refusal.Code, _ message: String, task: PickTask?) async throws
                -> PickScanResult
            {
                if let done = staged {
                    try await unstage(done.task, quantity: quantity, pack: done.pack, session: session, operationID)
                }
                return .refused(code, message, task: task)
            }
            guard let index = session.current else {
                return try await refuse(.sessionComplete, "every task of \(id) is done", task: nil)
            }
            let task = session.tasks[index]
            var result: PickScanResult
            if let location {
                guard location == task.location else {
                    return try await refuse(
                        .wrongLocation, "scanned \(location), the next pick is at \(task.location)", task: task)
                }
                session.scannedLocation = location
                result = PickScanResult(accepted: true, task: task, next: task)
            } else {
                let code = item!
                guard session.scannedLocation == task.location else {
                    return try await refuse(
                        .scanLocationFirst, "scan location \(task.location) before the item", task: task)
                }
                let product = try await store.product(task.sku)
                guard code == task.sku || (product?.gtin?.digits == code && !code.isEmpty) else {
                    return try await refuse(
                        .wrongItem,
                        "scanned \(code), the task is \(task.sku)\(product?.gtin.map { " (GTIN \($0.digits))" } ?? "")",
                        task: task)
                }
                guard task.picked + quantity <= task.quantity else {
                    return try await refuse(
                        .overPick, "the task asks for \(task.quantity - task.picked) more, not \(quantity)", task: task)
                }
                if let done = staged,
                    done.task.orderID != task.orderID
                        || done.task.allocationIndex != task.allocationIndex
                {
                    return try await refuse(
                        .scanLocationFirst, "another scan of \(id) was recorded first: scan \(task.location) again",
                        task: task)
                }
                if staged == nil {
                    let pack = try await packStation(&session)
                    if let refusal = try await stage(
                        task, quantity: quantity, pack: pack, session: session, operationID, actor: actor)
                    {
                        return .refused(refusal.code, refusal.message, task: task)
                    }
                    staged = (task, pack)
                } else if session.packStation == nil {
                    session.packStation = staged?.pack
                }
                session.tasks[index].picked += quantity
                if session.tasks[index].picked == task.quantity { session.tasks[index].state = .done }
                if let next = session.current, session.tasks[next].location != task.location {
                    session.scannedLocation = nil
                }
                result = PickScanResult(
                    accepted: true, task: session.tasks[index], next: session.current.map { session.tasks[$0] })
            }
            session.operations.append(operationID)
            do {
                try await Self.save(session, store: store, version: document.version)
            } catch let error as WMSError where error.code == .operationConflict {
                continue
            }
            result.pickedOrders = try await completeOrders(session, orderIDs: [task.orderID])
            return result
        }
        throw FlowError(.invalidRequest, field: "session", value: id, "pick session \(id) is too busy; retry")
    }

    /// The picker found only `found` more units at the current task's location (after scanning it).
    public func short(session id: String, warehouse: String, found: Int64, operationID: String, actor: String)
        async throws -> ShortPickResult
    {
        let store = orders.store
        guard let document = try await store.document(warehouse: warehouse, kind: Self.kind, id: id) else {
            throw FlowError(.unknownDocument, field: "session", value: id, "no pick session '\(id)' in \(warehouse)")
        }
        var session = try FlowCaches.pickSessions.value(document)
        guard !session.operations.contains(operationID) else {
            throw FlowError(.invalidRequest, field: "operationID", value: operationID, "short pick already recorded")
        }
        guard let index = session.current else {
            throw FlowError(.transitionNotAllowed, field: "session", value: id, "every task of \(id) is done")
        }
        var task = session.tasks[index]
        guard session.scannedLocation == task.location else {
            throw FlowError(
                .wrongLocation, field: "location", value: task.location, "scan location \(task.location) first")
        }
        guard found >= 0, task.picked + found < task.quantity else {
            throw FlowError(
                .invalidRequest, field: "found", value: String(found),
                "a short pick finds fewer than the \(task.quantity - task.picked) units still to pick")
        }
        task.picked += found
        task.state = .short
        let missing = task.quantity - task.picked
        session.tasks[index] = task
        session.scannedLocation = nil

        // The units found go to the pack station like any pick (the ledger must hold them at the bin).
        if found > 0 {
            let pack = try await packStation(&session)
            if let refusal = try await stage(
                session.tasks[index], quantity: found, pack: pack, session: session, "\(operationID)/found",
                actor: actor, checkFrozen: false)
            {
                throw FlowError(.invalidRequest, field: "found", value: String(found), refusal.message)
            }
        }
        // Count the location now: it is frozen until the count closes, so nothing else is allocated from it. The
        // units picked from it are at the pack station in the ledger already, so the count compares the shelf
        // with what the ledger still holds there.
        var countID: String? = "DC-\(id)-\(index)"
        do {
            _ = try await CountService(store: store).open(
                countID!, warehouse: warehouse, kind: .dynamic, locations: [task.location], reason: "short-pick",
                operationID: "\(operationID)/count", actor: actor)
            session.counts.append(countID!)
        } catch let error as FlowError where error.code == .locationFrozen {
            countID = nil
        }

        // Re-allocate the missing units in the same warehouse (the order's reservation still covers the line).
        let view = try await StockView.load(
            store, warehouse: warehouse, skus: [task.sku],
            claims: try await StockView.claims(orders, warehouse: warehouse, skus: [task.sku]),
            today: today)
        var result = ShortPickResult(count: countID, missing: missing, reallocated: [], backOrder: nil)
        let plan = view.plan(task.sku, quantity: missing)
        let (order, _) = try await orders.update(task.orderID, operation: operationID) { order in
            let original = order.allocations[task.allocationIndex]
            order.allocations[task.allocationIndex].quantity = task.picked
            if let plan {
                for (key, quantity) in plan {
                    order.allocations.append(
                        OrderAllocation(
                            lineIndex: original.lineIndex, sku: original.sku, lot: key.lot, location: key.location,
                            quantity: quantity, reservationID: original.reservationID))
                }
            } else {
                let reason = BackOrderReason(
                    code: .noStock, sku: task.sku,
                    message: "short pick at \(task.location): \(missing) of \(task.sku) missing, no other sellable "
                        + "stock in \(warehouse)" + (countID.map { "; dynamic count \($0) opened" } ?? ""))
                order.backOrder = reason
                // Its allocations go: units it had picked stay at the pack station, free, to be put away.
                try order.move(to: .backOrdered, operation: operationID, note: reason.description + order.stagedNote)
            }
        }
        if order.status == .backOrdered {
            result.backOrder = order.backOrder
            for reservation in Set(order.allocations.map(\.reservationID)) {
                _ = try await store.release(reservationID: reservation)
            }
            _ = try await orders.update(order.id, operation: "\(operationID)/unallocate") { order in
                order.allocations = []
                order.warehouse = nil
                order.pickBatch = nil
            }
            for taskIndex in session.tasks.indices where session.tasks[taskIndex].orderID == order.id {
                if session.tasks[taskIndex].state == .open { session.tasks[taskIndex].state = .cancelled }
            }
        } else {
            let first = order.allocations.count - (plan?.count ?? 0)
            for allocationIndex in first..<order.allocations.count {
                let allocation = order.allocations[allocationIndex]
                result.reallocated.append(allocation)
                var added = PickTask(
                    orderID: order.id, allocationIndex: allocationIndex, sku: allocation.sku,
                    location: allocation.location, quantity: allocation.quantity, tote: task.tote)
                added.lot = allocation.lot
                session.tasks.append(added)
            }
        }
        session.operations.append(operationID)
        try await Self.save(session, store: store, version: document.version)
        _ = try await completeOrders(session, orderIDs: [order.id])
        return result
    }

    /// The session's pack station, resolved (and recorded on the session) at its first item scan.
    private func packStation(_ session: inout PickSession) async throws -> String {
        if let station = session.packStation { return station }
        let station = try await Self.packStation(orders.store, warehouse: session.warehouse)
        session.packStation = station
        return station
    }

    /// The warehouse's pack station: its first location of zone kind `packing`, by code.
    static func packStation(_ store: any Store, warehouse: String) async throws -> String {
        guard
            let station = try await store.locations(warehouse: warehouse).filter({ $0.zoneKind == .packing })
                .map(\.code).min()
        else {
            throw FlowError(
                .noLocation, field: "warehouse", value: warehouse,
                "\(warehouse) has no pack station: add a location of zone kind 'packing' (picked units move there)")
        }
        return station
    }

    /// Records `quantity` units of `task` as staged on its order, then moves them in the ledger from the bin to
    /// `pack`, both under ids derived from `operationID` (a replay changes nothing). Returns a refusal, with
    /// nothing changed, when the order is no longer being picked or the bin's balance is short.
    private func stage(
        _ task: PickTask, quantity: Int64, pack: String, session: PickSession, _ operationID: String, actor: String,
        checkFrozen: Bool = true
    ) async throws -> PickScanResult.Refusal? {
        // Scanner operation ids are unique per session; ledger operation ids are global.
        let key = "\(session.warehouse)/\(session.id)/\(operationID)"
        // A location being counted keeps its ledger still until the count closes, or the count would book the
        // units picked meanwhile as a loss (a short pick's own found units are moved before its count opens).
        if checkFrozen {
            do {
                try await FlowGuard.checkNotFrozen(
                    orders.store, warehouse: session.warehouse, locations: [task.location])
            } catch let error as FlowError where error.code == .locationFrozen {
                return .init(code: .locationFrozen, message: "\(error.message): pick it then, or report a short pick")
            }
        }
        // Thrown inside the update so a refused scan does not save the order.
        struct NotPicking: Error { let refusal: PickScanResult.Refusal }
        let order: Order
        let replayed: Bool
        do {
            (order, replayed) = try await orders.update(task.orderID, operation: "stage/\(key)") { order in
                guard order.status == .picking, order.allocations.indices.contains(task.allocationIndex) else {
                    throw NotPicking(
                        refusal: .init(
                            code: .orderNotPicking,
                            message:
                                "order \(order.id) is \(order.status.rawValue), no longer picked: put the item back"
                        ))
                }
                order.allocations[task.allocationIndex].staged =
                    order.allocations[task.allocationIndex].stagedUnits + quantity
                order.allocations[task.allocationIndex].stagedAt = pack
            }
        } catch let error as NotPicking {
            return error.refusal
        }
        if replayed && order.operations.contains("stage/\(key)/undo") {
            return .init(
                code: .scanLocationFirst,
                message: "scan \(operationID) was withdrawn (another scan was recorded first): scan again")
        }
        // Units allocated at the pack station itself (free there after a cancellation) are staged where they are.
        guard task.location != pack else { return nil }
        do {
            _ = try await orders.store.post(
                Posting(
                    clientOperationID: "pick/\(key)", warehouse: session.warehouse,
                    documentReference: order.id, actor: actor, device: session.id,
                    movements: [
                        .transfer(
                            sku: task.sku, lot: task.lot, quantity: quantity,
                            from: StockPosition(location: task.location, bucket: .available),
                            to: StockPosition(location: pack, bucket: .available), reason: "pick")
                    ]))
        } catch let error as WMSError where error.code == .insufficientStock {
            _ = try await orders.update(task.orderID, operation: "stage/\(key)/undo") { order in
                order.allocations[task.allocationIndex].staged =
                    order.allocations[task.allocationIndex].stagedUnits - quantity
            }
            return .init(
                code: .notInLedger,
                message: "the ledger holds fewer than \(quantity) of \(task.sku) at \(task.location): report a short "
                    + "pick so the location is counted (\(error.message))")
        }
        return nil
    }

    /// Reverses a staging whose scan was refused after all (a concurrent scan of the session won the save).
    private func unstage(
        _ task: PickTask, quantity: Int64, pack: String, session: PickSession, _ operationID: String
    ) async throws {
        let key = "\(session.warehouse)/\(session.id)/\(operationID)"
        if task.location != pack {
            _ = try await orders.store.post(
                Posting(
                    clientOperationID: "pick/\(key)/undo", warehouse: session.warehouse,
                    documentReference: task.orderID, actor: "system", device: session.id,
                    movements: [
                        .transfer(
                            sku: task.sku, lot: task.lot, quantity: quantity,
                            from: StockPosition(location: pack, bucket: .available),
                            to: StockPosition(location: task.location, bucket: .available), reason: "pick-undone")
                    ]))
        }
        _ = try await orders.update(task.orderID, operation: "stage/\(key)/undo") { order in
            guard order.allocations.indices.contains(task.allocationIndex) else { return }
            order.allocations[task.allocationIndex].staged =
                order.allocations[task.allocationIndex].stagedUnits - quantity
        }
    }

    /// Marks orders picked whose every task in the session is done or short (none open, none cancelled).
    private func completeOrders(_ session: PickSession, orderIDs: [String]) async throws -> [String] {
        var completed: [String] = []
        for orderID in orderIDs {
            let tasks = session.tasks.filter { $0.orderID == orderID }
            guard !tasks.isEmpty, tasks.allSatisfy({ $0.state == .done || $0.state == .short }) else { continue }
            let (order, _) = try await orders.update(orderID, operation: "pick/\(session.id)") { order in
                guard order.status == .picking else { return }
                for task in tasks { order.allocations[task.allocationIndex].picked = task.picked }
                order.allocations.removeAll { $0.quantity == 0 }
                try order.move(to: .picked, operation: "pick/\(session.id)", note: "picked on \(session.id)")
            }
            if order.status == .picked { completed.append(orderID) }
        }
        return completed
    }
}
