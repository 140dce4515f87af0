import BondedTesting
import ComplianceEngine
import Foundation
import WMSCore

/// A warehouse laid out for flow tests: a dock, quarantine, general shelves, a lithium cage, a flammables row
/// with an oxidiser bay 3 m beside its first shelves, and products of every kind the E2E ASN carries.
enum FlowFixture {
    static let warehouse = "DE-HAM1"
    static let day = Day(parsing: "2026-11-28")!

    static let packSet: PackSet = {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Rules")
            .standardized.path
        let result = RuleFiles.load(directory: rules)
        guard let packSet = result.packSet else { fatalError("rules do not load: \(result.errors)") }
        return packSet
    }()

    static func locations() -> [Location] {
        var result = [
            Location(warehouse: warehouse, code: "DOCK-1", zone: "DOCK", zoneKind: .dock),
            Location(warehouse: warehouse, code: "DOCK-2", zone: "DOCK", zoneKind: .dock, xMillimetres: 2_000),
        ]
        for i in 1...3 {
            result.append(
                Location(
                    warehouse: warehouse, code: "QA-0\(i)", zone: "QA", zoneKind: .quarantine, xMillimetres: 0,
                    yMillimetres: 20_000 + Int64(i) * 1_500))
        }
        for i in 1...20 {
            result.append(
                Location(
                    warehouse: warehouse, code: String(format: "GEN-%02d", i), zone: "GEN", zoneKind: .general,
                    xMillimetres: 5_000, yMillimetres: Int64(i) * 1_500))
        }
        for i in 1...10 {
            result.append(
                Location(
                    warehouse: warehouse, code: String(format: "LI-%02d", i), zone: "LI", zoneKind: .lithiumBatteries,
                    xMillimetres: 30_000, yMillimetres: Int64(i) * 1_500))
            result.append(
                Location(
                    warehouse: warehouse, code: String(format: "FL-%02d", i), zone: "FL", zoneKind: .flammables,
                    xMillimetres: 50_000, yMillimetres: Int64(i) * 1_500))
        }
        for i in 1...3 {
            result.append(
                Location(
                    warehouse: warehouse, code: "OX-0\(i)", zone: "OX", zoneKind: .oxidisers, xMillimetres: 53_000,
                    yMillimetres: Int64(i) * 1_500))
        }
        return result
    }

    static let powerBanks = (1...5).map { "PB-0\($0)" }
    static let perfumes = (1...5).map { "PF-0\($0)" }
    static let aerosols = (1...3).map { "AE-0\($0)" }
    static let general = (1...20).map { String(format: "GN-%02d", $0) }

    static func products() -> [Product] {
        var result: [Product] = []
        for sku in powerBanks {
            result.append(
                Product(
                    sku: sku, description: "Power bank 10,000 mAh", hsCode: "850760", originCountry: "CN",
                    netWeightGrams: 250, unNumber: "UN3480", hazardClass: "9",
                    battery: BatteryAttributes(
                        chemistry: .lithiumIon, packing: .alone, milliwattHours: 37_000, stateOfChargePercent: 30)))
        }
        result.append(
            Product(
                sku: "PB-NOWH", description: "Power bank, rating unknown", hsCode: "850760", originCountry: "CN",
                unNumber: "UN3480", hazardClass: "9",
                battery: BatteryAttributes(chemistry: .lithiumIon, packing: .alone)))
        for sku in perfumes {
            result.append(
                Product(
                    sku: sku, description: "Eau de parfum 50 mL", hsCode: "330300", originCountry: "FR",
                    netWeightGrams: 150, unNumber: "UN1266", hazardClass: "3", lotTracked: true))
        }
        for sku in aerosols {
            result.append(
                Product(
                    sku: sku, description: "Deodorant spray 150 mL", hsCode: "330720", originCountry: "PL",
                    netWeightGrams: 150, unNumber: "UN1950", hazardClass: "2.1"))
        }
        for (index, sku) in general.enumerated() {
            result.append(
                Product(
                    sku: sku, description: "General goods \(index)", hsCode: index % 2 == 0 ? "610910" : "420292",
                    originCountry: "CN", netWeightGrams: 200))
        }
        result.append(
            Product(
                sku: "OXI-1", description: "Pool chlorine tablets", hsCode: "282810", originCountry: "DE",
                netWeightGrams: 1000, unNumber: "UN1479", hazardClass: "5.1"))
        return result
    }

    /// Saves the warehouse, its layout and products; puts 40 oxidiser units at OX-01.
    static func setUp(_ store: any Store) async throws {
        try await store.save(
            Warehouse(
                code: warehouse, name: "Hamburg", country: "DE", timeZone: "Europe/Berlin", currency: "EUR",
                languages: ["de", "en"]))
        try await store.save(
            Warehouse(
                code: "FR-PAR1", name: "Paris", country: "FR", timeZone: "Europe/Paris", currency: "EUR",
                languages: ["en"]))
        try await store.save(Location(warehouse: "FR-PAR1", code: "DOCK-1", zone: "DOCK", zoneKind: .dock))
        try await store.save(
            Warehouse(
                code: "US-NJ1", name: "New Jersey", country: "US", timeZone: "America/New_York", currency: "USD",
                languages: ["en"]))
        try await store.save(Location(warehouse: "US-NJ1", code: "DOCK-1", zone: "DOCK", zoneKind: .dock))
        for location in locations() { try await store.save(location) }
        for product in products() { try await store.save(product) }
        _ = try await store.post(
            Posting(
                clientOperationID: "seed-oxidiser", warehouse: warehouse, actor: "seed",
                movements: [
                    .receipt(sku: "OXI-1", quantity: 40, to: StockPosition(location: "OX-01", bucket: .available))
                ]))
    }

    static func classifier() -> DangerousGoodsClassifier {
        DangerousGoodsClassifier(packSet: packSet, country: "DE", day: day)
    }

    /// An ASN of `lines` lines over two containers: power banks, perfume (with lots), aerosols, general goods.
    static func asnCSV(lines: Int, seed: UInt64 = 7) -> String {
        var rng = SplitMix(seed)
        var text = "container,carton,sku,quantity,lot,expiry,hs_code,origin\n"
        for row in 0..<lines {
            let container = row < lines / 2 ? "MSCU1234567" : "MSCU7654321"
            let pick = Int(rng.next() % 10)
            let sku: String
            var lot = "", expiry = "", hs = "", origin = "CN"
            switch pick {
            case 0, 1: sku = powerBanks[Int(rng.next() % 5)]; hs = "850760"
            case 2, 3:
                sku = perfumes[Int(rng.next() % 5)]
                lot = "L\(sku.suffix(2))-\(rng.next() % 3)"
                expiry = "2029-0\(1 + rng.next() % 9)-15"
                hs = "330300"; origin = "FR"
            case 4: sku = aerosols[Int(rng.next() % 3)]; origin = "PL"
            default: sku = general[Int(rng.next() % 20)]
            }
            // One expiry per lot: derive it from the lot.
            if !lot.isEmpty { expiry = "2029-0\(1 + (lot.unicodeScalars.last!.value % 9))-15" }
            text += "\(container),CT-\(row / 10),\(sku),\(1 + rng.next() % 20),\(lot),\(expiry),\(hs),\(origin)\n"
        }
        return text
    }
}

/// A small deterministic generator (SplitMix64) so fixtures and simulations replay exactly.
struct SplitMix {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
