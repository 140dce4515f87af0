import BondedTesting
import ComplianceEngine
import Documents
import Foundation
import Fulfilment
import Testing
import WMSCore

/// The parcel's document request built from typed values equals the one the producer used to write as JSON and
/// decode (`jsonRequest`, DocumentRequestReference.swift), field for field; bad decimals fail the same way; and the
/// documents of real orders are byte for byte those made from the JSON-path request.
@Suite("Document request built from typed values")
struct DocumentRequestParityTests {
    static let day = "2026-11-28"
    static let europe = Warehouse(
        code: OrdersFixture.europe, name: "Frankfurt", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
        languages: ["de", "en"])
    static let america = Warehouse(
        code: OrdersFixture.america, name: "New Jersey", country: "US", timeZone: "America/New_York",
        currency: "USD", languages: ["en"])
    /// A warehouse no producer has a shipper address for.
    static let elsewhere = Warehouse(
        code: "XX-9", name: "Elsewhere", country: "CN", timeZone: "UTC", currency: "CNY", languages: ["en"])

    /// The fixture products plus ones with no optional facts, an escaped and over-long description, a lithium-metal
    /// battery without an energy rating, a GCC without a laboratory, and food without a registration.
    static let products: [String: Product] = {
        var result = OrdersFixture.products()
        result.append(Product(sku: "BARE-01", description: "Plain item"))
        result.append(
            Product(
                sku: "LONG-01",
                description: "Quote \" backslash \\ newline \n tab \t bell \u{7} e\u{301}t\u{E9} 漢字 🧸 "
                    + String(repeating: "very long description ", count: 4),
                hsCode: "9503001000", originCountry: "CN", netWeightGrams: 1, category: "toys"))
        result.append(
            Product(
                sku: "LI-01", description: "Watch with lithium cell", hsCode: "910211", originCountry: "CH",
                netWeightGrams: 7, unNumber: "UN3091", hazardClass: "9",
                battery: BatteryAttributes(chemistry: .lithiumMetal, packing: .inEquipment, lithiumMilligrams: 1_500),
                category: "electronics"))
        let party = CertificateParty(
            name: "Acme Toys Inc.", street: "1 Main St", city: "Dover", postcode: "19901", country: "US",
            phone: "+1 302 555 0100", email: "cert@acme.example")
        result.append(
            Product(
                sku: "GCC-01", gtin: OrdersFixture.gtin(900), description: "Bicycle helmet", hsCode: "650610",
                originCountry: "US", netWeightGrams: 350, category: "toys",
                certificate: ProductCertificate(
                    kind: .general, citations: ["16 CFR 1203"], manufacturer: party, manufactured: "2026-01",
                    manufacturedCity: "Dover", manufacturedCountry: "US", tested: "2025-12", testedCity: "Dover",
                    testedCountry: "US", laboratory: nil, certifier: party, recordsKeeper: party)))
        result.append(
            Product(
                sku: "TEA-02", description: "Black tea 250 g", hsCode: "090240", originCountry: "IN",
                netWeightGrams: 250, category: "food"))
        return Dictionary(uniqueKeysWithValues: result.map { ($0.sku, $0) })
    }()

    /// The fixture producer, one with nothing configured, and one with an e-mail-only shipper, other food and entry
    /// plans.
    static let producers: [(name: String, producer: DocumentShipmentProducer)] = [
        ("fixture", OrdersFixture.producer),
        ("bare", DocumentShipmentProducer(engine: OrdersFixture.engine)),
        (
            "custom",
            DocumentShipmentProducer(
                engine: OrdersFixture.engine,
                shippers: [
                    OrdersFixture.europe: .init(
                        name: "Bonded FRA", street: "Tor 3", city: "Frankfurt", postcode: "60549",
                        email: "desk@bonded.example")
                ],
                emergencyContact: .init(name: "DG desk", phone: "+49 69 0"),
                foodProducts: [
                    "TEA-02": .init(
                        productCode: "31AAT01", manufacturer: "Assam Gardens", street: "NH 37", city: "Jorhat",
                        country: "IN")
                ],
                entryPlans: ["FR": .init(port: "FRCDG", transitHours: 30), "JP": .init(port: "JPNRT", transitHours: 0)])
        ),
    ]

    /// An assessment as the order stores it (regime, documents and dangerous-goods decisions).
    static func assessment(regime: String?, documents: [String], dangerousGoods: [[String: Any]]) throws
        -> OrderAssessment
    {
        var json: [String: Any] = [
            "decision": "release", "documents": documents, "dangerousGoods": dangerousGoods,
            "packSetHash": "0", "date": day, "documentID": "a-1",
        ]
        if let regime { json["regime"] = regime }
        return try JSONDecoder().decode(
            OrderAssessment.self, from: try JSONSerialization.data(withJSONObject: json))
    }

