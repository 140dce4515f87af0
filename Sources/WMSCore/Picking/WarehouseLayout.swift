/// The walking floor of a picking area: parallel aisles crossed by cross-aisles, with a depot on the front one.
///
/// Aisles run along the y axis from the front cross-aisle (smallest y) to the back one (largest y); middle
/// cross-aisles split the floor into blocks. Cross-aisles are two-way; an aisle may be one-way. All lengths are
/// integer millimetres so that route lengths compare exactly.
public struct WarehouseLayout: Hashable, Sendable, Codable {
    /// One picking aisle.
    public struct Aisle: Hashable, Sendable, Codable {
        /// Which way pickers may walk an aisle.
        public enum Direction: String, Hashable, Sendable, Codable {
            case twoWay = "two-way"
            /// Only from the front (smaller y) towards the back (larger y).
            case towardBack = "toward-back"
            /// Only from the back towards the front.
            case towardFront = "toward-front"
        }

        /// The aisle name as it appears in `Location.aisle`.
        public var name: String
        /// Position of the aisle's centre line on the floor.
        public var xMillimetres: Int64
        public var direction: Direction

        /// Creates an aisle.
        public init(name: String, xMillimetres: Int64, direction: Direction = .twoWay) {
            self.name = name
            self.xMillimetres = xMillimetres
            self.direction = direction
        }
    }

    /// The aisles, sorted by `xMillimetres`.
    public let aisles: [Aisle]
    /// y positions of the cross-aisles, ascending: the first is the front, the last the back, the others middle.
    public let crossAisleYMillimetres: [Int64]
    /// Where routes start and end: a point on the front cross-aisle.
    public let depotXMillimetres: Int64
    /// When set, a location's y comes from its bay number (`front + bay × pitch − pitch / 2`), not its y.
    public let bayPitchMillimetres: Int64?

    private let aisleIndexByName: [String: Int]

    /// Creates and checks a layout.
    /// - Throws: `WMSError` (`configuration`) when there are no aisles, fewer than two cross-aisles, duplicate aisle
    ///   names or positions, or one-way aisles that leave some place unreachable.
    public init(
        aisles: [Aisle], crossAisleYMillimetres: [Int64], depotXMillimetres: Int64,
        bayPitchMillimetres: Int64? = nil
    ) throws {
        let sortedAisles = aisles.sorted { $0.xMillimetres < $1.xMillimetres }
        let crossAisles = crossAisleYMillimetres.sorted()
        guard !sortedAisles.isEmpty else {
            throw WMSError(.configuration, field: "layout.aisles", "A layout needs at least one aisle.")
        }
        guard crossAisles.count >= 2, Set(crossAisles).count == crossAisles.count else {
            throw WMSError(
                .configuration, field: "layout.crossAisles", "A layout needs a front and a back cross-aisle, distinct.")
        }
        var byName: [String: Int] = [:]
        for (index, aisle) in sortedAisles.enumerated() {
            guard byName.updateValue(index, forKey: aisle.name) == nil else {
                throw WMSError(.configuration, field: "layout.aisles", value: aisle.name, "Duplicate aisle name.")
            }
            if index > 0, sortedAisles[index - 1].xMillimetres == aisle.xMillimetres {
                throw WMSError(
                    .configuration, field: "layout.aisles", value: aisle.name, "Two aisles share a position.")
            }
        }
        if let pitch = bayPitchMillimetres, pitch <= 0 {
            throw WMSError(.configuration, field: "layout.bayPitch", "The bay pitch must be positive.")
        }
        self.aisles = sortedAisles
        self.crossAisleYMillimetres = crossAisles
        self.depotXMillimetres = depotXMillimetres
        self.bayPitchMillimetres = bayPitchMillimetres
        self.aisleIndexByName = byName
        guard AisleGraph(layout: self, points: []).isStronglyConnected else {
            throw WMSError(
                .configuration, field: "layout.aisles",
                "The one-way aisles leave part of the floor unreachable from the depot or without a way back.")
        }
    }

