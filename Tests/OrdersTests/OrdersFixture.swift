import BondedTesting
import ComplianceEngine
import Documents
import Foundation
import Fulfilment
import WMSCore

/// Two warehouses (Frankfurt for Europe, New Jersey for North America) on a single-block layout of six aisles,
/// products of every kind the outbound flow meets (apparel, a product without an EU responsible person, power
/// banks, perfume with lots and expiry, tea with expiring lots, a product without an HS code), and helpers.
enum OrdersFixture {
    static let desk = "DESK"
    static let day = Day(parsing: "2026-11-28")!
    static let today = "2026-11-28"
    static let europe = "DE-FRA1"
    static let america = "US-NJ1"
    static let aisles = ["A", "B", "C", "D", "E", "F"]
    /// The returns desk location of each warehouse.
    static let returns = "RET-01"
    /// Picked units are moved here in the ledger and ship from here.
    static let packStation = "PACK-1"

    /// The document producer of the tests: warehouse sender addresses with a phone, the 24-hour dangerous-goods
    /// emergency contact, FDA data for the tea and the US port of entry (so every document the packs ask for can
    /// be made).
    static let producer = DocumentShipmentProducer(
        engine: engine,
        shippers: [
            europe: .init(
                name: "Bonded Frankfurt", street: "Cargo City Sued 1", city: "Frankfurt am Main", postcode: "60549",
                phone: "+49 69 1234 5678"),
            america: .init(
                name: "Bonded New Jersey", street: "1 Port Street", city: "Newark", postcode: "07114",
                phone: "+1 973 555 0100"),
        ],
        emergencyContact: .init(name: "Bonded DG desk (24 h)", phone: "+49 69 1234 5679"),
        foodProducts: [
            "TEA-01": .init(
                productCode: "31FAT03", manufacturer: "Uji Tea Works", street: "1 Chaen", city: "Uji", country: "JP",
                registration: "12345678901")
        ],
        entryPlans: ["US": .init(port: "4601", transitHours: 48)])

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let packSet: PackSet = {
        let result = RuleFiles.load(directory: packageRoot + "/Rules")
        guard let packSet = result.packSet else { fatalError("rules do not load: \(result.errors)") }
        return packSet
    }()

    static let engine: DocumentEngine = {
        do { return try DocumentEngine(resourceDirectory: packageRoot) } catch { fatalError(String(reflecting: error)) }
    }()

    static let network = FulfilmentNetwork(
        sites: [
            .init(warehouse: europe, country: "DE", serves: ["EU", "UK"]),
            .init(warehouse: america, country: "US", serves: ["US", "CA"]),
        ],
        costs: [
            .init(warehouse: europe, destination: "DE", amount: 450),
            .init(warehouse: europe, destination: "EU", amount: 900),
            .init(warehouse: europe, destination: "UK", amount: 1_400),
            .init(warehouse: america, destination: "US", amount: 600),
            .init(warehouse: america, destination: "CA", amount: 1_100),
        ])

    static let layout: WarehouseLayout = {
        do {
            return try WarehouseLayout(
                aisles: aisles.enumerated().map {
                    .init(name: $0.element, xMillimetres: Int64($0.offset) * 3_000 + 1_500)
                },
                crossAisleYMillimetres: [0, 13_000], depotXMillimetres: 0, bayPitchMillimetres: 1_200)
        } catch { fatalError("layout: \(error)") }
    }()

    static let cart = CartCapacity(
        volumeCubicCentimetres: 400_000, weightGrams: 150_000, totes: 12, toteVolumeCubicCentimetres: 40_000,
        sortSlots: 40)

    static func location(_ warehouse: String, _ aisle: String, _ bay: Int, zone: ZoneKind = .general) -> Location {
        let index = Int64(aisles.firstIndex(of: aisle) ?? 0)
        return Location(
            warehouse: warehouse, code: String(format: "%@-%02d", aisle, bay), zone: zone == .general ? "GEN" : "SPC",
            zoneKind: zone, aisle: aisle, bay: String(format: "%02d", bay), xMillimetres: index * 3_000 + 1_500,
            yMillimetres: Int64(bay) * 1_200)
    }

    static func gtin(_ n: Int) -> GTIN {
        let body = String(format: "400638%06d", n)
        guard let check = GS1.checkDigit(forPayload: body), let gtin = try? GTIN(body + String(check)) else {
            fatalError("bad GTIN body \(body)")
        }
        return gtin
    }

    static let shirts = (1...8).map { String(format: "TS-%02d", $0) }