    static let assessments: [OrderAssessment?] = {
        let marks: [[String: Any]] = [
            [
                "sku": "PB-01", "unNumber": "UN3480", "dgClass": "9", "packingInstruction": "965", "section": "IB",
                "air": "cargo-only", "labels": ["lithium-battery", "class-9", "cargo-aircraft-only"],
                "properShippingName": "Lithium ion batteries", "packingGroup": "II", "subsidiaryHazard": "6.1",
            ],
            ["sku": "LI-01", "unNumber": "UN3091", "labels": [] as [String]],
            ["sku": "TS-01", "labels": [] as [String]],
            ["sku": "PF-01", "labels": ["flammable-liquid"], "dgClass": "3"],
        ]
        do {
            return [
                nil,
                try assessment(
                    regime: "EU-IOSS", documents: ["H7", "CN23", "shippers-declaration"], dangerousGoods: marks),
                try assessment(
                    regime: nil, documents: [], dangerousGoods: [["sku": "TS-01", "labels": [] as [String]]]),
            ]
        } catch { fatalError("assessment fixture: \(error)") }
    }()

    /// An order of `lines` (SKU, ordered, picked units split over two allocations).
    static func order(
        _ id: String, lines: [(String, Int, Int64)], country: String, currency: String, price: String,
        marketplace: Bool, line2: String?, shipping: String?, route: OrderRoute?, assessment: OrderAssessment?
    ) -> Order {
        let intake = OrderIntake(
            channel: marketplace ? "amazon" : "web", channelOrderID: id, marketplace: marketplace ? "amazon.fr" : nil,
            orderedAt: Date(timeIntervalSince1970: 1_796_000_000), currency: currency, shippingService: "express",
            shipTo: PostalAddress(
                name: "Customer \"\(id)\"", line1: "Street 1", line2: line2, city: "City", region: "Region",
                postalCode: "12345", country: country),
            marketplaceTaxID: marketplace ? "IM2500000001" : nil,
            lines: lines.enumerated().map {
                OrderIntakeLine(
                    lineID: "\($0.offset + 1)", sku: $0.element.0, quantity: $0.element.1,
                    unitPrice: price == "NaN" ? Decimal.nan : Decimal(string: price)!)
            },
            shippingCharge: shipping.flatMap { Decimal(string: $0) })
        var order = Order(id: intake.orderID + "-with-a-long-suffix", intake: intake)
        order.route = route
        order.assessment = assessment
        for (index, line) in lines.enumerated() {
            let first = line.2 / 2
            for (part, picked) in [first, line.2 - first].enumerated() {
                var allocation = OrderAllocation(
                    lineIndex: index, sku: line.0, lot: "", location: "A-0\(part + 1)", quantity: picked,
                    reservationID: "r-\(index)-\(part)")
                allocation.picked = picked
                order.allocations.append(allocation)
            }
        }
        return order
    }

    @Test("every product, route, destination, assessment and producer: the typed request equals the JSON one")
    func parity() throws {
        let routes: [OrderRoute?] = [
            nil, OrderRoute(carrier: "Road Co", transport: "road"),
            OrderRoute(carrier: "Air Co", transport: "air", aircraft: "passenger"),
            OrderRoute(carrier: "Air Co", transport: "air", aircraft: "cargo"),
        ]
        // Destination, currency, price, marketplace with IOSS, second address line, shipping charge, gross grams.
        let destinations: [(String, String, String, Bool, String?, String?, Int64)] = [
            ("FR", "EUR", "19.90", true, "Apt 4", "4.95", 1_234),
            ("US", "USD", "0.0001", false, nil, nil, 0),
            ("JP", "JPY", "12345678901234", false, "Bldg \\ 2", "0", 10_000_007),
        ]
        var compared = 0
        for (skuIndex, sku) in (Self.products.keys.sorted() + ["UNKNOWN-SKU"]).enumerated() {
            for (routeIndex, route) in routes.enumerated() {
                for (destIndex, dest) in destinations.enumerated() {
                    let variant = skuIndex + routeIndex + destIndex
                    // The product line, a line with nothing picked (skipped), and a power bank line; a partly
                    // picked product line on every other variant.
                    let order = Self.order(
                        "p\(skuIndex)-\(routeIndex)-\(destIndex)",
                        lines: [(sku, 3, variant % 2 == 0 ? 3 : 1), ("TS-01", 2, 0), ("PB-01", 1, 1)],
                        country: dest.0, currency: dest.1, price: dest.2, marketplace: dest.3, line2: dest.4,
                        shipping: dest.5, route: route, assessment: Self.assessments[variant % 3])
                    let warehouse = [Self.europe, Self.america, Self.elsewhere][variant % 3]
                    let shipment = ShipmentData(
                        order: order, warehouse: warehouse, products: Self.products, grossGrams: dest.6,
                        sscc: "376104250021234569", day: variant % 2 == 0 ? Self.day : "2026-12-31")
                    // Each product meets every producer on every route, once per destination.
                    let (name, producer) = Self.producers[(routeIndex + destIndex) % Self.producers.count]
                    let tracking = DocumentShipmentProducer.trackingNumber(
                        orderID: order.id, country: warehouse.country)
                    let typed = try producer.request(for: shipment, tracking: tracking)
                    let json = try producer.jsonRequest(for: shipment, tracking: tracking)
                    #expect(typed == json, "\(name) producer, order \(order.id)")
                    compared += 1
                }
            }
        }
        #expect(compared == (Self.products.count + 1) * routes.count * destinations.count)
    }

