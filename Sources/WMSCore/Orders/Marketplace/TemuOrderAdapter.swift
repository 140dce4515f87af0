internal import ComplianceEngine
internal import Foundation

/// Temu Open Platform (partner API): the parent order from `bg.order.detail.v2.get` (`result.parentOrderMap` and
/// `result.orderList[]`), its address from `bg.order.shippinginfo.v2.get` and its prices from
/// `temu.order.amount.v2.query`, bundled as `{"order": …, "shippingInfo": …, "amount": …}`.
///
/// Temu sends money as `{"currency": "EUR", "amount": 1299}` in the currency's minor unit; it is divided by
/// 10^(minor digits) exactly. Times are Unix seconds. The seller SKU is the product's `extCode`. The shipping
/// charge is the amount's `parentOrderMap.shippingAmountTotalTaxIncl` when present (our reading of the amount query's
/// documentation; check it against a real payload).
public struct TemuOrderAdapter: Sendable {
    /// Seller SKU (`extCode`) → our SKU.
    public let skuMap: SellerSKUMap

    /// An adapter mapping seller SKUs through `skuMap`.
    public init(skuMap: SellerSKUMap) { self.skuMap = skuMap }

    /// ISO 4217 currencies without two minor digits (the rest have two).
    static let minorDigits: [String: Int] = [
        "JPY": 0, "KRW": 0, "CLP": 0, "VND": 0, "ISK": 0, "PYG": 0, "UGX": 0, "XAF": 0, "XOF": 0,
        "BHD": 3, "JOD": 3, "KWD": 3, "OMR": 3, "TND": 3, "IQD": 3, "LYD": 3,
    ]

    /// Country names Temu's address may carry in `regionName1` instead of a code.
    static let countryNames: [String: String] = [
        "united states": "US", "germany": "DE", "france": "FR", "italy": "IT", "spain": "ES",
        "united kingdom": "GB", "netherlands": "NL", "poland": "PL", "belgium": "BE", "austria": "AT",
        "ireland": "IE", "portugal": "PT", "sweden": "SE", "japan": "JP", "mexico": "MX", "canada": "CA",
        "australia": "AU", "czech republic": "CZ", "czechia": "CZ", "denmark": "DK", "finland": "FI",
        "greece": "GR", "hungary": "HU", "romania": "RO", "switzerland": "CH",
    ]

    /// Reads the bundle; every error names the JSON field path.
    public func order(from text: String) throws -> OrderIntake {
        try order(from: try PayloadNode.parse(text, root: ""))
    }

    /// Reads an already parsed bundle.
    public func order(from root: PayloadNode) throws -> OrderIntake {
        let detail = try Self.result(try root.field("order"))
        let shipping = try Self.result(try root.field("shippingInfo"))
        let amounts = try Self.result(try root.field("amount"))
        let parent = try detail.field("parentOrderMap")
        let parentSN = try parent.field("parentOrderSn").text()
        var prices: [String: (PayloadNode, Int)] = [:]
        var currency: String?
        for entry in try amounts.field("orderList").elements() {
            let price = try entry.field("unitRetailPriceTaxIncl")
            let code = try price.field("currency")
            let parsed = try code.currency()
            if let currency, parsed != currency {
                throw WMSError(
                    .invalidField, field: code.path, value: parsed, "currency \(parsed) differs from \(currency)")
            }
            currency = parsed
            prices[try entry.field("orderSn").text()] = (try price.field("amount"), Self.minorDigits[parsed] ?? 2)
        }
        guard let currency else {
            throw WMSError(.invalidField, field: "amount.result.orderList", value: "[]", "no prices for the order")
        }
        var shippingCharge: Decimal?
        if let parentAmounts = try amounts.optional("parentOrderMap"),
            let charge = try parentAmounts.optional("shippingAmountTotalTaxIncl")
        {
            let code = try charge.field("currency")
            guard try code.currency() == currency else {
                throw WMSError(
                    .invalidField, field: code.path, value: try code.string(), "currency differs from \(currency)")
            }
            let minor = try charge.field("amount").integer()
            guard minor >= 0 else {
                throw WMSError(
                    .invalidField, field: "\(charge.path).amount", value: String(minor), "must not be negative")
            }
            shippingCharge = Decimal(minor) / pow(Decimal(10), Self.minorDigits[currency] ?? 2)
        }
        let subOrders = try detail.field("orderList").elements()
        guard !subOrders.isEmpty else {
            throw WMSError(.invalidField, field: "order.result.orderList", value: "[]", "an order needs an item")
        }
        var lines: [OrderIntakeLine] = []
        for sub in subOrders {
            let orderSNNode = try sub.field("orderSn")
            let orderSN = try orderSNNode.text()
            guard let (amountNode, digits) = prices[orderSN] else {
                throw WMSError(
                    .invalidField, field: orderSNNode.path, value: orderSN,
                    "sub-order \(orderSN) has no price in amount.result.orderList")
            }
            let minor = try amountNode.integer()
            guard minor >= 0 else {
                throw WMSError(.invalidField, field: amountNode.path, value: String(minor), "must not be negative")
            }
            let products = try sub.field("productList").elements()
            guard let product = products.first else {
                throw WMSError(.invalidField, field: "\(sub.path).productList", value: "[]", "no product")
            }
            lines.append(
                OrderIntakeLine(
                    lineID: orderSN, sku: try skuMap.sku(for: try product.field("extCode")),
                    quantity: try sub.field("quantity").quantity(),
                    unitPrice: Decimal(minor) / pow(Decimal(10), digits)))
        }
        return OrderIntake(
            channel: "temu", channelOrderID: parentSN,
            marketplace: try parent.optional("siteId").map { "temu.site-\(try $0.integer())" },
            orderedAt: try parent.field("parentOrderTime").unixSeconds(),
            shipBy: try parent.optional("expectShipLatestTime")?.unixSeconds(), currency: currency,
            shippingService: "standard", shipTo: try Self.address(shipping), lines: lines,
            shippingCharge: shippingCharge)
    }

    /// The `result` of a Temu response; `success: false` is an error naming `errorCode`.
    static func result(_ response: PayloadNode) throws -> PayloadNode {
        if let success = try response.optional("success"), case .bool(false) = success.value {
            let message = try response.optional("errorMsg")?.string() ?? ""
            throw WMSError(.invalidField, field: success.path, value: "false", "Temu returned an error: \(message)")
        }
        return try response.field("result")
    }

    static func address(_ node: PayloadNode) throws -> PostalAddress {
        let countryNode = try node.field("regionName1")
        let name = try countryNode.text()
        let country: String
        if name.count == 2 {
            country = try countryNode.country()
        } else if let code = countryNames[name.lowercased()] {
            country = code
        } else {
            throw WMSError(.invalidField, field: countryNode.path, value: name, "unknown country")
        }
        let extra = [try node.optional("addressLine2")?.string(), try node.optional("addressLine3")?.string()]
            .compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return PostalAddress(
            name: try node.field("receiptName").text(), line1: try node.field("addressLine1").text(),
            line2: extra.isEmpty ? nil : extra.joined(separator: ", "), city: try node.field("regionName3").text(),
            region: try node.optional("regionName2")?.string(),
            postalCode: try node.optional("postCode")?.string() ?? "",
            country: country)
    }
}
