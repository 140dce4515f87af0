public import Foundation
public import Storage
public import WMSCore

/// A compressed JSON payload: the bytes travel deflated and base64-encoded inside a small JSON object, so the
/// API's strict UTF-8 JSON bodies carry them unchanged.
public struct SyncEnvelope: Codable, Sendable, Hashable {
    /// `deflate` (zlib, RFC 1950).
    public var encoding: String
    /// Length of the inflated JSON.
    public var size: Int
    /// Base64 of the deflated JSON.
    public var data: String

    /// Encodes and compresses `value`.
    public static func wrap<T: Encodable>(_ value: T) throws -> SyncEnvelope {
        try deflated(Array(try SyncWire.encoder.encode(value)))
    }

    /// Encodes (`ReplicaWire`, the batch's hand-written JSON) and compresses a push batch.
    public static func wrap(_ batch: ReplicaBatch) throws -> SyncEnvelope {
        try deflated(try ReplicaWire.encode(batch))
    }

    private static func deflated(_ json: [UInt8]) throws -> SyncEnvelope {
        SyncEnvelope(
            encoding: "deflate", size: json.count, data: Data(try Deflate.deflate(json)).base64EncodedString())
    }

    /// Expands and decodes the payload; a push batch is read by `ReplicaWire`.
    public func unwrap<T: Decodable>(_ type: T.Type) throws -> T {
        guard encoding == "deflate" else { throw SyncError(.payload, "unknown encoding '\(encoding)'") }
        guard let deflated = Data(base64Encoded: data) else { throw SyncError(.payload, "data is not base64") }
        let json = try Deflate.inflate(Array(deflated), size: size)
        do {
            if type == ReplicaBatch.self, let batch = try ReplicaWire.decode(json) as? T { return batch }
            return try SyncWire.decoder.decode(type, from: Data(json))
        } catch {
            throw SyncError(.payload, "the payload is not a \(T.self): \(error)")
        }
    }

    /// The envelope as the JSON body of a request, written directly (the base64 data is most of it).
    public func json() -> [UInt8] {
        var bytes = Array(#"{"data":"#.utf8)
        bytes.reserveCapacity(data.utf8.count + 64)
        bytes += Self.quoted(data)
        bytes += #","encoding":"#.utf8
        bytes += Self.quoted(encoding)
        bytes += #","size":\#(size)}"#.utf8
        return bytes
    }

    /// A JSON string (Foundation's escapes).
    private static func quoted(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONBytes.appendQuoted(text, to: &bytes)
        return bytes
    }
}

/// The coders both sides use for sync payloads.
public enum SyncWire {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static var decoder: JSONDecoder { JSONDecoder() }
}

/// One rule file as the centre serves it (path relative to its rules directory).
public struct RuleFile: Codable, Sendable, Hashable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// What an edge needs to work offline for one warehouse: the warehouse, its locations, every product and lot,
/// and the users bound to it (password hashes included, so operators can sign in at the edge).
public struct MasterData: Codable, Sendable, Hashable {
    public var warehouse: Warehouse
    public var locations: [Location]
    public var products: [Product]
    public var lots: [Lot]
    public var users: [User]

    public init(warehouse: Warehouse, locations: [Location], products: [Product], lots: [Lot], users: [User]) {
        self.warehouse = warehouse
        self.locations = locations
        self.products = products
        self.lots = lots
        self.users = users
    }
}

/// The centre's answer to a pull. Parts the edge already has (same digest) are left out.
public struct PullResponse: Codable, Sendable, Hashable {
    public var warehouse: String
    public var masterDigest: String
    /// nil when the edge's digest is current.
    public var master: MasterData?
    /// Orders of the warehouse saved at the centre since the edge's cursor.
    public var orders: [ReplicatedDocument]
    /// The next cursor (centre clock, milliseconds).
    public var cursorMilliseconds: Int64
    public var rulesDigest: String
    /// nil when the edge's digest is current.
    public var rules: [RuleFile]?
    /// The centre's chain head for the warehouse.
    public var head: ChainHead

    public init(
        warehouse: String, masterDigest: String, master: MasterData?, orders: [ReplicatedDocument],
        cursorMilliseconds: Int64, rulesDigest: String, rules: [RuleFile]?, head: ChainHead
    ) {
        self.warehouse = warehouse
        self.masterDigest = masterDigest
        self.master = master
        self.orders = orders
        self.cursorMilliseconds = cursorMilliseconds
        self.rulesDigest = rulesDigest
        self.rules = rules
        self.head = head
    }
}
