internal import Foundation

/// Shopee Open Platform v2: the response of `v2.order.get_order_detail` (`response.order_list[]`). Times are Unix
/// seconds; prices are JSON numbers (read from their literal text) per unit, in the order's `currency`. The
/// shipping charge is `estimated_shipping_fee`, the only delivery amount the order detail carries (the fee the
/// buyer finally paid is in the escrow detail, which this adapter does not read).
public struct ShopeeOrderAdapter: Sendable {
    /// Seller SKU (`model_sku`, else `item_sku`) → our SKU.
    public let skuMap: SellerSKUMap

    /// An adapter mapping seller SKUs through `skuMap`.
    public init(skuMap: SellerSKUMap) { self.skuMap = skuMap }

    /// Every order of the response; every error names the JSON field path.
    public func orders(from text: String) throws -> [OrderIntake] {
        try orders(from: try PayloadNode.parse(text, root: ""))
    }

    /// Every order of an already parsed response.
    public func orders(from root: PayloadNode) throws -> [OrderIntake] {
        if let error = try root.optional("error"), let code = try? error.string(), !code.isEmpty {
            let message = try root.optional("message")?.string() ?? ""
            throw WMSError(.invalidField, field: error.path, value: code, "Shopee returned an error: \(message)")
        }
        let list = try root.field("response").field("order_list").elements()
        guard !list.isEmpty else {
            throw WMSError(.invalidField, field: "response.order_list", value: "[]", "no order in the response")
        }
        return try list.map(order)
    }

    func order(_ node: PayloadNode) throws -> OrderIntake {
        let currency = try node.field("currency").currency()
        let region = try node.optional("region")?.country()
        let items = try node.field("item_list").elements()
        guard !items.isEmpty else {
            throw WMSError(.invalidField, field: "\(node.path).item_list", value: "[]", "an order needs an item")
        }
        var lines: [OrderIntakeLine] = []
        for (index, item) in items.enumerated() {
            // A variation (model) has its own SKU; an item without variations keeps its SKU on the item.
            let modelSKU = try item.optional("model_sku")
            let sellerSKU = try modelSKU.flatMap { try $0.string().isEmpty ? nil : $0 } ?? item.field("item_sku")
            let lineID: String
            if let id = try item.optional("order_item_id") {
                lineID = String(try id.integer())
            } else {
                lineID = String(index + 1)
            }
            lines.append(
                OrderIntakeLine(
                    lineID: lineID, sku: try skuMap.sku(for: sellerSKU),
                    quantity: try item.field("model_quantity_purchased").quantity(),
                    unitPrice: try item.field("model_discounted_price").amount()))
        }
        let address = try node.field("recipient_address")
        let country = try address.optional("region")?.country() ?? region
        guard let country else {
            throw WMSError(.invalidField, field: "\(address.path).region", value: "", "missing field 'region'")
        }
        let city = try address.optional("city")?.string() ?? ""
        let town = try address.optional("town")?.string() ?? ""
        return OrderIntake(
            channel: "shopee", channelOrderID: try node.field("order_sn").text(),
            marketplace: region.map { "shopee.\($0.lowercased())" },
            orderedAt: try node.field("create_time").unixSeconds(),
            shipBy: try node.optional("ship_by_date")?.unixSeconds(), currency: currency,
            shippingService: "standard",
            shipTo: PostalAddress(
                name: try address.field("name").text(), line1: try address.field("full_address").text(),
                city: city.isEmpty ? (town.isEmpty ? country : town) : city,
                region: try address.optional("state")?.string(),
                postalCode: try address.optional("zipcode")?.string() ?? "", country: country),
            lines: lines, shippingCharge: try node.optional("estimated_shipping_fee")?.amount())
    }
}
