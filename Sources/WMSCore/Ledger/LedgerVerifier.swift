/// What `ledger verify` found for one warehouse.
public struct VerificationReport: Hashable, Sendable, Codable {
    /// A problem found, with the first entry it concerns when there is one.
    public struct Problem: Hashable, Sendable, Codable, CustomStringConvertible {
        public var sequence: Int64?
        public var message: String

        public var description: String {
            if let sequence { return "entry \(sequence): \(message)" }
            return message
        }
    }

    public var warehouse: String
    public var entriesChecked: Int64
    public var head: ChainHead
    /// The first entry whose chain is broken (wrong sequence, previous hash or own hash), if any.
    public var firstBrokenEntry: Problem?
    /// Projections that differ from what the entries add up to.
    public var projectionMismatches: [Problem]

    public var isValid: Bool { firstBrokenEntry == nil && projectionMismatches.isEmpty }
}

/// Recomputes a warehouse's hash chain and projections from its entries and compares them with the store.
public struct LedgerVerifier: Sendable {
    public let store: any Store
    public var pageSize: Int

    public init(store: any Store, pageSize: Int = 5_000) {
        self.store = store
        self.pageSize = pageSize
    }

    /// Verifies one warehouse's ledger. The projections are read first, in one snapshot with the chain head they
    /// include; then the entries up to that head are replayed against them. Entries never change once committed, so
    /// writers working meanwhile (a live service, a killed client whose last transaction still commits) cannot make
    /// a sound ledger look broken; what they append after the snapshot is left to the next run.
    public func verify(warehouse: String) async throws -> VerificationReport {
        let snapshot = try await store.projections(warehouse: warehouse)
        var expectedPrevious = LedgerHasher.genesisHash
        var expectedSequence: Int64 = 1
        var broken: VerificationReport.Problem?
        var projected: [LedgerPlan.BalanceKey: Int64] = [:]
        var fulfilled: [String: Int64] = [:]
        var checked: Int64 = 0
        var cursor: Int64 = 0
        while true {
            let page = try await store.entries(
                warehouse: warehouse, after: cursor, limit: Int(min(Int64(pageSize), snapshot.head.sequence - cursor)))
            if page.isEmpty { break }
            for entry in page where entry.sequence <= snapshot.head.sequence {
                checked += 1
                cursor = entry.sequence
                if broken == nil {
                    if entry.sequence != expectedSequence {
                        broken = .init(sequence: entry.sequence, message: "expected sequence \(expectedSequence)")
                    } else if entry.previousHash != expectedPrevious {
                        broken = .init(
                            sequence: entry.sequence, message: "previous hash does not match the entry before it")
                    } else if LedgerHasher.hash(of: entry) != entry.hash {
                        broken = .init(
                            sequence: entry.sequence,
                            message: "content does not match its hash (the entry was altered)")
                    } else if entry.quantity <= 0 {
                        broken = .init(sequence: entry.sequence, message: "quantity is not positive")
                    }
                }
                expectedSequence = entry.sequence + 1
                expectedPrevious = entry.hash
                if let from = entry.from {
                    let key = LedgerPlan.BalanceKey(
                        location: from.location, sku: entry.sku, lot: entry.lot, bucket: from.bucket)
                    projected[key, default: 0] -= entry.quantity
                    if projected[key, default: 0] < 0, broken == nil {
                        broken = .init(sequence: entry.sequence, message: "takes more than the balance held")
                    }
                }
                if let to = entry.to {
                    let key = LedgerPlan.BalanceKey(
                        location: to.location, sku: entry.sku, lot: entry.lot, bucket: to.bucket)
                    projected[key, default: 0] += entry.quantity
                }
                if let reservation = entry.reservationID {
                    fulfilled[reservation, default: 0] += entry.quantity
                }
            }
        }
        let head = snapshot.head
        var mismatches: [VerificationReport.Problem] = []
        var stored: [LedgerPlan.BalanceKey: Int64] = [:]
        for balance in snapshot.balances {
            let key = LedgerPlan.BalanceKey(
                location: balance.location, sku: balance.sku, lot: balance.lot, bucket: balance.bucket)
            stored[key] = balance.quantity
        }
        for key in Set(stored.keys).union(projected.keys) {
            let want = projected[key] ?? 0
            let have = stored[key] ?? 0
            if want != have {
                mismatches.append(
                    .init(
                        sequence: nil,
                        message:
                            "balance \(key.sku)/\(key.lot.isEmpty ? "-" : key.lot) at \(key.location.isEmpty ? "-" : key.location) "
                            + "\(key.bucket.rawValue) is \(have), entries give \(want)"))
            }
        }
        var availableBySKU: [String: Int64] = [:]
        for (key, quantity) in projected where key.bucket == .available {
            availableBySKU[key.sku, default: 0] += quantity
        }
        var reservedBySKU: [String: Int64] = [:]
        for reservation in snapshot.reservations {
            reservedBySKU[reservation.sku, default: 0] += reservation.remaining
            let used = fulfilled[reservation.id] ?? 0
            if reservation.status != .released, reservation.quantity - used != reservation.remaining {
                mismatches.append(
                    .init(
                        sequence: nil,
                        message:
                            "reservation \(reservation.id) has \(reservation.remaining) left, entries give \(reservation.quantity - used)"
                    ))
            }
        }
        var levels: [String: StockLevel] = [:]
        for level in snapshot.stockLevels { levels[level.sku] = level }
        for sku in Set(levels.keys).union(availableBySKU.keys).union(reservedBySKU.keys) {
            let level = levels[sku]
            if (level?.available ?? 0) != (availableBySKU[sku] ?? 0) {
                mismatches.append(
                    .init(
                        sequence: nil,
                        message:
                            "available of \(sku) is \(level?.available ?? 0), entries give \(availableBySKU[sku] ?? 0)")
                )
            }
            if (level?.reserved ?? 0) != (reservedBySKU[sku] ?? 0) {
                mismatches.append(
                    .init(
                        sequence: nil,
                        message:
                            "reserved of \(sku) is \(level?.reserved ?? 0), reservations give \(reservedBySKU[sku] ?? 0)"
                    ))
            }
            if let level, level.reserved > level.available {
                mismatches.append(.init(sequence: nil, message: "\(sku) has more reserved than available"))
            }
        }
        mismatches.sort { $0.message < $1.message }
        return VerificationReport(
            warehouse: warehouse, entriesChecked: checked, head: head, firstBrokenEntry: broken,
            projectionMismatches: mismatches)
    }
}
