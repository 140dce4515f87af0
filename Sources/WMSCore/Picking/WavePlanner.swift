/// Groups released orders into waves and loads each wave onto carts.
///
/// Orders are grouped by carrier, channel, destination region and cut-off (earliest cut-off first). Within a
/// wave, single-item orders go into pick-and-sort batches (shared totes, at most `sortSlots` orders) and the rest
/// into pick-to-tote batches (own totes); orders are loaded in the order of their first pick location so that one
/// cart's stops lie close together, and a cart is closed when the next order would exceed its volume, weight or
/// totes. The result depends only on the set of orders, not on their input order.
public struct WavePlanner: Sendable {
    public var cart: CartCapacity

    /// Creates a planner for one cart type.
    public init(cart: CartCapacity) {
        self.cart = cart
    }

    /// Plans waves for `orders`.
    public func plan(_ orders: [ReleasedOrder]) -> WavePlan {
        var rejected: [WavePlan.RejectedOrder] = []
        var groups: [WaveKey: [ReleasedOrder]] = [:]
        var countByID: [String: Int] = [:]
        for order in orders { countByID[order.id, default: 0] += 1 }
        for order in orders {
            if countByID[order.id]! > 1 {
                rejected.append(.init(orderID: order.id, reason: .duplicateOrderID))
                continue
            }
            if order.lines.isEmpty {
                rejected.append(.init(orderID: order.id, reason: .noLines))
                continue
            }
            let volume = order.volumeCubicCentimetres
            let weight = order.weightGrams
            let totes = cart.totes(for: volume)
            if volume > cart.volumeCubicCentimetres || weight > cart.weightGrams || totes > cart.totes {
                rejected.append(
                    .init(
                        orderID: order.id,
                        reason: .exceedsCart(volumeCubicCentimetres: volume, weightGrams: weight, totes: totes)))
                continue
            }
            let key = WaveKey(
                cutOff: order.cutOff, carrier: order.carrier, channel: order.channel,
                destinationRegion: order.destinationRegion)
            groups[key, default: []].append(order)
        }
        rejected.sort { ($0.orderID, "\($0.reason)") < ($1.orderID, "\($1.reason)") }

        var waves: [Wave] = []
        var batchNumber = 0
        for (key, members) in groups.sorted(by: { $0.key < $1.key }) {
            let waveID = "W\(waves.count + 1)"
            var batches: [PickBatch] = []
            let singles = members.filter(\.isSingleItem).sorted {
                ($0.lines[0].point, $0.lines[0].locationCode, $0.id) < (
                    $1.lines[0].point, $1.lines[0].locationCode, $1.id
                )
            }
            let others = members.filter { !$0.isSingleItem }.map { ($0.lines.map(\.point).min()!, $0) }
                .sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }.map(\.1)
            for (kind, list) in [(PickBatch.Kind.pickAndSort, singles), (.pickToTote, others)] {
                var loader = CartLoader(cart: cart, kind: kind)
                for order in list {
                    if !loader.fits(order) {
                        batchNumber += 1
                        batches.append(loader.close(id: "\(waveID)-B\(batchNumber)"))
                    }
                    loader.load(order)
                }
                if !loader.isEmpty {
                    batchNumber += 1
                    batches.append(loader.close(id: "\(waveID)-B\(batchNumber)"))
                }
            }
            waves.append(Wave(id: waveID, key: key, batches: batches))
        }
        return WavePlan(waves: waves, rejected: rejected)
    }
}

/// Fills one cart at a time.
private struct CartLoader {
    let cart: CartCapacity
    let kind: PickBatch.Kind
    private var orderIDs: [String] = []
    private var lines: [PickLine] = []
    private var volume: Int64 = 0
    private var weight: Int64 = 0
    /// For pick-to-tote, totes taken by whole orders.
    private var orderTotes = 0

    init(cart: CartCapacity, kind: PickBatch.Kind) {
        self.cart = cart
        self.kind = kind
    }

    var isEmpty: Bool { orderIDs.isEmpty }

    private var totes: Int { kind == .pickAndSort ? (volume == 0 ? 0 : cart.totes(for: volume)) : orderTotes }

    func fits(_ order: ReleasedOrder) -> Bool {
        let newVolume = volume + order.volumeCubicCentimetres
        let newTotes =
            kind == .pickAndSort
            ? cart.totes(for: newVolume) : orderTotes + cart.totes(for: order.volumeCubicCentimetres)
        return newVolume <= cart.volumeCubicCentimetres && weight + order.weightGrams <= cart.weightGrams
            && newTotes <= cart.totes && (kind == .pickToTote || orderIDs.count < cart.sortSlots)
    }

    mutating func load(_ order: ReleasedOrder) {
        let firstTote: Int
        if kind == .pickAndSort {
            volume += order.volumeCubicCentimetres
            firstTote = totes
        } else {
            firstTote = orderTotes + 1
            orderTotes += cart.totes(for: order.volumeCubicCentimetres)
            volume += order.volumeCubicCentimetres
        }
        weight += order.weightGrams
        orderIDs.append(order.id)
        for (index, line) in order.lines.enumerated() {
            lines.append(
                PickLine(
                    orderID: order.id, lineIndex: index, sku: line.sku, quantity: line.quantity,
                    locationCode: line.locationCode, point: line.point, tote: firstTote))
        }
    }

    mutating func close(id: String) -> PickBatch {
        let batch = PickBatch(
            id: id, kind: kind, orderIDs: orderIDs, lines: lines, volumeCubicCentimetres: volume,
            weightGrams: weight, totes: totes)
        self = CartLoader(cart: cart, kind: kind)
        return batch
    }
}
