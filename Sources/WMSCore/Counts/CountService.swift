/// A counted quantity of a SKU/lot at a location.
public struct CountEntry: Hashable, Sendable, Codable {
    public var location: String
    public var sku: String
    public var lot: String
    public var quantity: Int64

    public init(location: String, sku: String, lot: String = "", quantity: Int64) {
        self.location = location
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
    }
}

/// Cycle, dynamic and full counts: locations are frozen while a count is open; closing posts the variances
/// as adjustment entries with the count's reason.
public struct CountService: Sendable {
    public let store: any Store

    public init(store: any Store) { self.store = store }

    public func sheet(_ id: String, warehouse: String) async throws -> CountSheet? {
        try await store.document(warehouse: warehouse, kind: CountSheet.kind, id: id).map {
            try FlowCoding.decode(CountSheet.self, $0)
        }
    }

    /// Opens a count and freezes its locations. `locations` is ignored for a full count.
    public func open(
        _ id: String, warehouse: String, kind: CountSheet.Kind, locations: [String] = [],
        reason: String = "count-variance", operationID: String, actor: String
    ) async throws -> CountSheet {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try Validate.code(id, field: "count.id", maxLength: 60)
        if let existing = try await sheet(id, warehouse: warehouse), existing.operations[operationID] != nil {
            return existing
        }
        let all = try await store.locations(warehouse: warehouse)
        if all.isEmpty, try await store.warehouse(warehouse) == nil {
            throw WMSError(.unknownWarehouse, field: "warehouse", value: warehouse, "unknown warehouse '\(warehouse)'")
        }
        let known = Set(all.map(\.code))
        let scope: [String]
        switch kind {
        case .full: scope = all.map(\.code)
        case .cycle, .dynamic:
            guard !locations.isEmpty else {
                throw FlowError(
                    .invalidRequest, field: "locations", value: "[]", "a \(kind.rawValue) count needs locations")
            }
            if kind == .dynamic, locations.count != 1 {
                throw FlowError(
                    .invalidRequest, field: "locations", value: locations.joined(separator: ","),
                    "a dynamic count covers the one location where the pick found a difference")
            }
            for code in locations where !known.contains(code) {
                throw WMSError(
                    .unknownLocation, field: "locations", value: code,
                    "unknown location '\(code)' in warehouse '\(warehouse)'")
            }
            scope = Array(Set(locations)).sorted()
        }
        try await FlowGuard.checkNotFrozen(store, warehouse: warehouse, locations: Set(scope))
        let inScope = Set(scope)
        var expected: [String: Int64] = [:]
        for balance in try await store.balances(warehouse: warehouse, sku: nil)
        where balance.bucket != .inTransit && inScope.contains(balance.location) {
            expected[CountSheet.key(balance.location, balance.sku, balance.lot), default: 0] += balance.quantity
        }
        let sheet = CountSheet(
            id: id, warehouse: warehouse, countKind: kind, locations: kind == .full ? [] : scope, isOpen: true,
            reason: reason, expected: expected)
        return try await FlowRunner.create(
            sheet, store: store, operationID: operationID,
            operation: FlowOperation(applied: false, documentReference: id, actor: actor, device: "", postings: [])
        ).state
    }

