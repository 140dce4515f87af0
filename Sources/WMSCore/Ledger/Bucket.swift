/// The five stock buckets. Only `available` stock can be promised to orders.
public enum Bucket: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case available
    case frozen
    case inTransit = "in-transit"
    case defective
    case pendingDestruction = "pending-destruction"

    public static func < (lhs: Bucket, rhs: Bucket) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a movement does to the warehouse's total: receipts add, shipments and destructions remove,
/// transfers only move stock between locations or buckets, and adjustments correct the total after a count
/// (a gain into a bucket from nothing, or a loss out of a bucket to nothing).
public enum MovementKind: String, Hashable, Sendable, Codable, CaseIterable {
    case receipt
    case shipment
    case destruction
    case transfer
    case adjustment
}

/// Where stock sits: a location (empty only for stock in transit to the warehouse) and a bucket.
public struct StockPosition: Hashable, Sendable, Codable {
    public var location: String
    public var bucket: Bucket

    public init(location: String, bucket: Bucket) {
        self.location = location
        self.bucket = bucket
    }
}
