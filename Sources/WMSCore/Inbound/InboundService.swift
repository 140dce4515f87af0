/// One receiving scan: a container, an item (SKU and lot) and how many units, of which some are damaged.
public struct ReceiptScan: Hashable, Sendable, Codable {
    public var container: String
    public var sku: String
    public var lot: String
    /// Units scanned, damaged ones included.
    public var quantity: Int64
    /// Units of `quantity` that are damaged (they go to the defective bucket).
    public var damaged: Int64

    public init(container: String, sku: String, lot: String = "", quantity: Int64, damaged: Int64 = 0) {
        self.container = container
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.damaged = damaged
    }
}

/// A receiving operation at a dock: scans against an ASN (expected receipt) or without one (blind receipt).
public struct ReceiveRequest: Hashable, Sendable, Codable {
    public var clientOperationID: String
    public var warehouse: String
    /// The ASN received against; nil for a blind receipt.
    public var asnID: String?
    /// The dock location the goods are scanned into.
    public var dock: String
    public var scans: [ReceiptScan]
    /// Receiving more than the ASN expects must be asked for explicitly.
    public var allowOverReceipt: Bool
    public var actor: String
    public var device: String

    public init(
        clientOperationID: String, warehouse: String, asnID: String?, dock: String, scans: [ReceiptScan],
        allowOverReceipt: Bool = false, actor: String, device: String = ""
    ) {
        self.clientOperationID = clientOperationID
        self.warehouse = warehouse
        self.asnID = asnID
        self.dock = dock
        self.scans = scans
        self.allowOverReceipt = allowOverReceipt
        self.actor = actor
        self.device = device
    }
}

/// Inbound: ASN import into in-transit, first-mile status and customs holds, receiving by scan, container close.
public struct InboundService: Sendable {
    public let store: any Store

    public init(store: any Store) { self.store = store }

    /// The shipment `id`, or nil.
    public func shipment(_ id: String, warehouse: String) async throws -> InboundShipment? {
        guard let document = try await store.document(warehouse: warehouse, kind: InboundShipment.kind, id: id)
        else { return nil }
        var shipment = try FlowCoding.decode(InboundShipment.self, document)
        if let lines = try await store.document(warehouse: warehouse, kind: InboundShipment.linesKind, id: id) {
            shipment.lines = try FlowCoding.decode([ASNLine].self, lines)
        }
        return shipment
    }

