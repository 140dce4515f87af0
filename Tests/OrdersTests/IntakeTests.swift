import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Order intake: strict JSON, CSV by row and column, idempotent take, the status machine")
struct IntakeTests {
    static let good = """
        {"channel": "web", "channelOrderID": "1001", "orderedAt": "2026-11-28T10:00:00Z", "currency": "EUR",
         "shipTo": {"name": "Ana", "line1": "Hauptstr. 1", "city": "Berlin", "postalCode": "10115", "country": "DE"},
         "lines": [{"lineID": "1", "sku": "TS-01", "quantity": 2, "unitPrice": "19.90"}]}
        """

    @Test("a good order is read with exact money")
    func goodJSON() throws {
        let intakes = try OrderJSONParser.parse(Self.good)
        #expect(intakes.count == 1)
        #expect(intakes[0].lines[0].unitPrice == Decimal(string: "19.90"))
        #expect(intakes[0].shippingService == "standard")
        #expect(intakes[0].orderID == "web-1001")
    }

    @Test(
        "bad JSON is refused naming the field path",
        arguments: [
            (#"{"colour": 1}"#, "$.colour", "unknown field"),
            (
                Self.good.replacingOccurrences(of: #""quantity": 2"#, with: #""quantity": "2""#), "$.lines[0].quantity",
                "expected an integer"
            ),
            (Self.good.replacingOccurrences(of: #""19.90""#, with: "19.90"), "$.lines[0].unitPrice", "decimal string"),
            (
                Self.good.replacingOccurrences(of: #""sku": "TS-01", "#, with: #""sku": "TS-01", "size": "M", "#),
                "$.lines[0].size", "unknown field"
            ),
            (
                Self.good.replacingOccurrences(of: #""country": "DE""#, with: #""country": "Germany""#),
                "$.shipTo.country", "ISO 3166"
            ),
            (
                "[" + Self.good + "," + Self.good.replacingOccurrences(of: #""currency": "EUR","#, with: "") + "]",
                "$[1].currency", "missing"
            ),
            (
                Self.good.replacingOccurrences(of: #""quantity": 2"#, with: #""quantity": 0"#), "$.lines[0].quantity",
                "between 1"
            ),
        ])
    func badJSON(_ text: String, _ field: String, _ message: String) {
        do {
            _ = try OrderJSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.field == field)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test(
        "amounts that no document could carry exactly are refused at intake, however the intake was made",
        arguments: [
            ("19.90", nil, nil), ("0", "0.0001", nil), ("999999999999.9999", nil, nil),
            ("19.90001", nil, "$.lines[0].unitPrice"), ("NaN", nil, "$.lines[0].unitPrice"),
            ("1000000000000", nil, "$.lines[0].unitPrice"), ("-1", nil, "$.lines[0].unitPrice"),
            ("5", "4.99999", "$.shippingCharge"), ("5", "-0.01", "$.shippingCharge"),
        ] as [(String, String?, String?)])
    func amounts(_ price: String, _ shipping: String?, _ refused: String?) throws {
        var intake = try #require(try OrderJSONParser.parse(Self.good).first)
        intake.lines[0].unitPrice = price == "NaN" ? Decimal.nan : try #require(Decimal(string: price))
        intake.shippingCharge = try shipping.map { try #require(Decimal(string: $0)) }
        do {
            try intake.validate()
            #expect(refused == nil, "accepted \(price) / \(shipping ?? "-")")
        } catch {
            #expect(error.field == refused, "\(error)")
        }
    }

    static let header =
        "channel,channel_order_id,ordered_at,currency,name,line1,city,postal_code,country,line_id,sku,quantity,unit_price"

    @Test("CSV rows of one order become one order with several lines")
    func csvGrouping() throws {
        let csv = """
            \(Self.header)
            web,A1,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,1,TS-01,2,19.90
            web,A1,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,2,TS-02,1,9.50
            amazon,B2,2026-11-28T11:00:00Z,EUR,Bo,Rue 2,Paris,75001,FR,1,PF-01,1,45
            """
        let intakes = try OrderCSVParser.parse(csv)
        #expect(intakes.map(\.channelOrderID) == ["A1", "B2"])
        #expect(intakes[0].lines.map(\.sku) == ["TS-01", "TS-02"])
        #expect(intakes[1].lines[0].unitPrice == 45)
    }

    @Test("the delivery charged to the buyer is read as exact money from JSON and CSV")
    func shippingCharge() throws {
        let json = Self.good.replacingOccurrences(
            of: #""currency": "EUR","#, with: #""currency": "EUR", "shippingCharge": "4.90","#)
        #expect(try OrderJSONParser.parse(json)[0].shippingCharge == Decimal(string: "4.90"))
        #expect(try OrderJSONParser.parse(Self.good)[0].shippingCharge == nil)
        for bad in [#""-1.00""#, "4.90", #""4.9.0""#] {
            let text = Self.good.replacingOccurrences(
                of: #""currency": "EUR","#, with: #""currency": "EUR", "shippingCharge": \#(bad),"#)
            do {
                _ = try OrderJSONParser.parse(text)
                Issue.record("accepted shippingCharge \(bad)")
            } catch {
                #expect(error.field == "$.shippingCharge")
            }
        }
        var negative = try OrderJSONParser.parse(Self.good)[0]
        negative.shippingCharge = -1
        #expect(throws: WMSError.self) { try negative.validate() }
        let csv = """
            \(Self.header),shipping_charge
            web,A1,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,1,TS-01,2,19.90,5.50
            web,A1,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,2,TS-02,1,9.50,5.50
            web,B2,2026-11-28T11:00:00Z,EUR,Bo,Rue 2,Paris,75001,FR,1,PF-01,1,45,
            """
        let intakes = try OrderCSVParser.parse(csv)
        #expect(intakes.map(\.shippingCharge) == [Decimal(string: "5.50"), nil])
        let conflicting =
            csv.replacingOccurrences(of: "9.50,5.50", with: "9.50,6.00")
            + "\nweb,C3,2026-11-28T11:00:00Z,EUR,Bo,Rue 2,Paris,75001,FR,1,PF-01,1,45,free"
        do {
            _ = try OrderCSVParser.parse(conflicting)
            Issue.record("accepted conflicting and malformed shipping charges")
        } catch {
            let cells = Set(error.issues.map { "\($0.row):\($0.column)" })
            #expect(cells == ["3:shipping_charge", "5:shipping_charge"], "\(cells)")
        }
    }

    @Test("CSV errors name row and column, all of them, and nothing is returned")
    func csvErrors() throws {
        let csv = """
            \(Self.header)
            web,A1,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,1,TS-01,two,19.90
            web,A2,yesterday,EUR,Ana,Street 1,Berlin,10115,DE,1,TS-01,1,19.9.0
            web,A3,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,DE,1,TS-01,1,1.00
            web,A3,2026-11-28T10:00:00Z,USD,Ana,Street 1,Berlin,10115,DE,2,TS-02,1,1.00
            web,A4,2026-11-28T10:00:00Z,EUR,Ana,Street 1,Berlin,10115,Deutschland,1,TS-01,1,1.00
            """
        do {
            _ = try OrderCSVParser.parse(csv)
            Issue.record("accepted bad CSV")
        } catch {
            let cells = Set(error.issues.map { "\($0.row):\($0.column)" })
            #expect(cells == ["2:quantity", "3:ordered_at", "3:unit_price", "5:currency", "6:country"], "\(cells)")
        }
        do {
            _ = try OrderCSVParser.parse("channel,colour\nweb,red\n")
            Issue.record("accepted a bad header")
        } catch {
            #expect(error.issues.contains { $0.row == 1 && $0.column == "colour" && $0.message == "unknown column" })
            #expect(error.issues.contains { $0.row == 1 && $0.column == "sku" })
        }
    }

    @Test("take is idempotent by channel and channel order id", arguments: TestBackend.allCases)
    func idempotentTake(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let orders = OrderService(store: test.store, desk: OrdersFixture.desk)
            let intake = try OrderJSONParser.parse(Self.good)[0]
            let first = try await orders.take(intake)
            var changed = intake
            changed.lines[0].quantity = 5
            let again = try await orders.take(changed)
            #expect(!first.replayed && again.replayed)
            #expect(again.order.intake.lines[0].quantity == 2)
            #expect(try await orders.orders().count == 1)
            var other = intake
            other.channel = "amazon"
            #expect(try await orders.take(other).replayed == false)
            #expect(try await orders.orders(status: .received).count == 2)
        }
    }

    @Test("the status machine refuses moves it does not allow")
    func statusMachine() throws {
        var order = Order(id: "o1", intake: try OrderJSONParser.parse(Self.good)[0])
        #expect(throws: FlowError.self) { try order.move(to: .shipped, operation: "x") }
        #expect(throws: FlowError.self) { try order.move(to: .released, operation: "x") }
        try order.move(to: .allocated, operation: "a")
        try order.move(to: .released, operation: "b")
        #expect(throws: FlowError.self) { try order.move(to: .packed, operation: "x") }
        try order.move(to: .picking, operation: "c")
        try order.move(to: .picked, operation: "d")
        try order.move(to: .packed, operation: "e")
        try order.move(to: .shipped, operation: "f")
        #expect(throws: FlowError.self) { try order.move(to: .cancelled, operation: "x") }
        #expect(order.history.map(\.to) == [.allocated, .released, .picking, .picked, .packed, .shipped])
        for status in OrderStatus.allCases {
            #expect(!OrderStatus.shipped.canMove(to: status) && !OrderStatus.cancelled.canMove(to: status))
        }
    }
}
