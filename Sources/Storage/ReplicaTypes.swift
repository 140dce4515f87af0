public import WMSCore

/// A flow document as it travels between an edge and the centre, with the centre version it descends from.
public struct ReplicatedDocument: Hashable, Sendable, Codable {
    /// The document; `version` is the sender's own version.
    public var document: FlowDocument
    /// The centre version the edge's copy descends from: 0 when the edge made it. In a pull, the centre version.
    public var baseCentreVersion: Int
    /// When the centre last saved it (pulls only; milliseconds since 1970).
    public var updatedAtMilliseconds: Int64?

    public init(document: FlowDocument, baseCentreVersion: Int, updatedAtMilliseconds: Int64? = nil) {
        self.document = document
        self.baseCentreVersion = baseCentreVersion
        self.updatedAtMilliseconds = updatedAtMilliseconds
    }
}

/// What an edge pushes for one warehouse: ledger entries in chain order and, when the batch reaches the edge's
/// head, the warehouse's reservations and the documents changed at the edge (a consistent cut of one transaction).
public struct ReplicaBatch: Hashable, Sendable, Codable {
    public var warehouse: String
    /// The edge node's name (for the audit trail and conflict records).
    public var node: String
    /// Consecutive entries, verbatim: sequence, previous hash, hash and every field.
    public var entries: [LedgerEntry]
    /// Every reservation of the warehouse as the edge holds it; nil when this batch does not reach the head.
    public var reservations: [Reservation]?
    public var documents: [ReplicatedDocument]
    /// The edge's head when the batch was cut.
    public var edgeHead: ChainHead

    public init(
        warehouse: String, node: String, entries: [LedgerEntry], reservations: [Reservation]?,
        documents: [ReplicatedDocument], edgeHead: ChainHead
    ) {
        self.warehouse = warehouse
        self.node = node
        self.entries = entries
        self.reservations = reservations
        self.documents = documents
        self.edgeHead = edgeHead
    }

    /// Whether this batch carries the edge's state up to its head (reservations and documents included).
    public var reachesHead: Bool { reservations != nil }

    private enum CodingKeys: String, CodingKey {
        case warehouse, node, entries, reservations, documents, edgeHead
    }

    /// Entries travel as columns (`LedgerColumns`); the other fields as their own types.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        warehouse = try container.decode(String.self, forKey: .warehouse)
        node = try container.decode(String.self, forKey: .node)
        entries = try container.decode(LedgerColumns.self, forKey: .entries).entries(
            codingPath: container.codingPath + [CodingKeys.entries])
        reservations = try container.decodeIfPresent([Reservation].self, forKey: .reservations)
        documents = try container.decode([ReplicatedDocument].self, forKey: .documents)
        edgeHead = try container.decode(ChainHead.self, forKey: .edgeHead)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(warehouse, forKey: .warehouse)
        try container.encode(node, forKey: .node)
        try container.encode(LedgerColumns(entries), forKey: .entries)
        try container.encodeIfPresent(reservations, forKey: .reservations)
        try container.encode(documents, forKey: .documents)
        try container.encode(edgeHead, forKey: .edgeHead)
    }
}

/// The centre's answer to one document of a push.
public struct ReplicaDocumentAck: Hashable, Sendable, Codable {
    public var kind: String
    public var id: String
    /// The edge's version that was pushed.
    public var localVersion: Int
    /// The centre's version after applying it.
    public var centreVersion: Int

    public init(kind: String, id: String, localVersion: Int, centreVersion: Int) {
        self.kind = kind
        self.id = id
        self.localVersion = localVersion
        self.centreVersion = centreVersion
    }
}

/// A conflict between the centre's and an edge's change to one document, resolved by the documented rule and
/// kept for a person to act on (`GET /v1/warehouses/{warehouse}/sync/conflicts`).
public struct SyncConflict: Hashable, Sendable, Codable {
    public var id: String
    public var warehouse: String
    public var kind: String
    public var documentID: String
    /// The rule applied: `edge-facts-win`.
    public var rule: String
    public var message: String
    public var edgeStatus: String
    public var centreStatus: String
    /// The centre's overwritten state, kept so nothing is lost.
    public var centreData: String
    public var raisedAtMilliseconds: Int64
    /// `open` until someone resolves it.
    public var status: String

    public init(
        id: String, warehouse: String, kind: String, documentID: String, rule: String, message: String,
        edgeStatus: String, centreStatus: String, centreData: String, raisedAtMilliseconds: Int64, status: String
    ) {
        self.id = id
        self.warehouse = warehouse
        self.kind = kind
        self.documentID = documentID
        self.rule = rule
        self.message = message
        self.edgeStatus = edgeStatus
        self.centreStatus = centreStatus
        self.centreData = centreData
        self.raisedAtMilliseconds = raisedAtMilliseconds
        self.status = status
    }
}

/// The centre's answer to a push.
public struct ReplicaOutcome: Hashable, Sendable, Codable {
    /// The centre's head after the push: the edge resumes after it.
    public var head: ChainHead
    /// Entries written now.
    public var applied: Int
    /// Entries already there with the same hash (a re-sent batch).
    public var skipped: Int
    /// True when the batch started beyond the centre's head + 1: nothing was written, resend from `head`.
    public var gap: Bool
    public var documents: [ReplicaDocumentAck]
    /// Conflicts this push raised.
    public var conflicts: [SyncConflict]

    public init(
        head: ChainHead, applied: Int, skipped: Int, gap: Bool, documents: [ReplicaDocumentAck],
        conflicts: [SyncConflict]
    ) {
        self.head = head
        self.applied = applied
        self.skipped = skipped
        self.gap = gap
        self.documents = documents
        self.conflicts = conflicts
    }
}

/// Why the centre refused a batch. Nothing of a refused batch is written.
public struct ReplicaError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The batch's chain is not intact (sequence gap, previous hash or own hash wrong).
        case brokenChain = "broken-chain"
        /// An entry has a different hash than the centre's entry at that sequence: the ledgers diverged.
        case fork = "ledger-fork"
        /// An entry or document of another warehouse.
        case wrongWarehouse = "wrong-warehouse"
    }

    public var code: Code
    /// Path of the offending field, such as `entries[3].hash`.
    public var field: String
    public var value: String
    public var message: String

    public init(_ code: Code, field: String, value: String, _ message: String) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message) (\(field))" }
}

/// An edge's replication state for one warehouse.
public struct SyncState: Hashable, Sendable, Codable {
    public var warehouse: String
    /// The centre's head as last acknowledged: everything up to it is applied at the centre.
    public var ackedSequence: Int64
    public var ackedHash: String
    public var lastAttemptMilliseconds: Int64?
    public var lastSuccessMilliseconds: Int64?
    public var lastPullMilliseconds: Int64?
    public var lastError: String?
    /// Pull cursor: orders changed at the centre after this time (centre clock).
    public var pullCursorMilliseconds: Int64
    /// Digest of the master data last pulled ("" before the first pull).
    public var masterDigest: String
    /// Content hash of the rule pack set last pulled.
    public var rulesDigest: String
    /// Conflicts the centre reported for this edge's pushes.
    public var conflicts: Int64

    public init(warehouse: String) {
        self.warehouse = warehouse
        self.ackedSequence = 0
        self.ackedHash = LedgerHasher.genesisHash
        self.pullCursorMilliseconds = 0
        self.masterDigest = ""
        self.rulesDigest = ""
        self.conflicts = 0
    }
}
