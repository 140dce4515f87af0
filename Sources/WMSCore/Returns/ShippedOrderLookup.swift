public import Foundation

/// One shipped line of an order: what left the warehouse, from which lot, at what price.
public struct ShippedOrderLine: Hashable, Sendable, Codable {
    public var sku: String
    /// Lot shipped, or empty for untracked stock.
    public var lot: String
    public var quantity: Int64
    /// Price of one unit, as the order states it.
    public var unitPrice: Decimal
    /// ISO 4217 currency of `unitPrice`.
    public var currency: String

    public init(sku: String, lot: String = "", quantity: Int64, unitPrice: Decimal, currency: String) {
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.currency = currency
    }
}

/// What the returns flow needs to know about a shipped order.
public struct ShippedOrderSummary: Hashable, Sendable, Codable {
    public var orderID: String
    /// The warehouse that shipped it (and that receives the return).
    public var warehouse: String
    /// Sales channel (`amazon`, `shopee`, `temu`, `web`, …).
    public var channel: String
    /// ISO 3166 alpha-2 country the order was delivered to.
    public var destinationCountry: String
    public var shippedAt: Date
    public var lines: [ShippedOrderLine]

    public init(
        orderID: String, warehouse: String, channel: String, destinationCountry: String, shippedAt: Date,
        lines: [ShippedOrderLine]
    ) {
        self.orderID = orderID
        self.warehouse = warehouse
        self.channel = channel
        self.destinationCountry = destinationCountry
        self.shippedAt = shippedAt
        self.lines = lines
    }

    /// Units shipped per SKU and lot.
    var shipped: [SKULot: Int64] {
        lines.reduce(into: [:]) { $0[SKULot(sku: $1.sku, lot: $1.lot), default: 0] += $1.quantity }
    }
}

/// Finds shipped orders for return authorisation. The order service conforms; `FlowDocumentShippedOrders` reads
/// the summaries from flow documents.
public protocol ShippedOrderLookup: Sendable {
    /// The shipped order `orderID`, or nil when no such order was shipped.
    func shippedOrder(_ orderID: String) async throws -> ShippedOrderSummary?
}

/// Shipped-order summaries kept as flow documents of kind `shipped-order` in the warehouses named.
public struct FlowDocumentShippedOrders: ShippedOrderLookup {
    public static let kind = "shipped-order"
    public let store: any Store
    public let warehouses: [String]

    public init(store: any Store, warehouses: [String]) {
        self.store = store
        self.warehouses = warehouses
    }

    public func shippedOrder(_ orderID: String) async throws -> ShippedOrderSummary? {
        for warehouse in warehouses {
            if let document = try await store.document(warehouse: warehouse, kind: Self.kind, id: orderID) {
                return try FlowCoding.decode(ShippedOrderSummary.self, document)
            }
        }
        return nil
    }

    /// The new flow document recording `summary` (to save once, e.g. in the shipment's transaction).
    public static func document(_ summary: ShippedOrderSummary) throws -> FlowDocument {
        FlowDocument(
            warehouse: summary.warehouse, kind: kind, id: summary.orderID, status: "shipped",
            data: try FlowCoding.encode(summary))
    }

    /// Records a summary (once; recording the same summary again changes nothing, another one is refused).
    public func record(_ summary: ShippedOrderSummary) async throws {
        let document = try Self.document(summary)
        let data = document.data
        do {
            _ = try await store.saveDocument(document)
        } catch let error as WMSError where error.code == .operationConflict {
            let stored = try await store.document(warehouse: summary.warehouse, kind: Self.kind, id: summary.orderID)
            guard stored?.data == data else {
                throw FlowError(
                    .invalidRequest, field: "orderID", value: summary.orderID,
                    "order \(summary.orderID) was recorded as shipped with other lines")
            }
        }
    }
}
