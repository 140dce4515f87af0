import Foundation

/// One page of a list and the opaque cursor of the next, if any.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?
}

/// `?limit=` (1…500, default 50) and `?cursor=` (opaque: what the previous page's `nextCursor` said).
struct Pagination {
    static let maximum = 500
    var limit: Int
    /// The position the cursor names: a key to continue after, or an offset.
    var position: String?

    init(_ call: APICall) throws {
        let limit = try call.integer("limit") ?? 50
        guard (1...Self.maximum).contains(limit) else {
            throw Problem.invalid("limit", "limit is between 1 and \(Self.maximum)", value: String(limit))
        }
        self.limit = limit
        if let cursor = call.query["cursor"] {
            guard let position = Self.decode(cursor) else {
                throw Problem.invalid("cursor", "not a cursor this API issued", value: cursor)
            }
            self.position = position
        }
    }

    /// The offset a cursor names (0 without one).
    func offset() throws -> Int {
        guard let position else { return 0 }
        guard let offset = Int(position), offset >= 0 else { throw Problem.invalid("cursor", "not an offset cursor") }
        return offset
    }

    /// A page of an in-memory list, continued by offset.
    func page<Item: Encodable & Sendable>(_ items: [Item]) throws -> Page<Item> {
        let start = min(try offset(), items.count)
        let end = min(start + limit, items.count)
        return Page(items: Array(items[start..<end]), nextCursor: end < items.count ? Self.encode(String(end)) : nil)
    }

    /// A page read from a store with one extra row to know whether there is more; continued by `key`.
    func page<Item: Encodable & Sendable>(fetched: [Item], key: (Item) -> String) -> Page<Item> {
        let items = Array(fetched.prefix(limit))
        let more = fetched.count > limit
        return Page(items: items, nextCursor: more ? items.last.map { Self.encode(key($0)) } : nil)
    }

    static func encode(_ position: String) -> String {
        Data(("c1:" + position).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
            plain.hasPrefix("c1:")
        else { return nil }
        return String(plain.dropFirst(3))
    }
}
