/// One immutable line of a warehouse's ledger, chained to the previous one by SHA-256.
public struct LedgerEntry: Hashable, Sendable, Codable {
    public var warehouse: String
    /// Position in the warehouse's chain, from 1, without gaps.
    public var sequence: Int64
    /// Index of the movement within its posting.
    public var leg: Int
    public var clientOperationID: String
    public var sku: String
    public var lot: String
    public var kind: MovementKind
    public var from: StockPosition?
    public var to: StockPosition?
    public var quantity: Int64
    public var reason: String
    public var documentReference: String
    public var actor: String
    public var device: String
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var recordedAtMilliseconds: Int64
    public var reservationID: String?
    /// Hex SHA-256 of the previous entry (64 zeros for the first).
    public var previousHash: String
    /// Hex SHA-256 of this entry's canonical encoding.
    public var hash: String

    public init(
        warehouse: String, sequence: Int64, leg: Int, clientOperationID: String, sku: String, lot: String,
        kind: MovementKind, from: StockPosition?, to: StockPosition?, quantity: Int64, reason: String,
        documentReference: String, actor: String, device: String, recordedAtMilliseconds: Int64,
        reservationID: String?, previousHash: String, hash: String
    ) {
        self.warehouse = warehouse
        self.sequence = sequence
        self.leg = leg
        self.clientOperationID = clientOperationID
        self.sku = sku
        self.lot = lot
        self.kind = kind
        self.from = from
        self.to = to
        self.quantity = quantity
        self.reason = reason
        self.documentReference = documentReference
        self.actor = actor
        self.device = device
        self.recordedAtMilliseconds = recordedAtMilliseconds
        self.reservationID = reservationID
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The last entry of a warehouse's chain.
public struct ChainHead: Hashable, Sendable, Codable {
    public var warehouse: String
    public var sequence: Int64
    public var hash: String

    public init(warehouse: String, sequence: Int64, hash: String) {
        self.warehouse = warehouse
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an empty ledger.
    public static func genesis(_ warehouse: String) -> ChainHead {
        ChainHead(warehouse: warehouse, sequence: 0, hash: LedgerHasher.genesisHash)
    }
}

/// A projected balance: the quantity of one SKU and lot in one position.
public struct Balance: Hashable, Sendable, Codable {
    public var warehouse: String
    public var location: String
    public var sku: String
    public var lot: String
    public var bucket: Bucket
    public var quantity: Int64

    public init(warehouse: String, location: String, sku: String, lot: String, bucket: Bucket, quantity: Int64) {
        self.warehouse = warehouse
        self.location = location
        self.sku = sku
        self.lot = lot
        self.bucket = bucket
        self.quantity = quantity
    }
}

/// A SKU's promise position in a warehouse: available stock, what orders reserved, and what is left to promise.
public struct StockLevel: Hashable, Sendable, Codable {
    public var warehouse: String
    public var sku: String
    public var available: Int64
    public var reserved: Int64
    /// Available-to-promise: available − reserved, never negative.
    public var availableToPromise: Int64 { available - reserved }

    public init(warehouse: String, sku: String, available: Int64, reserved: Int64) {
        self.warehouse = warehouse
        self.sku = sku
        self.available = available
        self.reserved = reserved
    }
}

/// The outcome of a posting: its entries, and whether they were written now or by an earlier identical call.
public struct PostingResult: Hashable, Sendable, Codable {
    public var entries: [LedgerEntry]
    /// True when the client operation id had been applied before and nothing was written.
    public var replayed: Bool

    public init(entries: [LedgerEntry], replayed: Bool) {
        self.entries = entries
        self.replayed = replayed
    }
}
