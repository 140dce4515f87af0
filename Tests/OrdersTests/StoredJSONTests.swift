import BondedTesting
import Foundation
import Testing

@testable import WMSCore

/// The hand-written JSON of stored orders, pick sessions and shipment documents must be byte for byte what
/// Foundation's encoder (sorted keys) writes, and decode back to the same value.
@Suite("Stored JSON: hand-written encoders equal Foundation's, round trip; fast date and digest paths")
struct StoredJSONTests {
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Text with everything the escaping must get right: quotes, backslashes, slashes, control characters,
    /// DEL, non-ASCII and characters outside the BMP.
    static let pieces = [
        "a", "Ab", "/", "\"", "\\", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{7F}",
        "é", "中", "😀", "\u{2028}", " ", "x/y", "</script>", "",
    ]

    static func text(_ random: inout SplitMix) -> String {
        (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func maybe(_ random: inout SplitMix) -> String? { random.next() % 3 == 0 ? nil : text(&random) }

    static func decimal(_ random: inout SplitMix) -> Decimal {
        let choices = ["19.90", "0", "0.0001", "-3.5", "123456789.1234", "1000", "0.10"]
        return Decimal(string: choices[Int(random.next() % UInt64(choices.count))])!
    }

    static func date(_ random: inout SplitMix) -> Date {
        // Whole seconds, fractions, and times before 2001 (negative reference intervals).
        let seconds = Double(random.next() % 2_000_000_000) - 200_000_000
        return Date(timeIntervalSince1970: random.next() % 2 == 0 ? seconds : seconds + Double(random.next() % 1000) / 7)
    }

    static func order(_ seed: UInt64) -> Order {
        var r = SplitMix(seed)
        let statuses = OrderStatus.allCases
        let intake = OrderIntake(
            channel: text(&r), channelOrderID: text(&r), marketplace: maybe(&r), orderedAt: date(&r),
            shipBy: r.next() % 2 == 0 ? nil : date(&r), currency: text(&r), shippingService: text(&r),
            shipTo: PostalAddress(
                name: text(&r), line1: text(&r), line2: maybe(&r), city: text(&r), region: maybe(&r),
                postalCode: text(&r), country: text(&r)),
            marketplaceTaxID: maybe(&r),
            lines: (0..<Int(r.next() % 4)).map { index in
                OrderIntakeLine(lineID: text(&r), sku: text(&r), quantity: index * 7 + 1, unitPrice: decimal(&r))
            }, shippingCharge: r.next() % 2 == 0 ? nil : decimal(&r))
        var order = Order(id: text(&r), intake: intake)
        order.status = statuses[Int(r.next() % UInt64(statuses.count))]
        order.warehouse = maybe(&r)
        if r.next() % 2 == 0 { order.route = OrderRoute(carrier: text(&r), transport: text(&r), aircraft: maybe(&r)) }
        order.allocations = (0..<Int(r.next() % 3)).map { index in
            var allocation = OrderAllocation(
                lineIndex: index, sku: text(&r), lot: text(&r), location: text(&r), quantity: Int64(r.next() % 9_999),
                reservationID: text(&r), picked: -Int64(r.next() % 5))
            allocation.stagedAt = maybe(&r)
            allocation.staged = r.next() % 2 == 0 ? nil : Int64(r.next() % 50)
            return allocation
        }
        if r.next() % 2 == 0 {
            let codes: [BackOrderReason.Code] = [.noStock, .stockFrozen, .complianceHold, .destinationNotServed]
            order.backOrder = BackOrderReason(code: codes[Int(r.next() % 4)], sku: maybe(&r), message: text(&r))
        }
        order.holds = (0..<Int(r.next() % 3)).map { _ in
            OrderHold(code: text(&r), message: text(&r), rule: text(&r), source: text(&r))
        }
        if r.next() % 2 == 0 {
            order.assessment = OrderAssessment(
                decision: text(&r), regime: maybe(&r), documents: (0..<Int(r.next() % 3)).map { _ in text(&r) },
                dangerousGoods: (0..<Int(r.next() % 3)).map { _ in
                    OrderAssessment.DangerousGoods(
                        sku: text(&r), unNumber: maybe(&r), dgClass: maybe(&r), packingInstruction: maybe(&r),
                        section: maybe(&r), air: maybe(&r), labels: [text(&r), text(&r)],
                        properShippingName: maybe(&r), packingGroup: maybe(&r), subsidiaryHazard: maybe(&r))
                }, packSetHash: text(&r), date: text(&r), documentID: text(&r))
        }
        order.pickBatch = maybe(&r)
        if r.next() % 2 == 0 {
            order.parcel = Parcel(
                grossGrams: Int64(r.next() % 100_000), marks: [text(&r)], sscc: text(&r),
                documents: (0..<Int(r.next() % 3)).map { _ in
                    ShipmentDocument(kind: text(&r), id: text(&r), sha256: text(&r), bytes: Int(r.next() % 50_000))
                })
        }
        order.trackingNumber = maybe(&r)
        order.shippedAt = r.next() % 2 == 0 ? nil : date(&r)
        order.history = (0..<Int(r.next() % 4)).map { _ in
            OrderEvent(
                from: statuses[Int(r.next() % UInt64(statuses.count))],
                to: statuses[Int(r.next() % UInt64(statuses.count))], operation: text(&r), note: text(&r))
        }
        order.operations = (0..<Int(r.next() % 4)).map { _ in text(&r) }
        return order
    }

    @Test("orders: the hand-written text equals Foundation's and decodes to the same order", arguments: 0..<200)
    func orders(_ seed: UInt64) throws {
        let order = Self.order(seed)
        let text = try FlowCoding.encode(order)
        #expect(text == (try Self.foundation(order)))
        #expect(try Self.decoded(Order.self, text) == order)
    }

    @Test("an order taken from JSON is stored as Foundation would store it")
    func parsedOrder() throws {
        let intake = try OrderJSONParser.parse(
            """
            {"channel": "web", "channelOrderID": "A/1 \\"x\\"", "orderedAt": "2026-11-28T10:00:00Z",
             "currency": "EUR", "shipTo": {"name": "Zoë 王", "line1": "Hauptstr. 1", "city": "Berlin",
             "postalCode": "10115", "country": "DE"},
             "lines": [{"lineID": "1", "sku": "TS-01", "quantity": 2, "unitPrice": "19.90"}]}
            """)[0]
        let order = Order(id: intake.orderID, intake: intake)
        #expect(try FlowCoding.encode(order) == (try Self.foundation(order)))
    }

    @Test("pick sessions: the hand-written text equals Foundation's and decodes to the same session", arguments: 0..<50)
    func sessions(_ seed: UInt64) throws {
        var r = SplitMix(seed &+ 1_000)
        let states: [PickTask.State] = [.open, .done, .short, .cancelled]
        var session = PickSession(
            id: Self.text(&r), warehouse: Self.text(&r), wave: Self.text(&r), kind: Self.text(&r),
            routeMillimetres: Int64(r.next() % 1_000_000), routeMethod: Self.text(&r),
            tasks: (0..<Int(r.next() % 5)).map { index in
                PickTask(
                    orderID: Self.text(&r), allocationIndex: index, sku: Self.text(&r), location: Self.text(&r),
                    quantity: Int64(r.next() % 50), tote: Int(r.next() % 12))
            })
        for index in session.tasks.indices {
            session.tasks[index].lot = Self.text(&r)
            session.tasks[index].picked = Int64(r.next() % 3)
            session.tasks[index].state = states[Int(r.next() % 4)]
        }
        session.scannedLocation = Self.maybe(&r)
        session.packStation = Self.maybe(&r)
        session.counts = (0..<Int(r.next() % 3)).map { _ in Self.text(&r) }
        session.operations = (0..<Int(r.next() % 3)).map { _ in Self.text(&r) }
        let text = try FlowCoding.encode(session)
        #expect(text == (try Self.foundation(session)))
        #expect(try Self.decoded(PickSession.self, text) == session)
    }

    @Test("stored shipment documents (XML with slashes and quotes) equal Foundation's text and round trip")
    func shipmentDocuments() throws {
        var r = SplitMix(7)
        for _ in 0..<20 {
            let document = StoredShipmentDocument(
                order: Self.text(&r), kind: Self.text(&r), sha256: Self.text(&r),
                content: #"<?xml version="1.0"?><a href="http://x/y">\#(Self.text(&r))</a>"# + "\n\t")
            let text = try FlowCoding.encode(document)
            #expect(text == (try Self.foundation(document)))
            #expect(try Self.decoded(StoredShipmentDocument.self, text) == document)
        }
    }

    @Test("YYYY-MM-DDTHH:MM:SSZ read by hand gives what ISO8601DateFormatter gives")
    func fastDates() {
        let formatter = ISO8601DateFormatter()
        var r = SplitMix(11)
        for _ in 0..<500 {
            let date = Date(timeIntervalSince1970: Double(r.next() % 7_000_000_000) - 2_000_000_000)
            let text = formatter.string(from: date)
            #expect(OrderDates.utcSeconds(text) == formatter.date(from: text), "\(text)")
            #expect(OrderDates.utcSeconds(text) != nil, "\(text)")
        }
        for text in ["2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "2026-12-31T12:00:00Z", "1970-01-01T00:00:00Z"] {
            #expect(OrderDates.utcSeconds(text) == formatter.date(from: text), "\(text)")
        }
        // Anything else is left to the formatter: out-of-range fields, other forms, fractions, offsets.
        for text in [
            "2026-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T10:60:00Z",
            "2026-11-28 10:00:00Z", "2026-11-28T10:00:00+01:00", "2026-11-28T10:00:00.5Z", "２026-11-28T10:00:00Z",
            "2026-11-00T10:00:00Z", "abcd-11-28T10:00:00Z",
        ] {
            #expect(OrderDates.utcSeconds(text) == nil, "\(text)")
        }
        #expect(OrderDates.parse("2026-11-28T10:00:00.250Z") == Date(timeIntervalSince1970: 1_795_860_000.25))
    }

    @Test("an order date in another form is refused with the field path and the value")
    func badDate() {
        let text = IntakeTests.good.replacingOccurrences(of: "2026-11-28T10:00:00Z", with: "28.11.2026 10:00")
        do {
            _ = try OrderJSONParser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.field == "$.orderedAt")
            #expect(error.message.contains("ISO 8601"), "\(error.message)")
        }
    }

    @Test("content digests are lower-case hex SHA-256")
    func digest() {
        #expect(
            ContentDigest.sha256Hex(Data("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ContentDigest.sha256Hex(Data())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