    /// y of the front cross-aisle (where the depot is).
    public var frontYMillimetres: Int64 { crossAisleYMillimetres[0] }
    /// y of the back cross-aisle.
    public var backYMillimetres: Int64 { crossAisleYMillimetres[crossAisleYMillimetres.count - 1] }
    /// Number of blocks (cross-aisles minus one).
    public var blockCount: Int { crossAisleYMillimetres.count - 1 }
    /// True when there is one block and every aisle is two-way: the case the exact algorithm solves.
    public var isSingleBlockTwoWay: Bool {
        blockCount == 1 && aisles.allSatisfy { $0.direction == .twoWay }
    }

    /// The depot as a pick point would be placed: on the front cross-aisle, in no aisle.
    public var depot: PickPoint { PickPoint(aisle: -1, yMillimetres: frontYMillimetres) }

    /// Index of the aisle with this name.
    public func aisleIndex(named name: String) -> Int? { aisleIndexByName[name] }

    /// Where a picker stands to pick from a location.
    ///
    /// The aisle is found by name, or else as the aisle nearest to the location's x coordinate. The position along
    /// the aisle comes from the bay number when `bayPitchMillimetres` is set and the bay is numeric, otherwise
    /// from the y coordinate; it is clamped to the aisle.
    public func pickPoint(for location: Location) -> PickPoint {
        let aisle = aisleIndexByName[location.aisle] ?? nearestAisle(toX: location.xMillimetres)
        var y = location.yMillimetres
        if let pitch = bayPitchMillimetres, let bay = Int64(location.bay), bay > 0 {
            y = frontYMillimetres + bay * pitch - pitch / 2
        }
        return PickPoint(aisle: aisle, yMillimetres: min(max(y, frontYMillimetres), backYMillimetres))
    }

    /// The point of an aisle at a given y, clamped to the aisle.
    public func pickPoint(aisle: Int, yMillimetres: Int64) -> PickPoint {
        PickPoint(aisle: aisle, yMillimetres: min(max(yMillimetres, frontYMillimetres), backYMillimetres))
    }

    private func nearestAisle(toX x: Int64) -> Int {
        var best = 0
        for index in aisles.indices where abs(aisles[index].xMillimetres - x) < abs(aisles[best].xMillimetres - x) {
            best = index
        }
        return best
    }

    public static func == (lhs: WarehouseLayout, rhs: WarehouseLayout) -> Bool {
        lhs.aisles == rhs.aisles && lhs.crossAisleYMillimetres == rhs.crossAisleYMillimetres
            && lhs.depotXMillimetres == rhs.depotXMillimetres && lhs.bayPitchMillimetres == rhs.bayPitchMillimetres
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(aisles)
        hasher.combine(crossAisleYMillimetres)
        hasher.combine(depotXMillimetres)
    }

    private enum CodingKeys: String, CodingKey {
        case aisles, crossAisleYMillimetres, depotXMillimetres, bayPitchMillimetres
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            aisles: try container.decode([Aisle].self, forKey: .aisles),
            crossAisleYMillimetres: try container.decode([Int64].self, forKey: .crossAisleYMillimetres),
            depotXMillimetres: try container.decode(Int64.self, forKey: .depotXMillimetres),
            bayPitchMillimetres: try container.decodeIfPresent(Int64.self, forKey: .bayPitchMillimetres))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(aisles, forKey: .aisles)
        try container.encode(crossAisleYMillimetres, forKey: .crossAisleYMillimetres)
        try container.encode(depotXMillimetres, forKey: .depotXMillimetres)
        try container.encodeIfPresent(bayPitchMillimetres, forKey: .bayPitchMillimetres)
    }
}

/// A place on the aisle graph where a picker stops: an aisle (index into `WarehouseLayout.aisles`) and a y.
///
/// The depot is the point with aisle `-1` on the front cross-aisle.
public struct PickPoint: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Index into `WarehouseLayout.aisles`, or `-1` for the depot.
    public var aisle: Int
    public var yMillimetres: Int64

    /// Creates a pick point.
    public init(aisle: Int, yMillimetres: Int64) {
        self.aisle = aisle
        self.yMillimetres = yMillimetres
    }

    public static func < (lhs: PickPoint, rhs: PickPoint) -> Bool {
        (lhs.aisle, lhs.yMillimetres) < (rhs.aisle, rhs.yMillimetres)
    }

    public var description: String { aisle < 0 ? "depot" : "aisle \(aisle) @ \(yMillimetres) mm" }
}