    @Test("the parity cases exercise what they claim to")
    func coverage() throws {
        let order = Self.order(
            "cover", lines: [("TEA-01", 1, 0), ("LONG-01", 1, 1), ("LI-01", 1, 1), ("GCC-01", 1, 1), ("COF-01", 1, 1)],
            country: "US", currency: "USD", price: "1", marketplace: true, line2: "x", shipping: nil,
            route: OrderRoute(carrier: "Air Co", transport: "air", aircraft: "cargo"),
            assessment: Self.assessments[1])
        let shipment = ShipmentData(
            order: order, warehouse: Self.europe, products: Self.products, grossGrams: 500, sscc: "1", day: Self.day)
        let request = try OrdersFixture.producer.request(for: shipment, tracking: "T")
        #expect(request.lines.map(\.sku) == ["LONG-01", "LI-01", "GCC-01", "COF-01"])
        #expect(request.lines[0].description?.count == 70)
        #expect(request.lines[1].battery?.lithiumG == Amount("1.5") && request.lines[1].battery?.wh == nil)
        #expect(request.lines[2].certificate?.laboratory == nil && request.lines[2].certificate?.type == "GCC")
        #expect(request.lines[3].dds?.reference == "26DEABCDEF1234")
        #expect(request.dangerousGoods?.map(\.unNumber) == ["UN3480", "UN3091", nil])
        #expect(request.seller.ioss == "IM2500000001" && request.aircraft == "cargo")
        #expect(request.customs?.port == "4601" && request.customs?.arrival == "2026-11-30T12:00")
        #expect(request.emergencyContact?.phone == "+49 69 1234 5679")
        let tea = try OrdersFixture.producer.request(
            for: ShipmentData(
                order: Self.order(
                    "tea", lines: [("TEA-01", 2, 2)], country: "US", currency: "USD", price: "3.5",
                    marketplace: false, line2: nil, shipping: "12", route: nil, assessment: nil),
                warehouse: Self.europe, products: Self.products, grossGrams: 300, sscc: "1", day: Self.day),
            tracking: "T")
        #expect(tea.lines.first?.fdaProductCode == "31FAT03" && tea.lines.first?.manufacturer?.number == "12345678901")
    }

    /// A shipment whose decimals are set per case.
    static func badShipment(
        price: String = "1.00", shipping: String? = nil, grossGrams: Int64 = 100, sku: String = "TS-01",
        products: [String: Product] = products
    ) -> ShipmentData {
        ShipmentData(
            order: order(
                "bad", lines: [("MUG-01", 1, 0), (sku, 100, 100)], country: "FR", currency: "EUR", price: price,
                marketplace: false, line2: nil, shipping: shipping, route: nil, assessment: assessments[1]),
            warehouse: europe, products: products, grossGrams: grossGrams, sscc: "1", day: day)
    }

    static let badCases: [(shipment: ShipmentData, path: String)] = {
        var heavy = products
        heavy["TS-01"]?.netWeightGrams = 1_000_000_000_000_000
        var battery = products
        battery["PB-01"]?.battery?.milliwattHours = 1_000_000_000_000_000_000
        return [
            (badShipment(price: "1.23456"), "$.lines[0].unit_price"),
            (badShipment(price: "1000000000000000"), "$.lines[0].unit_price"),
            (badShipment(price: "NaN"), "$.lines[0].unit_price"),
            (badShipment(price: "1.23456", shipping: "0.00001"), "$.shipping"),
            (badShipment(price: "1.23456", grossGrams: 1_000_000_000_000_000_000), "$.parcel.gross_kg"),
            (badShipment(products: heavy), "$.lines[0].net_kg"),
            (badShipment(sku: "PB-01", products: battery), "$.lines[0].battery.wh"),
        ]
    }()

