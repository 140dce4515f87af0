/// Turns a validated posting into chained entries on top of a chain head.
///
/// Stores call this inside their transaction, after reading the chain head, so both backends chain the same way;
/// each store then applies the entries' movements in order.
public struct LedgerPlan: Sendable {
    /// One balance row: what a projection is keyed by.
    public struct BalanceKey: Hashable, Sendable {
        public var location: String
        public var sku: String
        public var lot: String
        public var bucket: Bucket
    }

    public var entries: [LedgerEntry]
    public var newHead: ChainHead

    /// Plans `posting` on top of `head`, stamping entries with `recordedAtMilliseconds`.
    public init(posting: Posting, head: ChainHead, recordedAtMilliseconds: Int64) {
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(posting.movements.count)
        var previous = head.hash
        var sequence = head.sequence
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
        }
        self.entries = entries
        self.newHead = ChainHead(warehouse: posting.warehouse, sequence: sequence, hash: previous)
    }
}
