/// ABC cycle counting: the busiest locations (by ledger movements) are counted most often.
///
/// Locations are ranked by how many entries moved stock in or out of them; the top `aShare` are class A, the
/// next `bShare` class B, the rest class C. A location is due when its last count is older than its class's
/// interval (or it was never counted).
public struct CycleCountPlanner: Hashable, Sendable {
    /// The ABC class of a location.
    public enum ABCClass: String, Hashable, Sendable, Codable, CaseIterable {
        case a = "A"
        case b = "B"
        case c = "C"
    }

    public var aShare: Double
    public var bShare: Double
    /// Days between counts per class.
    public var intervalDays: [ABCClass: Int]

    public init(aShare: Double = 0.2, bShare: Double = 0.3, intervalDays: [ABCClass: Int] = [.a: 30, .b: 90, .c: 180]) {
        self.aShare = aShare
        self.bShare = bShare
        self.intervalDays = intervalDays
    }

    /// Movements in or out of each location, from ledger entries (in-transit stock has no location).
    public static func activity(_ entries: [LedgerEntry]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in entries {
            if let from = entry.from, !from.location.isEmpty { counts[from.location, default: 0] += 1 }
            if let to = entry.to, !to.location.isEmpty { counts[to.location, default: 0] += 1 }
        }
        return counts
    }

    /// The class of every location: ranked by activity (ties by code), split by `aShare` and `bShare`.
    public func classify(locations: [String], activity: [String: Int]) -> [String: ABCClass] {
        let ranked = locations.sorted { (activity[$0] ?? 0, $1) > (activity[$1] ?? 0, $0) }
        let aCount = Int((Double(ranked.count) * aShare).rounded(.up))
        let bCount = Int((Double(ranked.count) * bShare).rounded(.up))
        var result: [String: ABCClass] = [:]
        for (rank, code) in ranked.enumerated() {
            result[code] = rank < aCount ? .a : rank < aCount + bCount ? .b : .c
        }
        return result
    }

    /// Locations due for a cycle count on day `today` (days since 1970-01-01), given the day each was last
    /// counted; busiest first.
    public func due(locations: [String], activity: [String: Int], lastCounted: [String: Int], today: Int) -> [String] {
        let classes = classify(locations: locations, activity: activity)
        return locations.filter { code in
            guard let last = lastCounted[code] else { return true }
            return today - last >= intervalDays[classes[code] ?? .c] ?? 180
        }.sorted { (activity[$0] ?? 0, $1) > (activity[$1] ?? 0, $0) }
    }
}
