public import Foundation

/// Orders that leave together: same carrier, channel, destination region and cut-off.
public struct WaveKey: Hashable, Comparable, Sendable, Codable {
    public var cutOff: Date
    public var carrier: String
    public var channel: String
    public var destinationRegion: String

    /// Creates a key.
    public init(cutOff: Date, carrier: String, channel: String, destinationRegion: String) {
        self.cutOff = cutOff
        self.carrier = carrier
        self.channel = channel
        self.destinationRegion = destinationRegion
    }

    /// Earliest cut-off first, then by name so that plans are deterministic.
    public static func < (lhs: WaveKey, rhs: WaveKey) -> Bool {
        (lhs.cutOff, lhs.carrier, lhs.channel, lhs.destinationRegion)
            < (rhs.cutOff, rhs.carrier, rhs.channel, rhs.destinationRegion)
    }
}

/// One line on a pick list.
public struct PickLine: Hashable, Sendable, Codable {
    public var orderID: String
    /// Index of the line in its order.
    public var lineIndex: Int
    public var sku: String
    public var quantity: Int
    public var locationCode: String
    public var point: PickPoint
    /// Tote the line goes into: the order's own tote, or for pick-and-sort the bulk tote being filled.
    public var tote: Int

    /// Creates a pick line.
    public init(
        orderID: String, lineIndex: Int, sku: String, quantity: Int, locationCode: String, point: PickPoint, tote: Int
    ) {
        self.orderID = orderID
        self.lineIndex = lineIndex
        self.sku = sku
        self.quantity = quantity
        self.locationCode = locationCode
        self.point = point
        self.tote = tote
    }
}

/// What one picker takes on one cart trip.
public struct PickBatch: Hashable, Sendable, Codable {
    /// How the cart is loaded.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Single-item orders picked in bulk into shared totes and sorted to orders at the put wall.
        case pickAndSort = "pick-and-sort"
        /// Each order into its own tote(s).
        case pickToTote = "pick-to-tote"
    }

    public var id: String
    public var kind: Kind
    /// Orders in the batch, in the order they were loaded.
    public var orderIDs: [String]
    /// Lines, in planning order; `PickList` puts them in route order.
    public var lines: [PickLine]
    public var volumeCubicCentimetres: Int64
    public var weightGrams: Int64
    public var totes: Int

    /// Every distinct place the picker must stop.
    public var points: [PickPoint] { Array(Set(lines.map(\.point))).sorted() }
}

/// A wave: every batch for one carrier, channel, region and cut-off.
public struct Wave: Hashable, Sendable, Codable {
    public var id: String
    public var key: WaveKey
    public var batches: [PickBatch]

    public var orderCount: Int { batches.reduce(0) { $0 + $1.orderIDs.count } }
}

/// The planner's result: waves in pick order, and the orders it could not plan, each with its reason.
public struct WavePlan: Hashable, Sendable, Codable {
    /// Why an order was left out.
    public enum Rejection: Hashable, Sendable, Codable {
        case noLines
        case duplicateOrderID
        /// Too big or heavy for one cart, or needing more totes than the cart has.
        case exceedsCart(volumeCubicCentimetres: Int64, weightGrams: Int64, totes: Int)
    }

    /// An order left out of the plan.
    public struct RejectedOrder: Hashable, Sendable, Codable {
        public var orderID: String
        public var reason: Rejection
    }

    public var waves: [Wave]
    public var rejected: [RejectedOrder]
}

/// A pick list: the batch's lines in the order the route visits their locations.
public struct PickList: Hashable, Sendable {
    public var route: PickRoute
    public var lines: [PickLine]

    /// Orders the lines of `batch` along `route` (lines at the same stop by location code, then order).
    public init(batch: PickBatch, route: PickRoute) {
        let rank = Dictionary(route.stops.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: min)
        self.route = route
        self.lines = batch.lines.sorted {
            (rank[$0.point] ?? Int.max, $0.locationCode, $0.orderID, $0.lineIndex)
                < (rank[$1.point] ?? Int.max, $1.locationCode, $1.orderID, $1.lineIndex)
        }
    }
}

extension PickRouter {
    /// The batch's pick list in route order.
    public func pickList(for batch: PickBatch) -> PickList {
        PickList(batch: batch, route: route(through: batch.points))
    }
}
