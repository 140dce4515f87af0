internal import Foundation

/// Amazon Selling Partner API, Orders API v0: a `getOrder` response (`payload` is an `Order`) and the matching
/// `getOrderItems` response (`payload.OrderItems`), bundled as `{"order": …, "orderItems": …}`.
///
/// `ItemPrice` is the price of the whole line (unit price × `QuantityOrdered`) with `Amount` as a decimal string;
/// the unit price is that amount divided by the quantity, rounded half-even to 4 decimals. The shipping charge is
/// the sum of the items' `ShippingPrice` less their `ShippingDiscount` (nil when no item carries a price).
public struct AmazonOrderAdapter: Sendable {
    /// Seller SKU → our SKU.
    public let skuMap: SellerSKUMap

    /// An adapter mapping seller SKUs through `skuMap`.
    public init(skuMap: SellerSKUMap) { self.skuMap = skuMap }

    /// The SP-API `ShipmentServiceLevelCategory` values and our service levels.
    static let serviceLevels: [String: String] = [
        "Standard": "standard", "Expedited": "express", "NextDay": "express", "SameDay": "express",
        "SecondDay": "express", "Scheduled": "standard", "FreeEconomy": "economy",
    ]

    /// Reads the bundle; every error names the JSON field path.
    public func order(from text: String) throws -> OrderIntake {
        try order(from: try PayloadNode.parse(text, root: ""))
    }

    /// Reads an already parsed bundle.
    public func order(from root: PayloadNode) throws -> OrderIntake {
        let order = try Self.unwrap(try root.field("order"))
        let items = try Self.unwrap(try root.field("orderItems"))
        let orderID = try order.field("AmazonOrderId").text()
        let itemsOrderID = try items.field("AmazonOrderId")
        guard try itemsOrderID.text() == orderID else {
            throw WMSError(
                .invalidField, field: itemsOrderID.path, value: try itemsOrderID.string(),
                "the order items belong to another order than \(orderID)")
        }
        let itemNodes = try items.field("OrderItems").elements()
        guard !itemNodes.isEmpty else {
            throw WMSError(.invalidField, field: "\(items.path).OrderItems", value: "[]", "an order needs an item")
        }
        var currency: String?
        if let total = try order.optional("OrderTotal") { currency = try total.field("CurrencyCode").currency() }
        var lines: [OrderIntakeLine] = []
        var itemTaxID: String?
        var shipping: Decimal?
        for item in itemNodes {
            let quantity = try item.field("QuantityOrdered").quantity()
            let price = try item.field("ItemPrice")
            let priceCurrency = try price.field("CurrencyCode")
            let code = try priceCurrency.currency()
            if let currency, code != currency {
                throw WMSError(
                    .invalidField, field: priceCurrency.path, value: code,
                    "item currency \(code) differs from the order currency \(currency)")
            }
            currency = code
            let total = try price.field("Amount").amount()
            lines.append(
                OrderIntakeLine(
                    lineID: try item.field("OrderItemId").text(), sku: try skuMap.sku(for: try item.field("SellerSKU")),
                    quantity: quantity, unitPrice: PayloadText.unitPrice(total: total, quantity: quantity)))
            if itemTaxID == nil, let ioss = try item.optional("IossNumber") { itemTaxID = try ioss.text() }
            if let charge = try item.optional("ShippingPrice") {
                let discount = try item.optional("ShippingDiscount")?.field("Amount").amount() ?? 0
                let amount = try charge.field("Amount").amount()
                guard discount <= amount else {
                    throw WMSError(
                        .invalidField, field: "\(item.path).ShippingDiscount.Amount", value: "\(discount)",
                        "the shipping discount exceeds the shipping price \(amount)")
                }
                shipping = (shipping ?? 0) + amount - discount
            }
        }
        let level = try order.optional("ShipmentServiceLevelCategory")?.text() ?? "Standard"
        return OrderIntake(
            channel: "amazon", channelOrderID: orderID,
            marketplace: try order.optional("SalesChannel")?.text().lowercased(),
            orderedAt: try order.field("PurchaseDate").timestamp(),
            shipBy: try order.optional("LatestShipDate")?.timestamp(),
            currency: currency ?? "",
            shippingService: Self.serviceLevels[level] ?? level.lowercased(),
            shipTo: try Self.address(try order.field("ShippingAddress")),
            marketplaceTaxID: try itemTaxID ?? Self.taxID(order), lines: lines, shippingCharge: shipping)
    }

    /// SP-API responses wrap the object in `payload`; a bare object is accepted too.
    static func unwrap(_ node: PayloadNode) throws -> PayloadNode {
        try node.optional("payload") ?? node
    }

    static func address(_ node: PayloadNode) throws -> PostalAddress {
        let extra = [try node.optional("AddressLine2")?.string(), try node.optional("AddressLine3")?.string()]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return PostalAddress(
            name: try node.field("Name").text(), line1: try node.field("AddressLine1").text(),
            line2: extra.isEmpty ? nil : extra.joined(separator: ", "), city: try node.field("City").text(),
            region: try node.optional("StateOrRegion")?.string(),
            postalCode: try node.optional("PostalCode")?.string() ?? "",
            country: try node.field("CountryCode").country())
    }

    /// The marketplace's VAT/IOSS registration from `MarketplaceTaxInfo.TaxClassifications`.
    static func taxID(_ order: PayloadNode) throws -> String? {
        guard let info = try order.optional("MarketplaceTaxInfo"),
            let list = try info.optional("TaxClassifications")
        else { return nil }
        for entry in try list.elements() {
            if let value = try entry.optional("Value") { return try value.text() }
        }
        return nil
    }
}
