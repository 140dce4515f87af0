/// A tour from the depot through pick points and back, in visiting order.
public struct PickRoute: Hashable, Sendable {
    /// How a route was computed.
    public enum Method: String, Hashable, Sendable, Codable {
        /// Ratliff–Rosenthal dynamic programming: optimal on a single block of two-way aisles.
        case ratliffRosenthal = "ratliff-rosenthal"
        /// Held–Karp over the shortest-path matrix: optimal, used for few stops on any layout.
        case heldKarp = "held-karp"
        /// 2-opt and Or-opt with seeded kicks over the shortest-path matrix (multi-block, one-way aisles).
        case localSearch = "local-search"
        /// Traversal (S-shape) routing: the baseline.
        case sShape = "s-shape"
    }

    /// Distinct stops in visiting order (the depot is implied at both ends).
    public let stops: [PickPoint]
    /// Walking distance of the whole tour.
    public let lengthMillimetres: Int64
    public let method: Method
}

/// Computes pick routes on one layout.
///
/// `route(through:)` chooses the exact method when it applies (single block of two-way aisles, or few stops) and
/// the local search otherwise; the local search starts from the S-shape order too, so it is never longer than
/// S-shape.
public struct PickRouter: Sendable {
    public let layout: WarehouseLayout
    /// Double-bridge kicks the local search tries after its first local optimum; more is slower and better.
    public var kicks: Int
    /// Seed of the kicks, so that routes are reproducible.
    public var seed: UInt64

    /// Creates a router for a layout.
    public init(layout: WarehouseLayout, kicks: Int = 30, seed: UInt64 = 0x5EED_0F_B0_4DED) {
        self.layout = layout
        self.kicks = kicks
        self.seed = seed
    }

    /// The best route this router knows through `points` (duplicates are visited once).
    public func route(through points: [PickPoint]) -> PickRoute {
        let stops = Self.distinct(points)
        if layout.isSingleBlockTwoWay { return exactSingleBlock(stops) }
        if stops.count <= TourImprover.heldKarpLimit { return heldKarp(stops) }
        return localSearch(stops)
    }

    /// Ratliff–Rosenthal on a single block of two-way aisles.
    /// - Precondition: `layout.isSingleBlockTwoWay`.
    public func exactSingleBlock(_ points: [PickPoint]) -> PickRoute {
        let stops = Self.distinct(points)
        let (order, length) = RatliffRosenthal.solve(layout: layout, points: stops)
        return PickRoute(stops: order.map { stops[$0] }, lengthMillimetres: length, method: .ratliffRosenthal)
    }

    /// Held–Karp over the shortest-path matrix: exact on any layout, exponential in the number of stops.
    /// - Precondition: at most 12 distinct stops.
    public func heldKarp(_ points: [PickPoint]) -> PickRoute {
        let stops = Self.distinct(points)
        precondition(stops.count <= TourImprover.heldKarpLimit, "Held–Karp is limited to a few stops")
        let matrix = layout.distanceMatrix(stops)
        let order = TourImprover(matrix: matrix, kicks: 0, seed: seed).heldKarp()
        return PickRoute(
            stops: order.map { stops[$0 - 1] }, lengthMillimetres: matrix.tourLength(order), method: .heldKarp)
    }

    /// The local search from the nearest-neighbour and S-shape orders, on the shortest-path matrix.
    public func localSearch(_ points: [PickPoint]) -> PickRoute {
        let stops = Self.distinct(points)
        let matrix = layout.distanceMatrix(stops)
        let improver = TourImprover(matrix: matrix, kicks: kicks, seed: seed)
        let index = Dictionary(uniqueKeysWithValues: stops.enumerated().map { ($0.element, $0.offset + 1) })
        let sShapeOrder = sShapeWaypoints(stops).compactMap { index[$0] }.uniqued()
        let order = improver.improve(starts: [sShapeOrder, improver.nearestNeighbour()])
        return PickRoute(
            stops: order.map { stops[$0 - 1] }, lengthMillimetres: matrix.tourLength(order), method: .localSearch)
    }

    /// Solves a tour on a ready distance matrix (index 0 the depot): exact when small, local search otherwise.
    /// Returns the visiting order (indices 1..<count) and its length. For comparisons on the same matrices.
    public func solve(matrix: DistanceMatrix) -> (order: [Int], length: Int64) {
        let improver = TourImprover(matrix: matrix, kicks: kicks, seed: seed)
        let order =
            matrix.count - 1 <= TourImprover.heldKarpLimit
            ? improver.heldKarp() : improver.improve(starts: [Array(1..<matrix.count), improver.nearestNeighbour()])
        return (order, matrix.tourLength(order))
    }

    /// Traversal routing: every aisle with picks is walked end to end, alternating up and down from left to right;
    /// with an odd number of such aisles the last one is entered from the front and left the same way. Aisles are
    /// walked end to end even across middle cross-aisles. On one-way aisles each leg is the shortest legal walk.
    public func sShape(_ points: [PickPoint]) -> PickRoute {
        let stops = Self.distinct(points)
        let waypoints = sShapeWaypoints(stops)
        let matrix = layout.distanceMatrix(waypoints)
        let length = matrix.tourLength(Array(1..<matrix.count))
        let stopSet = Set(stops)
        return PickRoute(
            stops: waypoints.filter { stopSet.contains($0) }.uniqued(), lengthMillimetres: length, method: .sShape)
    }

    private func sShapeWaypoints(_ stops: [PickPoint]) -> [PickPoint] {
        let front = layout.frontYMillimetres
        let back = layout.backYMillimetres
        let byAisle = Dictionary(grouping: stops, by: \.aisle).sorted { $0.key < $1.key }
        var waypoints: [PickPoint] = []
        for (rank, (aisle, picks)) in byAisle.enumerated() {
            let ascending = picks.sorted()
            let frontEnd = PickPoint(aisle: aisle, yMillimetres: front)
            let backEnd = PickPoint(aisle: aisle, yMillimetres: back)
            if rank % 2 == 1 {
                waypoints += [backEnd] + ascending.reversed() + [frontEnd]
            } else if rank == byAisle.count - 1 {
                waypoints += [frontEnd] + ascending + [frontEnd]
            } else {
                waypoints += [frontEnd] + ascending + [backEnd]
            }
        }
        return waypoints
    }

    static func distinct(_ points: [PickPoint]) -> [PickPoint] {
        Array(Set(points)).sorted()
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
