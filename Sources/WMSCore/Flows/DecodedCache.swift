public import Foundation
internal import Synchronization

/// Decoded values by their stored JSON text. Decoding stored orders, pick sessions and products with Foundation's
/// `JSONDecoder` was the largest single cost of the order-to-ship flow over the API (every step reads them again).
/// An entry is used only when the stored text is byte for byte the text it was decoded from, so a hit gives exactly
/// what decoding would; a changed text decodes again.
public final class DecodedCache<Value: Decodable & Sendable>: Sendable {
    private struct Entry {
        var text: String
        var value: Value
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    /// A cache of at most `capacity` entries (all are dropped when it is full and a new key comes).
    public init(capacity: Int = 4_096) { self.capacity = capacity }

    /// The value stored as `text` under `key`, decoded once per distinct text; `decode` does the decoding.
    public func value(_ key: String, text: String, decode: (String) throws -> Value) rethrows -> Value {
        if let hit = entries.withLock({ $0[key] }), hit.text == text { return hit.value }
        let value = try decode(text)
        remember(key, text: text, value: value)
        return value
    }

    /// Records the text just written for `key`, so the next read of it does not decode.
    public func remember(_ key: String, text: String, value: Value) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(text: text, value: value)
        }
    }
}

extension DecodedCache {
    /// The value of a flow document (decoded with `FlowCoding`), once per distinct text.
    func value(_ document: FlowDocument) throws -> Value {
        try value(Self.key(document), text: document.data) { _ in try FlowCoding.decode(Value.self, document) }
    }

    /// Records a flow document just saved with the value it encodes.
    func saved(_ document: FlowDocument, value: Value) {
        remember(Self.key(document), text: document.data, value: value)
    }

    private static func key(_ document: FlowDocument) -> String {
        "\(document.warehouse)\u{1F}\(document.kind)\u{1F}\(document.id)"
    }
}

/// The shared caches of the flows' hot documents.
enum FlowCaches {
    static let orders = DecodedCache<Order>()
    static let pickSessions = DecodedCache<PickSession>(capacity: 1_024)
}
