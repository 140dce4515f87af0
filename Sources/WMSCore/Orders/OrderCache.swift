internal import Synchronization

/// Decoded orders by their stored text: decoding an order's JSON was the largest single cost of the order-to-ship
/// flow over the API (every step reads the order again). An entry is used only when the stored document's text is
/// byte for byte the text it was decoded from, so a hit gives exactly what decoding would.
final class OrderCache: Sendable {
    static let shared = OrderCache()

    private struct Entry {
        var data: String
        var order: Order
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity = 4_096

    /// The order stored in `document`, decoded once per distinct text.
    func order(_ document: FlowDocument) throws -> Order {
        let key = "\(document.warehouse)\u{1F}\(document.id)"
        if let hit = entries.withLock({ $0[key] }), hit.data == document.data { return hit.order }
        let order = try FlowCoding.decode(Order.self, document)
        remember(key, data: document.data, order: order)
        return order
    }

    /// Records the text just written for an order, so the next read of it does not decode.
    func saved(_ document: FlowDocument, order: Order) {
        remember("\(document.warehouse)\u{1F}\(document.id)", data: document.data, order: order)
    }

    private func remember(_ key: String, data: String, order: Order) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(data: data, order: order)
        }
    }
}