    @Test("a decimal the request cannot hold fails as the JSON path failed: same field path, same message")
    func badDecimals() throws {
        for (shipment, path) in Self.badCases {
            let typed = #expect(throws: DocumentError.self) {
                try OrdersFixture.producer.request(for: shipment, tracking: "T")
            }
            let json = #expect(throws: DocumentError.self) {
                try OrdersFixture.producer.jsonRequest(for: shipment, tracking: "T")
            }
            #expect(typed?.code == .invalidRequest && json?.code == .invalidRequest)
            #expect(typed?.issues.map(\.path) == [path], "\(String(describing: typed))")
            #expect(typed?.issues == json?.issues, "\(path)")
            #expect(typed?.issues.first?.message.hasPrefix("expected a decimal with at most 4 decimals, got") == true)
        }
    }

    @Test("released orders get byte for byte the documents the JSON-path request gave")
    func documentsUnchanged() async throws {
        try await withTestStore(.sqlite) { test in
            let network = FulfilmentNetwork(
                sites: [
                    .init(warehouse: OrdersFixture.europe, country: "DE", serves: ["EU", "UK", "US"]),
                    .init(warehouse: OrdersFixture.america, country: "US", serves: ["CA", "IT"]),
                ],
                // Italy from New Jersey: an import into the EU (H7).
                costs: [
                    .init(warehouse: OrdersFixture.europe, destination: "IT", amount: 9_000),
                    .init(warehouse: OrdersFixture.america, destination: "IT", amount: 100),
                ])
            try await OrdersFixture.setUp(test.store)
            try await OrdersFixture.stock(test.store, units: 40)
            let s = OrdersFixture.services(test.store, network: network)
            var intakes = [
                OrdersFixture.intake("pb", country: "FR", lines: [("PB-01", 2), ("TS-01", 1)]),
                OrdersFixture.intake("pb-ca", country: "CA", lines: [("PB-01", 1), ("TS-01", 1)]),
                OrdersFixture.intake("tea", country: "US", lines: [("TEA-01", 3)], shipping: Decimal(string: "12")),
                OrdersFixture.intake("toy", country: "US", lines: [("TOY-01", 2), ("TS-01", 1)]),
                OrdersFixture.intake("cof", country: "FR", lines: [("COF-01", 2), ("TS-01", 1)]),
                OrdersFixture.intake("uk", country: "GB", lines: [("TS-01", 3)], price: Decimal(string: "59.00")!),
            ]
            // A marketplace order into the EU from outside it, VAT collected under IOSS.
            var marketplace = OrdersFixture.intake("mp", channel: "amazon", country: "IT", lines: [("TS-02", 2)])
            marketplace.marketplaceTaxID = "IM2760000001"
            intakes.append(marketplace)
            for intake in intakes { _ = try await s.orders.take(intake) }
            _ = try await s.allocation.allocate(operationID: "alloc")
            let gate = ComplianceGate(
                orders: s.orders, packSet: OrdersFixture.packSet, day: Day(parsing: "2027-01-04")!,
                producer: OrdersFixture.producer)
            let report = try await gate.release(operationID: "gate")
            #expect(report.held.isEmpty, "\(report.held)")
            #expect(Set(report.released) == Set(intakes.map(\.orderID)))
            let products = Dictionary(uniqueKeysWithValues: OrdersFixture.products().map { ($0.sku, $0) })
            var kinds: Set<String> = []
            for id in report.released {
                var order = try #require(try await s.orders.order(id: id))
                for index in order.allocations.indices {
                    order.allocations[index].picked = order.allocations[index].quantity
                }
                let code = try #require(order.warehouse)
                let warehouse = try #require(try await test.store.warehouse(code))
                let shipment = ShipmentData(
                    order: order, warehouse: warehouse, products: products, grossGrams: 1_150,
                    sscc: "376104250021234569", day: OrdersFixture.today)
                let producer = OrdersFixture.producer
                let produced = try producer.documents(for: shipment)
                let tracking = DocumentShipmentProducer.trackingNumber(orderID: id, country: warehouse.country)
                let reference = try producer.jsonRequest(for: shipment, tracking: tracking)
                #expect(try producer.request(for: shipment, tracking: tracking) == reference)
                var expected = try OrdersFixture.engine.requiredDocuments(for: reference).map {
                    ($0.kind.rawValue, Data($0.xml.utf8))
                }
                if !expected.contains(where: { $0.0 == DocumentKind.label.rawValue }) {
                    expected.append(("label", Data(try OrdersFixture.engine.xml(.label, for: reference).utf8)))
                }
                #expect(produced.trackingNumber == tracking)
                #expect(produced.documents.map(\.kind) == expected.map(\.0), "\(id)")
                #expect(produced.documents.map(\.content) == expected.map(\.1), "\(id)")
                kinds.formUnion(produced.documents.map(\.kind))
            }
            for kind in ["label", "dg-declaration", "fda-prior-notice", "cpsc-certificate", "eudr-dds", "h7"] {
                #expect(kinds.contains(kind), "no order made a \(kind): \(kinds.sorted())")
            }
        }
    }
}
