/// A small warehouse network for `bonded demo`, `make run` and tests: a German overseas warehouse, a US one and
/// a Ningbo bonded-zone warehouse, with general goods, a power bank, a phone and perfume.
public enum DemoNetwork {
    public static let warehouses: [Warehouse] = [
        Warehouse(
            code: "DE-FRA1", name: "Frankfurt overseas warehouse", country: "DE", timeZone: "Europe/Berlin",
            currency: "EUR", languages: ["de", "en"]),
        Warehouse(
            code: "US-LAX1", name: "Los Angeles fulfilment centre", country: "US",
            timeZone: "America/Los_Angeles", currency: "USD", languages: ["en", "es"]),
        Warehouse(
            code: "CN-NGB1", name: "Ningbo bonded zone warehouse", country: "CN", timeZone: "Asia/Shanghai",
            currency: "CNY", languages: ["zh", "en"]),
    ]

    /// Every warehouse gets the same small layout: a dock, a pack station, general shelves in two aisles, a
    /// lithium cage, a flammables cabinet, quarantine and returns.
    public static func locations(of warehouse: String) -> [Location] {
        var result: [Location] = [
            Location(warehouse: warehouse, code: "DOCK-1", zone: "DOCK", zoneKind: .dock),
            Location(warehouse: warehouse, code: "PACK-1", zone: "PACK", zoneKind: .packing),
            Location(
                warehouse: warehouse, code: "LI-01", zone: "LI", zoneKind: .lithiumBatteries,
                aisle: "L", bay: "01", xMillimetres: 30_000, yMillimetres: 2_000),
            Location(
                warehouse: warehouse, code: "FL-01", zone: "FL", zoneKind: .flammables,
                aisle: "F", bay: "01", xMillimetres: 36_000, yMillimetres: 2_000),
            Location(warehouse: warehouse, code: "QA-01", zone: "QA", zoneKind: .quarantine),
            Location(warehouse: warehouse, code: "RET-01", zone: "RET", zoneKind: .returns),
        ]
        for aisle in ["A", "B"] {
            for bay in 1...3 {
                let code = "\(aisle)-0\(bay)-1"
                let x: Int64 = aisle == "A" ? 5_000 : 10_000
                result.append(
                    Location(
                        warehouse: warehouse, code: code, zone: "GEN", zoneKind: .general,
                        aisle: aisle, bay: "0\(bay)", level: "1", bin: "1",
                        xMillimetres: x, yMillimetres: Int64(bay) * 1_500))
            }
        }
        return result
    }

    public static let products: [Product] = {
        // GTINs carry real check digits; the values are made up.
        func gtin(_ digits: String) -> GTIN? { try? GTIN(digits) }
        return [
            Product(
                sku: "TSHIRT-BLK-M", gtin: gtin("4006381333931"), description: "Cotton T-shirt, black, M",
                hsCode: "610910", originCountry: "CN", netWeightGrams: 180, lengthMillimetres: 300,
                widthMillimetres: 250, heightMillimetres: 20),
            Product(
                sku: "PB-20000", gtin: gtin("6901234567892"), description: "Power bank 20,000 mAh 3.7 V (74 Wh)",
                hsCode: "850760", originCountry: "CN", netWeightGrams: 420, lengthMillimetres: 150,
                widthMillimetres: 75, heightMillimetres: 25, unNumber: "UN3480", hazardClass: "9",
                battery: BatteryAttributes(
                    chemistry: .lithiumIon, packing: .alone, milliwattHours: 74_000,
                    stateOfChargePercent: 30)),
            Product(
                sku: "PHONE-X1", gtin: gtin("6901234567793"), description: "Smartphone with built-in battery",
                hsCode: "851713", originCountry: "CN", netWeightGrams: 190, lengthMillimetres: 160,
                widthMillimetres: 80, heightMillimetres: 10, unNumber: "UN3481", hazardClass: "9",
                battery: BatteryAttributes(chemistry: .lithiumIon, packing: .inEquipment, milliwattHours: 18_500)),
            Product(
                sku: "PERFUME-100", gtin: gtin("3012345678902"), description: "Eau de parfum 100 mL",
                hsCode: "330300", originCountry: "FR", netWeightGrams: 300, lengthMillimetres: 60,
                widthMillimetres: 60, heightMillimetres: 140, unNumber: "UN1266", hazardClass: "3",
                lotTracked: true),
        ]
    }()

    public static let lots: [Lot] = [
        Lot(sku: "PERFUME-100", lot: "P2611A", expiry: "2029-10-31")
    ]

    /// The opening stock of each warehouse as receipts; client operation ids make seeding idempotent.
    public static func openingPostings() -> [Posting] {
        warehouses.map { warehouse in
            let code = warehouse.code
            return Posting(
                clientOperationID: "demo-opening-\(code)", warehouse: code, documentReference: "ASN-DEMO-\(code)",
                actor: "demo", device: "seed",
                movements: [
                    .receipt(
                        sku: "TSHIRT-BLK-M", quantity: 120, to: StockPosition(location: "A-01-1", bucket: .available)),
                    .receipt(
                        sku: "TSHIRT-BLK-M", quantity: 40, to: StockPosition(location: "B-02-1", bucket: .available)),
                    .receipt(sku: "PB-20000", quantity: 60, to: StockPosition(location: "LI-01", bucket: .available)),
                    .receipt(sku: "PHONE-X1", quantity: 25, to: StockPosition(location: "LI-01", bucket: .available)),
                    .receipt(
                        sku: "PERFUME-100", lot: "P2611A", quantity: 30,
                        to: StockPosition(location: "FL-01", bucket: .available)),
                    .receipt(
                        sku: "PB-20000", quantity: 5, to: StockPosition(location: "QA-01", bucket: .frozen),
                        reason: "customs-inspection"),
                    .receipt(
                        sku: "TSHIRT-BLK-M", quantity: 200, to: StockPosition(location: "", bucket: .inTransit),
                        reason: "first-mile"),
                ])
        }
    }

    /// Creates the demo network's master data and opening stock; running it twice changes nothing.
    public static func seed(into store: any Store) async throws {
        for warehouse in warehouses {
            try await store.save(warehouse)
            for location in locations(of: warehouse.code) { try await store.save(location) }
        }
        for product in products { try await store.save(product) }
        for lot in lots { try await store.save(lot) }
        for posting in openingPostings() { _ = try await store.post(posting) }
    }
}
