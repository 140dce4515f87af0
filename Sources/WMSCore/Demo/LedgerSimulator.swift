/// A small, fast, seedable random generator (SplitMix64) so simulations and property tests replay exactly.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Drives random but plausible operations (receipts, moves, freezes, damage, destruction, reservations,
/// shipments) against the demo network, and keeps the total it expects each warehouse to hold.
///
/// Used by `bonded ledger simulate`, the property tests and the crash tests. Some operations are meant to be
/// refused (taking more than is held, reserving beyond ATP); those return `false`.
public struct LedgerSimulator: Sendable {
    public private(set) var generator: SeededGenerator
    public let prefix: String
    public private(set) var counter = 0
    /// Units received minus units shipped or destroyed, per warehouse, over the operations this simulator applied.
    public private(set) var expectedTotals: [String: Int64] = [:]
    private var openReservations: [(id: String, warehouse: String, sku: String, remaining: Int64)] = []

    public init(seed: UInt64, prefix: String) {
        self.generator = SeededGenerator(seed: seed)
        self.prefix = prefix
    }

    /// Performs one random operation; true when it was applied, false when the store refused it as expected.
    public mutating func step(_ store: any Store) async throws -> Bool {
        counter += 1
        let operationID = "\(prefix)-\(counter)"
        let warehouse = DemoNetwork.warehouses.randomElement(using: &generator)!.code
        let shelves = DemoNetwork.locations(of: warehouse).map(\.code)
        let products = DemoNetwork.products
        let choice = Int.random(in: 0..<100, using: &generator)
        do {
            if choice < 20 {
                let product = products.randomElement(using: &generator)!
                let lot = product.lotTracked ? DemoNetwork.lots.first { $0.sku == product.sku }?.lot ?? "" : ""
                let bucket: Bucket = Int.random(in: 0..<10, using: &generator) == 0 ? .frozen : .available
                let quantity = Int64.random(in: 1...50, using: &generator)
                let posting = Posting(
                    clientOperationID: operationID, warehouse: warehouse, documentReference: "ASN-\(counter)",
                    actor: "sim", device: "sim",
                    movements: [
                        .receipt(
                            sku: product.sku, lot: lot, quantity: quantity,
                            to: StockPosition(location: shelves.randomElement(using: &generator)!, bucket: bucket))
                    ])
                let result = try await store.post(posting)
                if !result.replayed { expectedTotals[warehouse, default: 0] += quantity }
                return true
            }
            if choice < 30 {
                // Reserve some available stock.
                let levels = try await store.stockLevels(warehouse: warehouse, sku: nil)
                guard let level = levels.randomElement(using: &generator) else { return false }
                let quantity = Int64.random(in: 1...max(1, level.availableToPromise + 2), using: &generator)
                let result = try await store.reserve(
                    ReservationRequest(
                        clientOperationID: operationID, warehouse: warehouse, sku: level.sku, quantity: quantity,
                        orderReference: "ORD-\(counter)"))
                openReservations.append((result.reservation.id, warehouse, level.sku, result.reservation.remaining))
                return true
            }
            if choice < 34, !openReservations.isEmpty {
                let index = Int.random(in: 0..<openReservations.count, using: &generator)
                let reservation = openReservations.remove(at: index)
                _ = try await store.release(reservationID: reservation.id)
                return true
            }
            let balances = try await store.balances(warehouse: warehouse, sku: nil)
            guard let balance = balances.randomElement(using: &generator) else { return false }
            // Mostly take what is there; sometimes a little more, which must be refused.
            let quantity = Int64.random(in: 1...(balance.quantity + (choice % 7 == 0 ? 3 : 0)), using: &generator)
            let from = StockPosition(location: balance.location, bucket: balance.bucket)
            var movement: Movement
            var reservationIndex: Int?
            switch (choice, balance.bucket) {
            case (_, .pendingDestruction):
                movement = .destruction(sku: balance.sku, lot: balance.lot, quantity: quantity, from: balance.location)
            case (_, .inTransit):
                movement = .transfer(
                    sku: balance.sku, lot: balance.lot, quantity: quantity, from: from,
                    to: StockPosition(location: "DOCK-1", bucket: .available), reason: "arrival")
            case (34..<50, .available):
                if let index = openReservations.firstIndex(where: { $0.warehouse == warehouse && $0.sku == balance.sku }
                ) {
                    reservationIndex = index
                    let take = min(quantity, openReservations[index].remaining)
                    movement = .shipment(
                        sku: balance.sku, lot: balance.lot, quantity: take, from: balance.location,
                        reservationID: openReservations[index].id)
                } else {
                    movement = .shipment(sku: balance.sku, lot: balance.lot, quantity: quantity, from: balance.location)
                }
            case (50..<60, _):
                movement = .transfer(
                    sku: balance.sku, lot: balance.lot, quantity: quantity, from: from,
                    to: StockPosition(location: balance.location, bucket: .pendingDestruction),
                    reason: "write-off")
            case (60..<70, .available):
                movement = .transfer(
                    sku: balance.sku, lot: balance.lot, quantity: quantity, from: from,
                    to: StockPosition(location: "QA-01", bucket: .frozen), reason: "customs-hold")
            case (60..<70, _), (70..<75, _):
                let target: Bucket = choice < 70 ? .available : .defective
                guard target != balance.bucket else { return false }
                movement = .transfer(
                    sku: balance.sku, lot: balance.lot, quantity: quantity, from: from,
                    to: StockPosition(location: balance.location, bucket: target), reason: "status")
            default:
                var target = shelves.randomElement(using: &generator)!
                if target == balance.location { target = "RET-01" == target ? "DOCK-1" : "RET-01" }
                movement = .transfer(
                    sku: balance.sku, lot: balance.lot, quantity: quantity, from: from,
                    to: StockPosition(location: target, bucket: balance.bucket), reason: "move")
            }
            let posting = Posting(
                clientOperationID: operationID, warehouse: warehouse, documentReference: "DOC-\(counter)",
                actor: "sim", device: "sim", movements: [movement])
            let result = try await store.post(posting)
            if !result.replayed, movement.kind == .shipment || movement.kind == .destruction {
                expectedTotals[warehouse, default: 0] -= movement.quantity
            }
            if let reservationIndex {
                openReservations[reservationIndex].remaining -= movement.quantity
                if openReservations[reservationIndex].remaining == 0 { openReservations.remove(at: reservationIndex) }
            }
            return true
        } catch let error as WMSError where Self.expectedRefusals.contains(error.code) {
            return false
        }
    }

    static let expectedRefusals: Set<WMSError.Code> = [
        .insufficientStock, .insufficientAvailableToPromise, .reservedStockWouldBeUncovered,
    ]
}
