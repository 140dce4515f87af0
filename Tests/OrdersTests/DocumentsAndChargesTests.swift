import BondedTesting
import ComplianceEngine
import Documents
import Foundation
import Fulfilment
import Testing
import WMSCore

@Suite("Dangerous goods, FDA prior notice, import declarations and shipping charges through the outbound flow")
struct DocumentsAndChargesTests {
    /// Takes, allocates, gates, picks, packs and ships `intakes`; returns the gate report and the shipped orders.
    static func run(
        _ store: any Store, _ intakes: [OrderIntake], network: FulfilmentNetwork = OrdersFixture.network
    ) async throws -> (gate: ComplianceGate.Report, shipped: [String: Order]) {
        try await OrdersFixture.setUp(store)
        try await OrdersFixture.stock(store, units: 40)
        let s = OrdersFixture.services(store, network: network)
        for intake in intakes { _ = try await s.orders.take(intake) }
        let allocation = try await s.allocation.allocate(operationID: "alloc")
        #expect(allocation.backOrdered.isEmpty)
        let gate = try await s.gate.release(operationID: "gate")
        _ = try await OrdersFixture.pickAll(s, planID: "P")
        var shipped: [String: Order] = [:]
        for order in try await s.orders.orders(status: .picked) {
            let (scans, net, marks) = OrdersFixture.parcel(order)
            _ = try await s.pack.pack(
                order.id, scans: scans, grossGrams: net + 150, marks: marks, operationID: "pack-\(order.id)")
            shipped[order.id] = try await s.pack.ship(order.id, operationID: "ship-\(order.id)", actor: "dock")
        }
        return (gate, shipped)
    }

