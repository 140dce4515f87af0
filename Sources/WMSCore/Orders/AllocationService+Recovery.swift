/// Recovery of reservations an allocation left behind.
///
/// Allocation reserves first and saves the order second. A crash in between leaves open reservations no order
/// refers to. Two things make that recoverable: reservation ids are derived from (order, attempt, warehouse, line),
/// so allocating the order again replays the same reservations instead of making new ones (the store answers a
/// replayed id with the first result); and `releaseOrphanReservations` gives back those a later attempt no longer
/// uses (the order went to another warehouse, was cancelled, or no longer exists).
extension AllocationService {
    /// Releases the open reservations of `warehouse` that no order claims: the order is unknown, or it has moved
    /// past allocation (or was cancelled) without the reservation among its allocations. Reservations of orders
    /// still waiting for allocation are left alone (another process may be allocating them; allocating them again
    /// adopts their reservations). Returns the ids released, sorted.
    @discardableResult
    public func releaseOrphanReservations(warehouse: String) async throws -> [String] {
        try await gateRun {
            var released: [String] = []
            for reservation in try await orders.store.reservations(warehouse: warehouse)
            where reservation.status == .open {
                let order = try await orders.order(id: reservation.orderReference)
                if let order {
                    if order.status == .received || order.status == .backOrdered { continue }
                    if order.status != .cancelled,
                        order.allocations.contains(where: { $0.reservationID == reservation.id })
                    {
                        continue
                    }
                }
                _ = try await orders.store.release(reservationID: reservation.id)
                released.append(reservation.id)
            }
            return released.sorted()
        }
    }
}