    static func products() -> [Product] {
        var result: [Product] = []
        for (index, sku) in shirts.enumerated() {
            result.append(
                Product(
                    sku: sku, gtin: gtin(100 + index), description: "Cotton T-shirt \(index + 1)", hsCode: "610910",
                    originCountry: "CN", netWeightGrams: 200, lengthMillimetres: 300, widthMillimetres: 200,
                    heightMillimetres: 30, category: "clothing", manufacturerCountry: "CN",
                    euResponsiblePerson: "Acme EU GmbH, Berlin"))
        }
        result.append(
            Product(
                sku: "MUG-01", gtin: gtin(200), description: "Ceramic mug", hsCode: "691200", originCountry: "CN",
                netWeightGrams: 350, lengthMillimetres: 120, widthMillimetres: 90, heightMillimetres: 100,
                category: "general", manufacturerCountry: "CN"))
        result.append(
            Product(
                sku: "PB-01", gtin: gtin(300), description: "Power bank 10,000 mAh", hsCode: "850760",
                originCountry: "CN", netWeightGrams: 250, lengthMillimetres: 140, widthMillimetres: 70,
                heightMillimetres: 20, unNumber: "UN3480", hazardClass: "9",
                battery: BatteryAttributes(
                    chemistry: .lithiumIon, packing: .alone, milliwattHours: 37_000, stateOfChargePercent: 30),
                category: "electronics", manufacturerCountry: "CN", euResponsiblePerson: "Acme EU GmbH, Berlin"))
        result.append(
            Product(
                sku: "PF-01", gtin: gtin(400), description: "Eau de parfum 50 mL", hsCode: "330300",
                originCountry: "FR", netWeightGrams: 150, lengthMillimetres: 80, widthMillimetres: 50,
                heightMillimetres: 120, unNumber: "UN1266", hazardClass: "3", lotTracked: true, category: "perfume",
                manufacturerCountry: "FR"))
        result.append(
            Product(
                sku: "TEA-01", gtin: gtin(500), description: "Green tea 100 g", hsCode: "090210", originCountry: "JP",
                netWeightGrams: 100, lengthMillimetres: 100, widthMillimetres: 60, heightMillimetres: 60,
                lotTracked: true, category: "food", manufacturerCountry: "JP",
                euResponsiblePerson: "Tea Import GmbH, Hamburg"))
        result.append(
            Product(
                sku: "GIFT-01", gtin: gtin(600), description: "Gift box (no HS code yet)", originCountry: "DE",
                netWeightGrams: 300, lengthMillimetres: 200, widthMillimetres: 200, heightMillimetres: 100,
                category: "general", manufacturerCountry: "DE"))
        // Toys for the US: one with its CPSC children's product certificate, one without (held at the gate).
        for (index, certificate) in [toyCertificate, nil].enumerated() {
            result.append(
                Product(
                    sku: "TOY-0\(index + 1)", gtin: gtin(700 + index),
                    description: "Wooden stacking rings \(index + 1)",
                    hsCode: "950300", originCountry: "PT", netWeightGrams: 400, lengthMillimetres: 200,
                    widthMillimetres: 200, heightMillimetres: 150, category: "toys", manufacturerCountry: "PT",
                    euResponsiblePerson: "Bonded Toys EU Lda, Porto", certificate: certificate))
        }
        // Coffee (an EUDR commodity): one with its due-diligence statement reference, one without.
        let statement = DueDiligenceReference(referenceNumber: "26DEABCDEF1234", verificationNumber: "KX7P2M9Q")
        for (index, dds) in [statement, nil].enumerated() {
            result.append(
                Product(
                    sku: "COF-0\(index + 1)", gtin: gtin(800 + index), description: "Roasted coffee beans 1 kg",
                    hsCode: "090121", originCountry: "BR", netWeightGrams: 1000, lengthMillimetres: 250,
                    widthMillimetres: 120, heightMillimetres: 80, category: "coffee", manufacturerCountry: "DE",
                    euResponsiblePerson: "Bonded Roasters GmbH, Bremen", dueDiligence: dds))
        }
        return result
    }

    /// The CPSC children's product certificate of TOY-01.
    static let toyCertificate = ProductCertificate(
        kind: .childrens, citations: ["16 CFR 1250", "16 CFR 1501"],
        manufacturer: CertificateParty(
            name: "Madeira Brinquedos Lda", street: "Rua do Porto 8", city: "Braga", country: "PT",
            phone: "+351 253 000 001"),
        manufactured: "2026-09", manufacturedCity: "Braga", manufacturedCountry: "PT", tested: "2026-08",
        testedCity: "Porto", testedCountry: "PT",
        laboratory: CertificateParty(
            name: "Laboratorio Norte de Ensaios", street: "Av. da Ciencia 3", city: "Porto", country: "PT",
            email: "lab@lne.example", identifier: "1234"),
        certifier: CertificateParty(
            name: "Bonded Toys Import LLC", street: "10 Dock Street", city: "Newark", country: "US",
            phone: "+1 973 555 0100"),
        recordsKeeper: CertificateParty(
            name: "Mary Major", street: "10 Dock Street", city: "Newark", country: "US",
            email: "records@bonded.example"))