    /// Imports an ASN from CSV text: all or nothing (see `importNotice`).
    public func importCSV(
        _ text: String, id: String, warehouse: String, billOfLading: String = "", operationID: String,
        actor: String, device: String = "", progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> (shipment: InboundShipment, replayed: Bool) {
        let (notice, issues) = try ASNCSVParser.read(text, id: id, warehouse: warehouse, billOfLading: billOfLading)
        return try await importNotice(
            notice, operationID: operationID, actor: actor, device: device, progress: progress, issues: issues)
    }

    /// Imports an ASN from the first worksheet of an XLSX workbook (same columns and checks as CSV; date cells
    /// in `expiry` are converted).
    public func importXLSX(
        _ bytes: [UInt8], id: String, warehouse: String, billOfLading: String = "", operationID: String,
        actor: String, device: String = "", progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> (shipment: InboundShipment, replayed: Bool) {
        let rows: [[String]]
        do {
            rows = try XLSXSheetReader.rows(bytes)
        } catch {
            throw FlowError(.importRejected, field: "file", value: "", error.description)
        }
        let (notice, issues) = try ASNCSVParser.read(
            records: rows, id: id, warehouse: warehouse, billOfLading: billOfLading, excelDates: true)
        return try await importNotice(
            notice, operationID: operationID, actor: actor, device: device, progress: progress, issues: issues)
    }

    /// Checks every line against master data (unknown SKUs, lots required, HS codes, lot expiries), then books the
    /// whole notice into in-transit in one operation. Any issue rejects the import and writes nothing.
    /// - Parameter progress: called with (lines checked, lines) while master data is checked.
    public func importNotice(
        _ notice: AdvanceShippingNotice, operationID: String, actor: String, device: String = "",
        progress: (@Sendable (Int, Int) -> Void)? = nil, issues parsed: [ImportIssue] = []
    ) async throws -> (shipment: InboundShipment, replayed: Bool) {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try FlowGuard.nonEmpty(actor, "actor")
        try Validate.code(notice.id, field: "asn.id", maxLength: 60)
        if let existing = try await shipment(notice.id, warehouse: notice.warehouse),
            existing.operations[operationID] != nil
        {
            return (existing, true)
        }
        guard try await store.warehouse(notice.warehouse) != nil else {
            throw WMSError(
                .unknownWarehouse, field: "warehouse", value: notice.warehouse,
                "unknown warehouse '\(notice.warehouse)'")
        }
        var issues = parsed
        let badSKUs = Set(parsed.filter { $0.column == "sku" }.map(\.row))
        var products: [String: Product?] = [:]
        var newLots: [String: Lot] = [:]
        for (checked, line) in notice.lines.enumerated() {
            if let progress, checked % 100 == 0 || checked == notice.lines.count - 1 {
                progress(checked + 1, notice.lines.count)
            }
            if badSKUs.contains(line.row) { continue }
            if products[line.sku] == nil { products[line.sku] = .some(try await store.product(line.sku)) }
            guard let product = products[line.sku] ?? nil else {
                issues.append(ImportIssue(row: line.row, column: "sku", value: line.sku, message: "unknown SKU"))
                continue
            }
            if product.lotTracked, line.lot.isEmpty {
                issues.append(
                    ImportIssue(
                        row: line.row, column: "lot", value: "",
                        message: "SKU \(line.sku) is lot-tracked: a lot is required"))
            }
            if let hs = line.hsCode, let known = product.hsCode, hs.prefix(6) != known.prefix(6) {
                issues.append(
                    ImportIssue(
                        row: line.row, column: "hs_code", value: hs,
                        message: "does not match the product's HS code \(known)"))
            }
            if !line.lot.isEmpty {
                let key = line.sku + "\u{1F}" + line.lot
                if let pending = newLots[key] {
                    if let expiry = line.expiry, pending.expiry != expiry {
                        issues.append(
                            ImportIssue(
                                row: line.row, column: "expiry", value: expiry,
                                message: "lot \(line.lot) has expiry \(pending.expiry ?? "none") on another row"))
                    }
                } else if let stored = try await store.lot(sku: line.sku, lot: line.lot) {
                    if let expiry = line.expiry, stored.expiry != nil, stored.expiry != expiry {
                        issues.append(
                            ImportIssue(
                                row: line.row, column: "expiry", value: expiry,
                                message: "lot \(line.lot) is known with expiry \(stored.expiry ?? "")"))
                    }
                } else {
                    newLots[key] = Lot(sku: line.sku, lot: line.lot, expiry: line.expiry)
                }
            }
        }
        if !issues.isEmpty { throw ASNCSVParser.rejected(issues.sorted { $0.row < $1.row }) }
        for lot in newLots.values.sorted(by: { ($0.sku, $0.lot) < ($1.sku, $1.lot) }) { try await store.save(lot) }
        var totals: [SKULot: Int64] = [:]
        var order: [SKULot] = []
        for line in notice.lines {
            let key = SKULot(sku: line.sku, lot: line.lot)
            if totals[key] == nil { order.append(key) }
            totals[key, default: 0] += line.quantity
        }
        let movements = order.map { key in
            Movement.receipt(
                sku: key.sku, lot: key.lot, quantity: totals[key] ?? 0,
                to: StockPosition(location: "", bucket: .inTransit), reason: "asn-in-transit")
        }
        let operation = FlowOperation(
            applied: false, documentReference: notice.id, actor: actor, device: device,
            postings: FlowGuard.chunks(movements))
        // The lines first (once; a retried import finds them): the state refers to them by ASN id.
        let linesData = try FlowCoding.encode(notice.lines)
        do {
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: notice.warehouse, kind: InboundShipment.linesKind, id: notice.id, status: "imported",
                    data: linesData))
        } catch let error as WMSError where error.code == .operationConflict {
            guard
                let stored = try await store.document(
                    warehouse: notice.warehouse, kind: InboundShipment.linesKind, id: notice.id),
                stored.data == linesData
            else {
                throw FlowError(
                    .invalidRequest, field: "asn.id", value: notice.id,
                    "ASN \(notice.id) was imported before with other lines")
            }
        }
        let (created, replayed) = try await FlowRunner.create(
            InboundShipment(notice), store: store, operationID: operationID, operation: operation)
        return (created, replayed)
    }

