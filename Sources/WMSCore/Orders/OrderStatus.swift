/// Where an order is in its life: received → allocated / back-ordered / held → released → picking → picked →
/// packed → shipped, or cancelled before it left. Every change goes through `canMove(to:)`.
public enum OrderStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Taken in, nothing decided yet.
    case received
    /// Stock reserved in one warehouse, lots and locations chosen.
    case allocated
    /// No allocation possible now; `Order.backOrder` says why.
    case backOrdered = "back-ordered"
    /// The compliance gate found holds; `Order.holds` lists them with the rule that fired.
    case held
    /// Passed the gate; may join a wave.
    case released
    /// On a pick cart.
    case picking
    case picked
    /// Contents, weight and dangerous-goods marks verified; documents and label produced.
    case packed
    /// Stock left the ledger; tracking number recorded.
    case shipped
    case cancelled

    /// The moves the order may make from each status.
    static let transitions: [OrderStatus: Set<OrderStatus>] = [
        .received: [.allocated, .backOrdered, .held, .cancelled],
        .backOrdered: [.allocated, .backOrdered, .held, .cancelled],
        .allocated: [.released, .held, .backOrdered, .cancelled],
        .held: [.allocated, .released, .held, .backOrdered, .cancelled],
        .released: [.picking, .backOrdered, .cancelled],
        // A short pick that cannot be re-allocated sends the order back to back-ordered.
        .picking: [.picked, .backOrdered, .cancelled],
        .picked: [.packed, .cancelled],
        .packed: [.shipped, .cancelled],
        .shipped: [],
        .cancelled: [],
    ]

    /// Whether an order in this status may move to `next`.
    public func canMove(to next: OrderStatus) -> Bool { Self.transitions[self]?.contains(next) ?? false }

    /// Statuses whose allocations still claim stock in the warehouse.
    public var holdsStock: Bool { [.allocated, .held, .released, .picking, .picked, .packed].contains(self) }
}
