public import Foundation

/// An order as it arrives, before allocation: the one shape every intake adapter (JSON, CSV, Amazon SP-API,
/// Shopee, Temu) produces and the order service accepts.
///
/// Money is `Decimal` parsed from text, never a binary floating-point number. The pair (channel,
/// channelOrderID) identifies an order: taking in the same pair again changes nothing.
public struct OrderIntake: Hashable, Sendable, Codable {
    /// Sales channel: `amazon`, `shopee`, `temu`, `web`, …; lower-case.
    public var channel: String
    /// The marketplace's own order id (Amazon `AmazonOrderId`, Shopee `order_sn`, Temu `parentOrderSn`).
    public var channelOrderID: String
    /// The marketplace (`amazon.de`, `shopee.sg`) or shop the order came from, when known.
    public var marketplace: String?
    public var orderedAt: Date
    /// When the order must have left the warehouse (the marketplace's latest ship date), when given.
    public var shipBy: Date?
    /// ISO 4217 currency of the prices.
    public var currency: String
    /// Requested service level: `standard`, `express`, `economy`, or the marketplace's own code.
    public var shippingService: String
    public var shipTo: PostalAddress
    /// Tax registration the marketplace collected VAT under (IOSS number for EU imports ≤ EUR 150), if any.
    public var marketplaceTaxID: String?
    public var lines: [OrderIntakeLine]
    /// Delivery charged to the buyer, in `currency`, as the channel reports it (nil when it does not say).
    ///
    /// The compliance gate passes it to the rules as the shipment's `shipping`: the packs leave it out of the
    /// intrinsic value (EU IOSS EUR 150, UK GBP 135 tests) and put it into the VAT/GST base where the law says so
    /// (EU, UK, AU, CA); documents show it as freight.
    public var shippingCharge: Decimal?

    public init(
        channel: String, channelOrderID: String, marketplace: String? = nil, orderedAt: Date, shipBy: Date? = nil,
        currency: String, shippingService: String = "standard", shipTo: PostalAddress, marketplaceTaxID: String? = nil,
        lines: [OrderIntakeLine], shippingCharge: Decimal? = nil
    ) {
        self.channel = channel
        self.channelOrderID = channelOrderID
        self.marketplace = marketplace
        self.orderedAt = orderedAt
        self.shipBy = shipBy
        self.currency = currency
        self.shippingService = shippingService
        self.shipTo = shipTo
        self.marketplaceTaxID = marketplaceTaxID
        self.lines = lines
        self.shippingCharge = shippingCharge
    }
}

/// One line of an incoming order.
public struct OrderIntakeLine: Hashable, Sendable, Codable {
    /// The channel's line id (Amazon `OrderItemId`), or the line's position as text.
    public var lineID: String
    /// Our SKU (adapters map the marketplace's seller SKU to it).
    public var sku: String
    public var quantity: Int
    /// Price of one unit in the order's currency, tax included as the channel reports it.
    public var unitPrice: Decimal

    public init(lineID: String, sku: String, quantity: Int, unitPrice: Decimal) {
        self.lineID = lineID
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

/// A delivery address.
public struct PostalAddress: Hashable, Sendable, Codable {
    public var name: String
    public var line1: String
    public var line2: String?
    public var city: String
    /// State, province or prefecture, when the country uses one.
    public var region: String?
    public var postalCode: String
    /// ISO 3166 alpha-2.
    public var country: String

    public init(
        name: String, line1: String, line2: String? = nil, city: String, region: String? = nil, postalCode: String,
        country: String
    ) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }
}