    /// Records a first-mile event without stock effect (arrival).
    public func arrive(_ id: String, warehouse: String, operationID: String, actor: String) async throws
        -> InboundShipment
    {
        try await FlowRunner.perform(
            InboundShipment.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { state in
            _ = try state.firstMile.handle(.arrive)
            return FlowOperation(applied: false, documentReference: id, actor: actor, device: "", postings: [])
        }.state
    }

    /// A customs inspection: freezes the outstanding units of the given SKUs (all lots, or the lots named) at
    /// `location` until `release`.
    public func inspect(
        _ id: String, warehouse: String, items: [SKULot], allLotsOf skus: [String] = [], location: String,
        operationID: String, actor: String
    ) async throws -> InboundShipment {
        guard try await store.location(warehouse: warehouse, code: location) != nil else {
            throw WMSError(
                .unknownLocation, field: "location", value: location,
                "unknown location '\(location)' in warehouse '\(warehouse)'")
        }
        return try await FlowRunner.perform(
            InboundShipment.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { state in
            _ = try state.firstMile.handle(.inspect)
            var quantities: [String: Int64] = [:]
            var frozen: [SKULot: Int64] = [:]
            for (text, _) in state.expected.sorted(by: { $0.key < $1.key }) {
                guard let key = ReceiptKey(text: text) else { continue }
                let item = SKULot(sku: key.sku, lot: key.lot)
                guard items.contains(item) || skus.contains(key.sku) else { continue }
                let outstanding = state.outstanding(text)
                guard outstanding > 0 else { continue }
                quantities[text] = outstanding
                frozen[item, default: 0] += outstanding
            }
            state.holds.append(
                CustomsHold(id: operationID, quantities: quantities, location: location, released: false))
            let movements = frozen.keys.sorted().map { item in
                Movement.transfer(
                    sku: item.sku, lot: item.lot, quantity: frozen[item] ?? 0,
                    from: StockPosition(location: "", bucket: .inTransit),
                    to: StockPosition(location: location, bucket: .frozen), reason: "customs-hold")
            }
            return FlowOperation(applied: false, documentReference: id, actor: actor, device: "", postings: [movements])
        }.state
    }

    /// Customs released the shipment: every open hold's stock goes back to in-transit, ready to receive.
    public func release(_ id: String, warehouse: String, operationID: String, actor: String) async throws
        -> InboundShipment
    {
        try await FlowRunner.perform(
            InboundShipment.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { state in
            _ = try state.firstMile.handle(.release)
            var movements: [Movement] = []
            for index in state.holds.indices where !state.holds[index].released {
                var byItem: [SKULot: Int64] = [:]
                for (text, quantity) in state.holds[index].quantities {
                    guard let key = ReceiptKey(text: text) else { continue }
                    byItem[SKULot(sku: key.sku, lot: key.lot), default: 0] += quantity
                }
                for item in byItem.keys.sorted() {
                    movements.append(
                        .transfer(
                            sku: item.sku, lot: item.lot, quantity: byItem[item] ?? 0,
                            from: StockPosition(location: state.holds[index].location, bucket: .frozen),
                            to: StockPosition(location: "", bucket: .inTransit), reason: "customs-release"))
                }
                state.holds[index].released = true
            }
            return FlowOperation(
                applied: false, documentReference: id, actor: actor, device: "",
                postings: movements.isEmpty ? [] : [movements])
        }.state
    }

    /// Receives scans at a dock. Against an ASN, units come out of in-transit (good → available, damaged →
    /// defective); more than outstanding needs `allowOverReceipt` and is booked as an over-receipt. Items under a
    /// customs hold and closed containers are refused. Without an ASN every unit is a blind receipt.
    public func receive(_ request: ReceiveRequest) async throws -> [ContainerDiscrepancy] {
        try FlowGuard.nonEmpty(request.clientOperationID, "clientOperationID")
        try FlowGuard.nonEmpty(request.actor, "actor")
        guard !request.scans.isEmpty else {
            throw FlowError(.invalidRequest, field: "scans", value: "[]", "a receipt needs at least one scan")
        }
        for (index, scan) in request.scans.enumerated() {
            try FlowGuard.positive(scan.quantity, "scans[\(index)].quantity")
            guard scan.damaged >= 0, scan.damaged <= scan.quantity else {
                throw FlowError(
                    .invalidRequest, field: "scans[\(index)].damaged", value: String(scan.damaged),
                    "damaged units must be between 0 and the scanned quantity \(scan.quantity)")
            }
        }
        guard let dock = try await store.location(warehouse: request.warehouse, code: request.dock) else {
            throw WMSError(
                .unknownLocation, field: "dock", value: request.dock,
                "unknown location '\(request.dock)' in warehouse '\(request.warehouse)'")
        }
        try await FlowGuard.checkNotFrozen(store, warehouse: request.warehouse, locations: [dock.code])
        let available = StockPosition(location: dock.code, bucket: .available)
        let defective = StockPosition(location: dock.code, bucket: .defective)
        guard let asnID = request.asnID else {
            var movements: [Movement] = []
            for scan in request.scans {
                if scan.quantity > scan.damaged {
                    movements.append(
                        .receipt(
                            sku: scan.sku, lot: scan.lot, quantity: scan.quantity - scan.damaged, to: available,
                            reason: "blind-receipt"))
                }
                if scan.damaged > 0 {
                    movements.append(
                        .receipt(sku: scan.sku, lot: scan.lot, quantity: scan.damaged, to: defective, reason: "damaged")
                    )
                }
            }
            for (index, chunk) in FlowGuard.chunks(movements).enumerated() {
                _ = try await store.post(
                    Posting(
                        clientOperationID: FlowGuard.chunkID(request.clientOperationID, index),
                        warehouse: request.warehouse, documentReference: "blind-receipt", actor: request.actor,
                        device: request.device, movements: chunk))
            }
            return []
        }
        let inTransit = StockPosition(location: "", bucket: .inTransit)
        let (state, _) = try await FlowRunner.perform(
            InboundShipment.self, store: store, warehouse: request.warehouse, id: asnID,
            operationID: request.clientOperationID
        ) { state in
            guard state.firstMile.canReceive else {
                throw FlowError(
                    .transitionNotAllowed, field: "asn", value: state.status,
                    "shipment \(asnID) has not arrived yet (status \(state.status))")
            }
            var movements: [Movement] = []
            for (index, scan) in request.scans.enumerated() {
                let key = ReceiptKey(container: scan.container, sku: scan.sku, lot: scan.lot).text
                if state.closedContainers.contains(scan.container) {
                    throw FlowError(
                        .invalidRequest, field: "scans[\(index)].container", value: scan.container,
                        "container \(scan.container) of \(asnID) is closed")
                }
                if state.held(key) > 0 {
                    throw FlowError(
                        .customsHold, field: "scans[\(index)].sku", value: scan.sku,
                        "\(scan.sku)\(scan.lot.isEmpty ? "" : " lot \(scan.lot)") is under customs inspection; release it first"
                    )
                }
                let outstanding = state.outstanding(key)
                if scan.quantity > outstanding, !request.allowOverReceipt {
                    throw FlowError(
                        .overReceipt, field: "scans[\(index)].quantity", value: String(scan.quantity),
                        "\(scan.quantity) scanned but \(outstanding) of \(scan.sku) outstanding in container \(scan.container); confirm an over-receipt explicitly"
                    )
                }
                let fromTransit = min(scan.quantity, outstanding)
                let damagedFromTransit = min(scan.damaged, fromTransit)
                let goodFromTransit = fromTransit - damagedFromTransit
                let extra = scan.quantity - fromTransit
                let extraDamaged = scan.damaged - damagedFromTransit
                if goodFromTransit > 0 {
                    movements.append(
                        .transfer(
                            sku: scan.sku, lot: scan.lot, quantity: goodFromTransit, from: inTransit, to: available,
                            reason: "receipt"))
                }
                if damagedFromTransit > 0 {
                    movements.append(
                        .transfer(
                            sku: scan.sku, lot: scan.lot, quantity: damagedFromTransit, from: inTransit, to: defective,
                            reason: "damaged"))
                }
                if extra - extraDamaged > 0 {
                    movements.append(
                        .receipt(
                            sku: scan.sku, lot: scan.lot, quantity: extra - extraDamaged, to: available,
                            reason: "over-receipt"))
                }
                if extraDamaged > 0 {
                    movements.append(
                        .receipt(
                            sku: scan.sku, lot: scan.lot, quantity: extraDamaged, to: defective,
                            reason: "over-receipt-damaged"))
                }
                state.good[key, default: 0] += goodFromTransit
                state.damaged[key, default: 0] += damagedFromTransit
                if extra > 0 { state.over[key, default: 0] += extra }
            }
            return FlowOperation(
                applied: false, documentReference: asnID, actor: request.actor, device: request.device,
                postings: FlowGuard.chunks(movements))
        }
        let containers = Set(request.scans.map(\.container))
        return state.containers.filter { containers.contains($0.container) }
    }

    /// Closes a container: what was expected and not received is short; its units leave in-transit with an
    /// adjustment (`short-shipped`). Returns the container's discrepancy report.
    public func closeContainer(
        _ id: String, warehouse: String, container: String, operationID: String, actor: String
    ) async throws -> ContainerDiscrepancy {
        let (state, _) = try await FlowRunner.perform(
            InboundShipment.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { state in
            guard !state.closedContainers.contains(container) else { return nil }
            let keys = state.expected.keys.compactMap(ReceiptKey.init(text:)).filter { $0.container == container }
            guard !keys.isEmpty else {
                throw FlowError(
                    .invalidRequest, field: "container", value: container, "no container \(container) in \(id)")
            }
            if keys.contains(where: { state.held($0.text) > 0 }) {
                throw FlowError(
                    .customsHold, field: "container", value: container,
                    "container \(container) has stock under customs inspection")
            }
            var movements: [Movement] = []
            for key in keys.sorted() {
                let missing = state.outstanding(key.text)
                guard missing > 0 else { continue }
                state.short[key.text, default: 0] += missing
                movements.append(
                    .adjustment(
                        sku: key.sku, lot: key.lot, delta: -missing, at: "", bucket: .inTransit, reason: "short-shipped"
                    ))
            }
            state.closedContainers.append(container)
            return FlowOperation(
                applied: false, documentReference: id, actor: actor, device: "",
                postings: movements.isEmpty ? [] : [movements])
        }
        guard let report = state.containers.first(where: { $0.container == container }) else {
            throw FlowError(.invalidRequest, field: "container", value: container, "no container \(container) in \(id)")
        }
        return report
    }
}

/// A SKU and a lot (empty for untracked stock).
public struct SKULot: Hashable, Sendable, Codable, Comparable {
    public var sku: String
    public var lot: String

    public init(sku: String, lot: String = "") {
        self.sku = sku
        self.lot = lot
    }

    public static func < (a: SKULot, b: SKULot) -> Bool { (a.sku, a.lot) < (b.sku, b.lot) }
}
