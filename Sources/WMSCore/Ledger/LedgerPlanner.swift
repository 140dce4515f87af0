/// Turns a validated posting into chained entries and the projection changes they cause.
///
/// Stores call this inside their transaction, after reading the chain head, so both backends chain and project
/// the same way.
public struct LedgerPlan: Sendable {
    /// A change of one balance row.
    public struct BalanceKey: Hashable, Sendable {
        public var location: String
        public var sku: String
        public var lot: String
        public var bucket: Bucket
    }

    public var entries: [LedgerEntry]
    /// Net change per balance row, in a stable order: decreases first, so a failing check happens before writes.
    public var balanceChanges: [(key: BalanceKey, delta: Int64)]
    /// Net change of available stock per SKU.
    public var availableChanges: [(sku: String, delta: Int64)]
    /// Units each reservation fulfils.
    public var reservationFulfilments: [(reservationID: String, sku: String, quantity: Int64)]
    public var newHead: ChainHead

    /// Plans `posting` on top of `head`, stamping entries with `recordedAtMilliseconds`.
    public init(posting: Posting, head: ChainHead, recordedAtMilliseconds: Int64) {
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(posting.movements.count)
        var previous = head.hash
        var sequence = head.sequence
        var balances: [BalanceKey: Int64] = [:]
        var balanceOrder: [BalanceKey] = []
        var available: [String: Int64] = [:]
        var availableOrder: [String] = []
        var fulfilments: [(String, String, Int64)] = []
        func add(_ key: BalanceKey, _ delta: Int64) {
            if balances[key] == nil { balanceOrder.append(key) }
            balances[key, default: 0] += delta
            if key.bucket == .available {
                if available[key.sku] == nil { availableOrder.append(key.sku) }
                available[key.sku, default: 0] += delta
            }
        }
        for (leg, movement) in posting.movements.enumerated() {
            sequence += 1
            var entry = LedgerEntry(
                warehouse: posting.warehouse, sequence: sequence, leg: leg,
                clientOperationID: posting.clientOperationID, sku: movement.sku, lot: movement.lot,
                kind: movement.kind, from: movement.from, to: movement.to, quantity: movement.quantity,
                reason: movement.reason, documentReference: posting.documentReference, actor: posting.actor,
                device: posting.device, recordedAtMilliseconds: recordedAtMilliseconds,
                reservationID: movement.reservationID, previousHash: previous, hash: "")
            entry.hash = LedgerHasher.hash(of: entry)
            previous = entry.hash
            entries.append(entry)
            if let from = movement.from {
                add(
                    BalanceKey(location: from.location, sku: movement.sku, lot: movement.lot, bucket: from.bucket),
                    -movement.quantity)
            }
            if let to = movement.to {
                add(
                    BalanceKey(location: to.location, sku: movement.sku, lot: movement.lot, bucket: to.bucket),
                    movement.quantity)
            }
            if let reservation = movement.reservationID {
                fulfilments.append((reservation, movement.sku, movement.quantity))
            }
        }
        self.entries = entries
        let changes = balanceOrder.compactMap { key -> (key: BalanceKey, delta: Int64)? in
            let delta = balances[key] ?? 0
            return delta == 0 ? nil : (key, delta)
        }
        self.balanceChanges = changes.filter { $0.delta < 0 } + changes.filter { $0.delta > 0 }
        self.availableChanges = availableOrder.compactMap { sku in
            let delta = available[sku] ?? 0
            return delta == 0 ? nil : (sku, delta)
        }
        self.reservationFulfilments = fulfilments.map { (reservationID: $0.0, sku: $0.1, quantity: $0.2) }
        self.newHead = ChainHead(warehouse: posting.warehouse, sequence: sequence, hash: previous)
    }
}
