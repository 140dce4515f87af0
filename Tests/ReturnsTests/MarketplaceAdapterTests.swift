import Foundation
import Testing
import WMSCore

/// Reads the fixtures written from the public payload shapes, and malformed variants of them.
enum MarketplaceFixture {
    static func text(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    static func skuMap() throws -> SellerSKUMap { try SellerSKUMap.parse(csv: try text("sku-map.csv")) }

    /// The fixture with `old` replaced by `new` (which must occur exactly once, so a test cannot silently miss).
    static func mutated(_ name: String, _ old: String, _ new: String) throws -> String {
        let original = try text(name)
        let parts = original.components(separatedBy: old)
        #expect(parts.count == 2, "'\(old)' must occur once in \(name)")
        return parts.joined(separator: new)
    }

    /// The error reading `text` from `marketplace` raises.
    static func error(_ marketplace: Marketplace, _ text: String) throws -> WMSError? {
        do {
            _ = try marketplace.orders(from: text, skuMap: try skuMap())
            return nil
        } catch let error as WMSError {
            return error
        }
    }
}

@Suite("Marketplace order adapters")
struct MarketplaceAdapterTests {
    @Test func amazonOrderAndItemsBecomeOneIntake() throws {
        let orders = try Marketplace.amazon.orders(
            from: try MarketplaceFixture.text("amazon-order.json"), skuMap: try MarketplaceFixture.skuMap())
        #expect(orders.count == 1)
        let order = try #require(orders.first)
        #expect(order.channel == "amazon")
        #expect(order.channelOrderID == "302-4839120-7745921")
        #expect(order.marketplace == "amazon.de")
        #expect(order.orderedAt == Date(timeIntervalSince1970: 1_795_804_927))
        #expect(order.shipBy == Date(timeIntervalSince1970: 1_796_079_599))
        #expect(order.currency == "EUR")
        #expect(order.shippingService == "standard")
        #expect(order.marketplaceTaxID == "IM2760000123")
        #expect(
            order.shipTo
                == PostalAddress(
                    name: "Jana Keller", line1: "Bergstrasse 12", line2: "3. OG", city: "Leipzig", region: "Sachsen",
                    postalCode: "04109", country: "DE"))
        #expect(
            order.lines == [
                OrderIntakeLine(
                    lineID: "48205177310902", sku: "LAMP-01", quantity: 2, unitPrice: Decimal(string: "29.99")!),
                OrderIntakeLine(
                    lineID: "48205177310918", sku: "CABLE-02", quantity: 1, unitPrice: Decimal(string: "29.99")!),
            ])
    }

    @Test func amazonLinePriceIsSpreadOverUnitsWithExplicitRounding() throws {
        let text = try MarketplaceFixture.mutated(
            "amazon-order.json", "\"Amount\": \"59.98\"", "\"Amount\": \"10.00\"")
        let order = try #require(
            try Marketplace.amazon.orders(from: text, skuMap: try MarketplaceFixture.skuMap()).first)
        // 10.00 / 2 = 5; a 3-way split would round half-even at 4 decimals.
        #expect(order.lines[0].unitPrice == 5)
        let three = try MarketplaceFixture.mutated(
            "amazon-order.json", "\"QuantityOrdered\": 2", "\"QuantityOrdered\": 3")
        let split = try #require(
            try Marketplace.amazon.orders(from: three, skuMap: try MarketplaceFixture.skuMap()).first)
        #expect(split.lines[0].unitPrice == Decimal(string: "19.9933")!)
    }

    @Test func shopeeDetailResponseUsesModelSKUsAndNumberLiterals() throws {
        let orders = try Marketplace.shopee.orders(
            from: try MarketplaceFixture.text("shopee-order.json"), skuMap: try MarketplaceFixture.skuMap())
        let order = try #require(orders.first)
        #expect(orders.count == 1)
        #expect(order.channel == "shopee")
        #expect(order.channelOrderID == "261127KQ8M3V5T")
        #expect(order.marketplace == "shopee.sg")
        #expect(order.orderedAt == Date(timeIntervalSince1970: 1_795_798_800))
        #expect(order.shipBy == Date(timeIntervalSince1970: 1_795_971_600))
        #expect(order.currency == "SGD")
        #expect(order.shipTo.country == "SG")
        #expect(order.shipTo.postalCode == "238839")
        #expect(order.shipTo.city == "Singapore")
        #expect(
            order.lines == [
                OrderIntakeLine(
                    lineID: "22104738819", sku: "LAMP-01", quantity: 1, unitPrice: Decimal(string: "29.90")!),
                OrderIntakeLine(
                    lineID: "22104738907", sku: "CABLE-02", quantity: 2, unitPrice: Decimal(string: "8.95")!),
            ])
    }

    @Test func shopeeNumbersNeverPassThroughDouble() throws {
        // 17 significant digits: a Double would change the last ones.
        let text = try MarketplaceFixture.mutated(
            "shopee-order.json", "\"model_discounted_price\": 29.90", "\"model_discounted_price\": 1234567890123.4567")
        let order = try #require(
            try Marketplace.shopee.orders(from: text, skuMap: try MarketplaceFixture.skuMap()).first)
        #expect(order.lines[0].unitPrice == Decimal(string: "1234567890123.4567")!)
        #expect(Decimal(Double("1234567890123.4567")!) != Decimal(string: "1234567890123.4567")!)
    }

    @Test func temuBundleTakesMinorUnitPricesAndTheAddressCountry() throws {
        let order = try #require(
            try Marketplace.temu.orders(
                from: try MarketplaceFixture.text("temu-order.json"), skuMap: try MarketplaceFixture.skuMap()
            ).first)
        #expect(order.channel == "temu")
        #expect(order.channelOrderID == "PO-076-04417289236610472")
        #expect(order.orderedAt == Date(timeIntervalSince1970: 1_795_791_600))
        #expect(order.shipBy == Date(timeIntervalSince1970: 1_795_964_400))
        #expect(order.currency == "EUR")
        #expect(
            order.shipTo
                == PostalAddress(
                    name: "Lucie Martin", line1: "14 rue de la Republique", line2: "Batiment B", city: "Lyon",
                    region: "Auvergne-Rhone-Alpes", postalCode: "69002", country: "FR"))
        #expect(
            order.lines == [
                OrderIntakeLine(
                    lineID: "076-04417289236620472", sku: "LAMP-01", quantity: 1, unitPrice: Decimal(string: "24.89")!),
                OrderIntakeLine(
                    lineID: "076-04417289236630472", sku: "CABLE-02", quantity: 3, unitPrice: Decimal(string: "5.99")!),
            ])
    }

    @Test func shippingChargesAreReadWhereThePayloadCarriesThem() throws {
        let map = try MarketplaceFixture.skuMap()
        let amazon = try #require(
            try Marketplace.amazon.orders(from: try MarketplaceFixture.text("amazon-order.json"), skuMap: map).first)
        #expect(amazon.shippingCharge == 0)
        let charged = try MarketplaceFixture.mutated(
            "amazon-order.json", #""ShippingPrice": { "CurrencyCode": "EUR", "Amount": "0.00" },"#,
            #""ShippingPrice": { "CurrencyCode": "EUR", "Amount": "5.90" }, "#
                + #""ShippingDiscount": { "CurrencyCode": "EUR", "Amount": "1.00" },"#)
        #expect(
            try Marketplace.amazon.orders(from: charged, skuMap: map).first?.shippingCharge == Decimal(string: "4.90"))
        let shopee = try #require(
            try Marketplace.shopee.orders(from: try MarketplaceFixture.text("shopee-order.json"), skuMap: map).first)
        #expect(shopee.shippingCharge == Decimal(string: "1.99"))
        let temu = try #require(
            try Marketplace.temu.orders(from: try MarketplaceFixture.text("temu-order.json"), skuMap: map).first)
        #expect(temu.shippingCharge == nil)
        let temuCharged = try MarketplaceFixture.mutated(
            "temu-order.json", #""customerPaid": {"#,
            #""shippingAmountTotalTaxIncl": { "currency": "EUR", "amount": 499 }, "customerPaid": {"#)
        #expect(
            try Marketplace.temu.orders(from: temuCharged, skuMap: map).first?.shippingCharge
                == Decimal(string: "4.99"))
    }

    @Test func temuYenHasNoMinorDigits() throws {
        let text = try MarketplaceFixture.text("temu-order.json").replacingOccurrences(of: "\"EUR\"", with: "\"JPY\"")
        let order = try #require(try Marketplace.temu.orders(from: text, skuMap: try MarketplaceFixture.skuMap()).first)
        #expect(order.currency == "JPY")
        #expect(order.lines.map(\.unitPrice) == [2489, 599])
    }

    /// (marketplace, fixture, text to replace, replacement, expected field path, expected error code).
    static let malformed: [(Marketplace, String, String, String, String, WMSError.Code)] = [
        // Missing fields
        (
            .amazon, "amazon-order.json", "\"PurchaseDate\": \"2026-11-27T18:42:07Z\",", "",
            "order.payload.PurchaseDate", .invalidField
        ),
        (
            .amazon, "amazon-order.json", "\"CountryCode\": \"DE\",", "", "order.payload.ShippingAddress.CountryCode",
            .invalidField
        ),
        (
            .shopee, "shopee-order.json", "\"order_sn\": \"261127KQ8M3V5T\",", "", "response.order_list[0].order_sn",
            .invalidField
        ),
        (
            .temu, "temu-order.json", "\"receiptName\": \"Lucie Martin\",", "", "shippingInfo.result.receiptName",
            .invalidField
        ),
        // Wrong types
        (
            .amazon, "amazon-order.json", "\"QuantityOrdered\": 2", "\"QuantityOrdered\": \"two\"",
            "orderItems.payload.OrderItems[0].QuantityOrdered", .invalidField
        ),
        (
            .amazon, "amazon-order.json",
            "\"Amount\": \"29.99\" },\n          \"ItemTax\": { \"CurrencyCode\": \"EUR\", \"Amount\": \"4.79\" }",
            "\"Amount\": true },\n          \"ItemTax\": { \"CurrencyCode\": \"EUR\", \"Amount\": \"4.79\" }",
            "orderItems.payload.OrderItems[1].ItemPrice.Amount", .invalidField
        ),
        (
            .shopee, "shopee-order.json", "\"create_time\": 1795798800", "\"create_time\": \"yesterday\"",
            "response.order_list[0].create_time", .invalidField
        ),
        (
            .temu, "temu-order.json", "\"extCode\": \"TM-CABLE-2M\"", "\"extCode\": 42",
            "order.result.orderList[1].productList[0].extCode", .invalidField
        ),
        // Bad currency
        (
            .amazon, "amazon-order.json", "\"ItemPrice\": { \"CurrencyCode\": \"EUR\", \"Amount\": \"59.98\" }",
            "\"ItemPrice\": { \"CurrencyCode\": \"EURO\", \"Amount\": \"59.98\" }",
            "orderItems.payload.OrderItems[0].ItemPrice.CurrencyCode", .invalidField
        ),
        (
            .amazon, "amazon-order.json", "\"ItemPrice\": { \"CurrencyCode\": \"EUR\", \"Amount\": \"59.98\" }",
            "\"ItemPrice\": { \"CurrencyCode\": \"GBP\", \"Amount\": \"59.98\" }",
            "orderItems.payload.OrderItems[0].ItemPrice.CurrencyCode", .invalidField
        ),
        (
            .shopee, "shopee-order.json", "\"currency\": \"SGD\"", "\"currency\": \"SGX\"",
            "response.order_list[0].currency", .invalidField
        ),
        (
            .temu, "temu-order.json", "\"unitRetailPriceTaxIncl\": { \"currency\": \"EUR\", \"amount\": 2489 }",
            "\"unitRetailPriceTaxIncl\": { \"currency\": \"eur\", \"amount\": 2489 }",
            "amount.result.orderList[0].unitRetailPriceTaxIncl.currency", .invalidField
        ),
        // Negative quantity and money
        (
            .amazon, "amazon-order.json", "\"QuantityOrdered\": 1", "\"QuantityOrdered\": -1",
            "orderItems.payload.OrderItems[1].QuantityOrdered", .invalidField
        ),
        (
            .shopee, "shopee-order.json", "\"model_quantity_purchased\": 2", "\"model_quantity_purchased\": -2",
            "response.order_list[0].item_list[1].model_quantity_purchased", .invalidField
        ),
        (
            .temu, "temu-order.json", "\"quantity\": 3,\n          \"originalOrderQuantity\": 3",
            "\"quantity\": -3,\n          \"originalOrderQuantity\": 3", "order.result.orderList[1].quantity",
            .invalidField
        ),
        (
            .shopee, "shopee-order.json", "\"model_discounted_price\": 8.95", "\"model_discounted_price\": -8.95",
            "response.order_list[0].item_list[1].model_discounted_price", .invalidField
        ),
        (
            .amazon, "amazon-order.json", "\"Amount\": \"59.98\"", "\"Amount\": \"59,98\"",
            "orderItems.payload.OrderItems[0].ItemPrice.Amount", .invalidField
        ),
        // Unmapped seller SKUs name where they are
        (
            .amazon, "amazon-order.json", "\"SellerSKU\": \"CABLE-USBC-2M\"", "\"SellerSKU\": \"CABLE-USBC-3M\"",
            "orderItems.payload.OrderItems[1].SellerSKU", .unknownSKU
        ),
        (
            .shopee, "shopee-order.json", "\"item_sku\": \"CABLE-USBC-2M\"", "\"item_sku\": \"CABLE-X\"",
            "response.order_list[0].item_list[1].item_sku", .unknownSKU
        ),
        (
            .temu, "temu-order.json", "\"extCode\": \"TM-LAMP-BLK\"", "\"extCode\": \"TM-LAMP-RED\"",
            "order.result.orderList[0].productList[0].extCode", .unknownSKU
        ),
        // Shape errors between the bundled responses
        (
            .amazon, "amazon-order.json", "\"AmazonOrderId\": \"302-4839120-7745921\",\n      \"OrderItems\"",
            "\"AmazonOrderId\": \"302-0000000-0000000\",\n      \"OrderItems\"", "orderItems.payload.AmazonOrderId",
            .invalidField
        ),
        (
            .temu, "temu-order.json", "\"regionName1\": \"France\"", "\"regionName1\": \"Atlantis\"",
            "shippingInfo.result.regionName1", .invalidField
        ),
        (
            .temu, "temu-order.json", "\"orderSn\": \"076-04417289236630472\",\n          \"quantity\": 3",
            "\"orderSn\": \"076-99\",\n          \"quantity\": 3", "order.result.orderList[1].orderSn", .invalidField
        ),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedPayloadNamesTheField(_ index: Int) throws {
        let (marketplace, fixture, old, new, path, code) = Self.malformed[index]
        let text = try MarketplaceFixture.mutated(fixture, old, new)
        let error = try #require(try MarketplaceFixture.error(marketplace, text))
        #expect(error.code == code)
        #expect(error.field == path, "\(error.debugDescription)")
    }

    @Test func notJSONAndNotAnObjectAreRefused() throws {
        #expect(try MarketplaceFixture.error(.amazon, "{\"order\": ")?.code == .invalidField)
        #expect(try MarketplaceFixture.error(.shopee, "[1, 2]")?.field == "$")
    }

    @Test func skuMapRejectsConflictsAndBadLines() throws {
        #expect(throws: WMSError.self) { try SellerSKUMap.parse(csv: "A,X\nA,Y\n") }
        #expect(throws: WMSError.self) { try SellerSKUMap.parse(csv: "A\n") }
        #expect(try SellerSKUMap.parse(csv: "seller_sku,sku\nA,X\n\n# note\nB,Y").entries == ["A": "X", "B": "Y"])
    }
}