    /// Saves warehouses, locations and products; puts `stock` units per general location.
    static func setUp(_ store: any Store, unitsPerSKU: Int64 = 600) async throws {
        try await store.save(
            Warehouse(
                code: europe, name: "Frankfurt", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
                languages: ["de", "en"]))
        try await store.save(
            Warehouse(
                code: america, name: "New Jersey", country: "US", timeZone: "America/New_York", currency: "USD",
                languages: ["en"]))
        for warehouse in [europe, america] {
            for aisle in aisles {
                for bay in 1...10 { try await store.save(location(warehouse, aisle, bay)) }
            }
            try await store.save(
                Location(warehouse: warehouse, code: "QA-01", zone: "QA", zoneKind: .quarantine, aisle: "F", bay: "10"))
            try await store.save(Location(warehouse: warehouse, code: returns, zone: "RET", zoneKind: .returns))
            try await store.save(Location(warehouse: warehouse, code: packStation, zone: "PACK", zoneKind: .packing))
        }
        for product in products() { try await store.save(product) }
        for (lot, expiry) in [("T-OLD", "2026-11-01"), ("T-SOON", "2027-01-31"), ("T-LATE", "2027-12-31")] {
            try await store.save(Lot(sku: "TEA-01", lot: lot, expiry: expiry))
        }
        try await store.save(Lot(sku: "PF-01", lot: "P-2029", expiry: "2029-06-30"))
    }

    /// Receives `units` of every SKU into both warehouses, spread over the aisles (SKU i in aisle i mod 6).
    static func stock(_ store: any Store, units: Int64, overrides: [String: Int64] = [:]) async throws {
        for warehouse in [europe, america] {
            var movements: [Movement] = []
            for (index, product) in products().enumerated() {
                let aisle = aisles[index % aisles.count]
                let lot = product.sku == "PF-01" ? "P-2029" : product.sku == "TEA-01" ? "T-LATE" : ""
                for bay in [1 + index % 10, 1 + (index + 5) % 10] {
                    movements.append(
                        .receipt(
                            sku: product.sku, lot: lot, quantity: (overrides[product.sku] ?? units) / 2,
                            to: StockPosition(location: String(format: "%@-%02d", aisle, bay), bucket: .available)))
                }
            }
            _ = try await store.post(
                Posting(
                    clientOperationID: "stock-\(warehouse)", warehouse: warehouse, actor: "test", movements: movements))
        }
    }

    /// Receipts into Frankfurt: (SKU, lot, units, location, bucket).
    static func receive(_ store: any Store, _ id: String, _ lines: [(String, String, Int64, String, Bucket)])
        async throws
    {
        _ = try await store.post(
            Posting(
                clientOperationID: id, warehouse: europe, actor: "test",
                movements: lines.map {
                    .receipt(sku: $0.0, lot: $0.1, quantity: $0.2, to: StockPosition(location: $0.3, bucket: $0.4))
                }))
    }

    static func address(_ country: String, _ n: Int) -> PostalAddress {
        PostalAddress(
            name: "Customer \(n)", line1: "Street \(n)", city: "City", postalCode: "1\(n % 10_000)", country: country)
    }

    static func intake(
        _ id: String, channel: String = "web", country: String = "DE", service: String = "standard",
        lines: [(String, Int)], price: Decimal = Decimal(string: "19.90")!, minute: Int = 0, shipping: Decimal? = nil
    ) -> OrderIntake {
        OrderIntake(
            channel: channel, channelOrderID: id, marketplace: channel == "web" ? nil : "\(channel).de",
            orderedAt: Date(timeIntervalSince1970: 1_796_000_000 + Double(minute) * 60),
            currency: ["US", "CA"].contains(country) ? "USD" : country == "GB" ? "GBP" : "EUR",
            shippingService: service, shipTo: address(country, minute), marketplaceTaxID: nil,
            lines: lines.enumerated().map {
                OrderIntakeLine(lineID: "\($0.offset + 1)", sku: $0.element.0, quantity: $0.element.1, unitPrice: price)
            }, shippingCharge: shipping)
    }

    static func services(_ store: any Store, network: FulfilmentNetwork = network) -> (
        orders: OrderService, allocation: AllocationService, gate: ComplianceGate, waves: WaveService,
        picks: PickService, pack: PackService, returns: ReturnService
    ) {
        let orders = OrderService(store: store, desk: desk)
        return (
            orders, AllocationService(orders: orders, network: network, today: today),
            ComplianceGate(orders: orders, packSet: packSet, day: day, producer: producer),
            WaveService(orders: orders),
            PickService(orders: orders, today: today),
            PackService(orders: orders, producer: producer, day: today),
            ReturnService(
                store: store, orders: orders, packSet: packSet, clock: { Date(timeIntervalSince1970: 1_796_400_000) })
        )
    }
}