    /// Records counted quantities (a later entry for the same record replaces an earlier one).
    public func record(_ id: String, warehouse: String, entries: [CountEntry], operationID: String, actor: String)
        async throws -> CountSheet
    {
        try await FlowRunner.perform(
            CountSheet.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { sheet in
            guard sheet.isOpen else {
                throw FlowError(.transitionNotAllowed, field: "count", value: id, "count \(id) is closed")
            }
            for (index, entry) in entries.enumerated() {
                guard sheet.covers(location: entry.location) else {
                    throw FlowError(
                        .wrongLocation, field: "entries[\(index)].location", value: entry.location,
                        "location \(entry.location) is not part of count \(id)")
                }
                guard entry.quantity >= 0 else {
                    throw FlowError(
                        .invalidRequest, field: "entries[\(index)].quantity", value: String(entry.quantity),
                        "a counted quantity cannot be negative")
                }
                sheet.counted[CountSheet.key(entry.location, entry.sku, entry.lot)] = entry.quantity
            }
            return FlowOperation(applied: false, documentReference: id, actor: actor, device: "", postings: [])
        }.state
    }

    /// Closes the count: posts a gain or loss adjustment for every record whose count differs from the ledger
    /// and unfreezes the locations. Records expected but not counted are an error unless `uncountedAreZero`.
    public func close(
        _ id: String, warehouse: String, uncountedAreZero: Bool = false, operationID: String, actor: String
    ) async throws -> CountSheet {
        guard let current = try await sheet(id, warehouse: warehouse) else {
            throw FlowError(.unknownDocument, field: "id", value: id, "no count '\(id)' in \(warehouse)")
        }
        if let operation = current.operations[operationID], operation.applied { return current }
        let stock = try await store.balances(warehouse: warehouse, sku: nil)
        return try await FlowRunner.perform(
            CountSheet.self, store: store, warehouse: warehouse, id: id, operationID: operationID
        ) { sheet in
            guard sheet.isOpen else {
                throw FlowError(.transitionNotAllowed, field: "count", value: id, "count \(id) is closed")
            }
            var held: [String: [Bucket: Int64]] = [:]
            for balance in stock where balance.bucket != .inTransit && sheet.covers(location: balance.location) {
                held[CountSheet.key(balance.location, balance.sku, balance.lot), default: [:]][
                    balance.bucket, default: 0] +=
                    balance.quantity
            }
            let keys = Set(sheet.expected.keys).union(held.keys).union(sheet.counted.keys).sorted()
            let missing = keys.filter {
                sheet.counted[$0] == nil && (held[$0]?.values.reduce(0, +) ?? 0) > 0
            }
            if !missing.isEmpty, !uncountedAreZero {
                let (location, sku, lot) = CountSheet.parts(missing[0])
                throw FlowError(
                    .countIncomplete, field: "location", value: location,
                    "\(missing.count) record\(missing.count == 1 ? "" : "s") not counted yet, first \(sku)\(lot.isEmpty ? "" : " lot \(lot)") at \(location)"
                )
            }
            var movements: [Movement] = []
            var lines: [CountSheet.Line] = []
            for key in keys {
                let (location, sku, lot) = CountSheet.parts(key)
                let buckets = held[key] ?? [:]
                let ledger = buckets.values.reduce(0, +)
                let counted = sheet.counted[key] ?? 0
                lines.append(.init(location: location, sku: sku, lot: lot, expected: ledger, counted: counted))
                if counted > ledger {
                    movements.append(
                        .adjustment(sku: sku, lot: lot, delta: counted - ledger, at: location, reason: sheet.reason))
                } else if counted < ledger {
                    var loss = ledger - counted
                    for bucket in [Bucket.available, .defective, .frozen, .pendingDestruction] where loss > 0 {
                        let take = min(loss, buckets[bucket] ?? 0)
                        guard take > 0 else { continue }
                        movements.append(
                            .adjustment(
                                sku: sku, lot: lot, delta: -take, at: location, bucket: bucket, reason: sheet.reason))
                        loss -= take
                    }
                }
            }
            sheet.lines = lines
            sheet.isOpen = false
            return FlowOperation(
                applied: false, documentReference: id, actor: actor, device: "", postings: FlowGuard.chunks(movements))
        }.state
    }

    /// Inventory record accuracy over the closed counts of a warehouse (optionally only `ids`).
    public func accuracy(warehouse: String, ids: Set<String>? = nil) async throws -> AccuracyReport {
        var report = AccuracyReport(counts: 0, records: 0, matched: 0, gains: 0, losses: 0, variances: [])
        for document in try await store.documents(warehouse: warehouse, kind: CountSheet.kind, status: "closed") {
            if let ids, !ids.contains(document.id) { continue }
            let sheet = try FlowCoding.decode(CountSheet.self, document)
            report.counts += 1
            report.records += sheet.lines.count
            report.matched += sheet.matched
            for line in sheet.lines where line.variance != 0 {
                if line.variance > 0 { report.gains += line.variance } else { report.losses -= line.variance }
                report.variances.append(line)
            }
        }
        return report
    }
}