    @Test(
        "packing saves the documents with the order; a document an earlier attempt saved is kept",
        arguments: TestBackend.allCases)
    func packSavesTogether(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.stock(store, units: 40)
            let s = OrdersFixture.services(store)
            for id in ["t1", "t2"] {
                _ = try await s.orders.take(OrdersFixture.intake(id, country: "DE", lines: [("TS-01", 1)]))
            }
            _ = try await s.allocation.allocate(operationID: "alloc")
            _ = try await s.gate.release(operationID: "gate")
            _ = try await OrdersFixture.pickAll(s, planID: "P")
            let picked = try await s.orders.orders(status: .picked)
            #expect(picked.map(\.id) == ["web-t1", "web-t2"])
            // An earlier attempt at packing web-t2 saved its label and stopped before the order.
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: s.orders.desk, kind: PackService.documentKind, id: "web-t2-label", status: "label",
                    data: #"{"earlier":true}"#))
            for order in picked {
                let (scans, net, marks) = OrdersFixture.parcel(order)
                let packed = try await s.pack.pack(
                    order.id, scans: scans, grossGrams: net + 150, marks: marks, operationID: "pack-\(order.id)")
                #expect(packed.status == .packed)
                let kinds = try #require(packed.parcel?.documents.map(\.kind))
                #expect(kinds.contains("label"), "\(kinds)")
                for reference in packed.parcel?.documents ?? [] {
                    let stored = try await store.document(
                        warehouse: s.orders.desk, kind: PackService.documentKind, id: reference.id)
                    #expect(stored != nil, "\(reference.id) saved")
                }
            }
            // web-t1 went in one transaction; web-t2 step by step, keeping the label already there.
            let label = try await store.document(
                warehouse: s.orders.desk, kind: PackService.documentKind, id: "web-t2-label")
            #expect(label?.data == #"{"earlier":true}"# && label?.version == 1)
            let first = try #require(try await s.pack.document("web-t1-label"))
            #expect(first.order == "web-t1" && !first.content.isEmpty)
            // A replayed pack changes nothing.
            let (scans, net, marks) = OrdersFixture.parcel(picked[0])
            let again = try await s.pack.pack(
                "web-t1", scans: scans, grossGrams: net + 150, marks: marks, operationID: "pack-web-t1")
            #expect(again.status == .packed && again.operations.filter { $0 == "pack-web-t1" }.count == 1)
        }
    }

    @Test(
        "shipping posts and saves the shipped order in one transaction; after a lost race or an earlier posting, step by step",
        arguments: TestBackend.allCases)
    func shipSavesTogether(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let service = try #require(store as? any ServiceStore)
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.stock(store, units: 40)
            let s = OrdersFixture.services(store)
            for id in ["t1", "t2", "t3"] {
                _ = try await s.orders.take(OrdersFixture.intake(id, country: "DE", lines: [("TS-01", 1)]))
            }
            _ = try await s.allocation.allocate(operationID: "alloc")
            _ = try await s.gate.release(operationID: "gate")
            _ = try await OrdersFixture.pickAll(s, planID: "P")
            for order in try await s.orders.orders(status: .picked) {
                let (scans, net, marks) = OrdersFixture.parcel(order)
                _ = try await s.pack.pack(
                    order.id, scans: scans, grossGrams: net + 150, marks: marks, operationID: "pack-\(order.id)")
            }
            let warehouse = OrdersFixture.europe
            func total() async throws -> Int64 {
                try await store.balances(warehouse: warehouse, sku: "TS-01").reduce(0) { $0 + $1.quantity }
            }
            let before = try await total()
            // web-t2: an earlier attempt posted the shipment and stopped before the order was saved.
            let packed2 = try #require(try await s.orders.order(id: "web-t2"))
            _ = try await store.post(PackService.shipmentPosting(packed2, warehouse: warehouse, actor: "dock"))
            #expect(try await total() == before - 1)

            var calls: [String: [(status: OrderStatus, documents: Int)]] = [:]
            for id in ["web-t1", "web-t2", "web-t3"] {
                let shipped = try await s.pack.ship(id, operationID: "ship-\(id)", actor: "dock") {
                    posting, order, documents in
                    calls[id, default: []].append((order.status, documents.count))
                    // web-t3: another writer saves the order between the read and the shipment's transaction.
                    if id == "web-t3" && calls[id]?.count == 1 {
                        let stored = try #require(
                            try await store.document(warehouse: OrdersFixture.desk, kind: "order", id: id))
                        _ = try await store.saveDocument(stored)
                    }
                    return try await service.post(posting, queueing: [], saving: documents).saved
                }
                #expect(shipped.status == .shipped && shipped.shippedAt != nil)
                #expect(shipped.operations.filter { $0 == "ship-\(id)" }.count == 1)
                let stored = try #require(try await s.orders.order(id: id))
                #expect(stored.status == .shipped)
            }
            // One go: the shipped order passed with its document. Replay (web-t2) and a lost race (web-t3): the
            // posting again with the packed order and no documents, then the order saved on its own.
            #expect(calls["web-t1"]?.map(\.status) == [.shipped] && calls["web-t1"]?.map(\.documents) == [1])
            #expect(calls["web-t2"]?.map(\.status) == [.shipped, .packed])
            #expect(calls["web-t2"]?.map(\.documents) == [1, 0])
            #expect(calls["web-t3"]?.map(\.status) == [.shipped, .packed])
            #expect(calls["web-t3"]?.map(\.documents) == [1, 0])
            // Each order left exactly once; the conflicting attempt posted nothing.
            #expect(try await total() == before - 3)
            let verified = try await LedgerVerifier(store: store).verify(warehouse: warehouse)
            #expect(verified.isValid, "\(verified)")
            // A replayed ship operation writes nothing.
            let again = try await s.pack.ship("web-t1", operationID: "ship-web-t1", actor: "dock") { _, _, _ in
                Issue.record("a replayed ship posted")
                return nil
            }
            #expect(again.status == .shipped)
        }
    }

    /// The stored XML of the order's document of `kind`.
    static func xml(_ store: any Store, _ order: Order?, _ kind: DocumentKind) async throws -> String {
        let reference = try #require(order?.parcel?.documents.first { $0.kind == kind.rawValue })
        let s = OrdersFixture.services(store)
        let stored = try #require(try await s.pack.document(reference.id))
        #expect(ContentDigest.sha256Hex(Data(stored.content.utf8)) == reference.sha256)
        try OrdersFixture.engine.validate(xml: stored.content, as: kind)
        return stored.content
    }

    @Test(
        "power banks ship by road and cargo aircraft with their shipper's declaration; by passenger air they stay held",
        arguments: TestBackend.allCases)
    func powerBanks(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let (gate, shipped) = try await Self.run(
                test.store,
                [
                    OrdersFixture.intake("pb-road", country: "FR", lines: [("PB-01", 2)]),
                    OrdersFixture.intake("pb-air", country: "FR", service: "express", lines: [("PB-01", 1)]),
                    OrdersFixture.intake("pb-cargo", country: "CA", lines: [("PB-01", 1), ("TS-01", 1)]),
                ])
            #expect(Set(gate.released) == ["web-pb-road", "web-pb-cargo"])
            #expect(gate.held["web-pb-air"]?.map(\.code) == ["DG-CARGO-AIRCRAFT-ONLY"])
            #expect(Set(shipped.keys) == ["web-pb-road", "web-pb-cargo"])

            let road = try await Self.xml(test.store, shipped["web-pb-road"], .dgDeclaration)
            for fragment in [
                "<TransportMode>road</TransportMode>", "<Regulations>ADR</Regulations>", "<UNNumber>UN3480</UNNumber>",
                "<ProperShippingName>Lithium ion batteries</ProperShippingName>", "<Class>9</Class>",
                "<Articles>2</Articles>", "<NetQuantity unit=\"kg\">0.5</NetQuantity>",
                "<Phone>+49 69 1234 5679</Phone>", "<TransportDocument>",
            ] {
                #expect(road.contains(fragment), "road declaration lacks \(fragment)")
            }
            #expect(!road.contains("AircraftLimitation"))
            let cargo = try await Self.xml(test.store, shipped["web-pb-cargo"], .dgDeclaration)
            for fragment in [
                "<Regulations>IATA-DGR</Regulations>", "<AircraftLimitation>CARGO AIRCRAFT ONLY</AircraftLimitation>",
                "<PackingInstruction>965</PackingInstruction>", "<Section>IB</Section>", "<AirWaybill>",
                "<StateOfChargePercent>30</StateOfChargePercent>",
            ] {
                #expect(cargo.contains(fragment), "air declaration lacks \(fragment)")
            }
            // Only the battery is dangerous: the T-shirt of the same parcel is not declared.
            #expect(cargo.components(separatedBy: "<Item>").count == 2)
            let s = OrdersFixture.services(test.store)
            #expect(try await s.orders.order(id: "web-pb-air")?.status == .held)
            await #expect(throws: FlowError.self) {
                _ = try await s.pack.pack("web-pb-air", scans: [], grossGrams: 400, operationID: "pack-air")
            }
            // The printed form carries the declaration's content.
            let request = try OrdersFixture.producer.request(
                for: ShipmentData(
                    order: try #require(shipped["web-pb-cargo"]),
                    warehouse: try #require(try await test.store.warehouse(OrdersFixture.america)),
                    products: Dictionary(uniqueKeysWithValues: OrdersFixture.products().map { ($0.sku, $0) }),
                    grossGrams: 600, sscc: "376104250021234569", day: OrdersFixture.today),
                tracking: "RR123456785GB")
            let svg = String(
                decoding: try OrdersFixture.engine.output(.dgDeclaration, for: request, format: .svg), as: UTF8.self)
            #expect(svg.contains("SHIPPER'S DECLARATION FOR DANGEROUS GOODS") && svg.contains("CARGO AIRCRAFT ONLY"))
        }
    }

    @Test("without a 24-hour emergency contact the gate holds a power bank instead of failing at the bench")
    func noEmergencyContact() async throws {
        try await withTestStore(.sqlite) { test in
            try await OrdersFixture.setUp(test.store)
            try await OrdersFixture.stock(test.store, units: 10)
            let s = OrdersFixture.services(test.store)
            _ = try await s.orders.take(OrdersFixture.intake("pb", country: "FR", lines: [("PB-01", 1)]))
            _ = try await s.allocation.allocate(operationID: "alloc")
            let gate = ComplianceGate(
                orders: s.orders, packSet: OrdersFixture.packSet, day: OrdersFixture.day,
                producer: DocumentShipmentProducer(engine: OrdersFixture.engine))
            let report = try await gate.release(operationID: "gate")
            let hold = try #require(report.held["web-pb"]?.first)
            #expect(hold.code == "DOCUMENT-UNAVAILABLE" && hold.message.contains("shippers-declaration"))
        }
    }

    @Test(
        "food to the US ships with its FDA prior notice; above GBP 135 a UK parcel ships with an import declaration",
        arguments: TestBackend.allCases)
    func priorNoticeAndImportDeclaration(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            // Frankfurt also serves the US here (by cargo aircraft).
            let network = FulfilmentNetwork(
                sites: [.init(warehouse: OrdersFixture.europe, country: "DE", serves: ["EU", "UK", "US"])],
                costs: [])
            let (gate, shipped) = try await Self.run(
                test.store,
                [
                    OrdersFixture.intake(
                        "tea", country: "US", lines: [("TEA-01", 3)], price: Decimal(string: "12.50")!,
                        shipping: Decimal(string: "12.00")),
                    OrdersFixture.intake(
                        "uk", country: "GB", lines: [("TS-01", 3)], price: Decimal(string: "59.00")!,
                        shipping: Decimal(string: "9.90")),
                ], network: network)
            #expect(gate.held.isEmpty, "\(gate.held)")
            let tea = try #require(shipped["web-tea"])
            #expect(tea.assessment?.documents.contains("FDA-prior-notice") == true)
            let notice = try await Self.xml(test.store, tea, .fdaPriorNotice)
            for fragment in [
                "<ProductCode>31FAT03</ProductCode>", "<CountryOfProduction>JP</CountryOfProduction>",
                "<PortOfEntry>4601</PortOfEntry>", "<Date>2026-11-30</Date>", "<Time>12:00</Time>",
                "<Earliest>2026-11-25T12:00Z</Earliest>", "<Latest>2026-11-30T08:00Z</Latest>",
                "<RegistrationNumber>12345678901</RegistrationNumber>", "<Mode>air</Mode>",
            ] {
                #expect(notice.contains(fragment), "prior notice lacks \(fragment)")
            }
            let uk = try #require(shipped["web-uk"])
            #expect(uk.assessment?.regime == "UK-IMPORT")
            let declaration = try await Self.xml(test.store, uk, .importDeclaration)
            // The UK values imports CIF: the delivery charged is part of the customs value.
            for fragment in [
                "<InvoiceAmount currency=\"GBP\">177.00</InvoiceAmount>",
                "<TransportCosts currency=\"GBP\">9.90</TransportCosts>", "<ValuationBasis>CIF</ValuationBasis>",
                "<CustomsValue currency=\"GBP\">186.90</CustomsValue>", "<TransportMode>3</TransportMode>",
            ] {
                #expect(declaration.contains(fragment), "import declaration lacks \(fragment)")
            }
            let invoice = try await Self.xml(test.store, uk, .invoice)
            #expect(invoice.contains("<Shipping>9.90</Shipping>"))
        }
    }

    /// A gate on a warehouse outside the EU/UK (the rules look at dispatch and destination only).
    static func assess(_ store: any Store, from country: String, _ intake: OrderIntake) -> Assessment? {
        let s = OrdersFixture.services(store)
        let warehouse = Warehouse(
            code: "XX-1", name: "Elsewhere", country: country, timeZone: "UTC", currency: "USD", languages: ["en"])
        let products = Dictionary(uniqueKeysWithValues: OrdersFixture.products().map { ($0.sku, $0) })
        var order = Order(id: intake.orderID, intake: intake)
        order.warehouse = warehouse.code
        return s.gate.assess(order, warehouse: warehouse, products: products).assessment
    }

    @Test("the shipping charge stays out of the EUR 150 / GBP 135 tests and goes into the VAT base")
    func shippingCharge() async throws {
        try await withTestStore(.sqlite) { test in
            func intake(_ country: String, price: String, shipping: String?) -> OrderIntake {
                var result = OrdersFixture.intake(
                    "c-\(country)-\(price)-\(shipping ?? "none")", country: country, lines: [("TS-01", 1)],
                    price: Decimal(string: price)!, shipping: shipping.flatMap { Decimal(string: $0) })
                result.marketplaceTaxID = country == "GB" ? nil : "IM2760000001"
                return result
            }
            // DOMAIN worked example 2: EUR 145 goods + EUR 10 delivery: IOSS allowed, VAT 19% on 155.
            let ioss = try #require(
                Self.assess(test.store, from: "US", intake("DE", price: "145.00", shipping: "10.00")))
            #expect(ioss.regime == "EU-IOSS")
            #expect(ioss.vat.formatted(places: 2) == "29.45")
            let bare = try #require(Self.assess(test.store, from: "US", intake("DE", price: "145.00", shipping: nil)))
            #expect(bare.vat.formatted(places: 2) == "27.55")
            // EUR 160 goods + EUR 10 delivery: no IOSS, a standard declaration.
            let h1 = try #require(Self.assess(test.store, from: "US", intake("DE", price: "160.00", shipping: "10.00")))
            #expect(h1.regime == "EU-H1")
            // UK: EUR 59 goods + EUR 150 delivery stays under GBP 135 (the delivery is not part of the test) and
            // VAT 20% is charged at sale on 209.
            let uk = try #require(Self.assess(test.store, from: "US", intake("GB", price: "59.00", shipping: "150.00")))
            #expect(uk.regime == "UK-SALE-VAT")
            #expect(uk.vat.formatted(places: 2) == "41.80")
        }
    }
}
