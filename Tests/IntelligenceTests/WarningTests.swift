import ComplianceEngine
import Foundation
import Intelligence
import Testing
import WMSCore

/// Known situations raise the right warning at the right level; the levels come from the policy pack.
struct WarningTests {
    func warnings(_ entries: [LedgerEntry], expiries: [String: [String: Day]] = [:], demand: Double = 1,
                  safety: Double = 10, packSet: PackSet = Fixtures.packSet) throws -> [StockWarning] {
        var builder = StockSnapshotBuilder(expiries: expiries)
        for entry in entries { builder.apply(entry) }
        let service = StockWarningService(policy: try Fixtures.policy(packSet))
        return builder.snapshot.flatMap { service.warnings(for: $0, dailyDemand: demand, safetyStock: safety) }
    }

    func levels(_ warnings: [StockWarning], _ code: String) -> [WarningLevel] {
        warnings.filter { $0.code == code }.map(\.level)
    }

    @Test func expiryBands() throws {
        let today = Fixtures.today
        let result = try warnings(
            [
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "SOON", quantity: 10, to: .available, daysAgo: 20),
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "MID", quantity: 10, to: .available, daysAgo: 20),
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "LATER", quantity: 10, to: .available, daysAgo: 20),
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "FAR", quantity: 10, to: .available, daysAgo: 20),
            ],
            expiries: ["PERFUME-100": [
                "SOON": today.adding(days: 25), "MID": today.adding(days: 45), "LATER": today.adding(days: 75),
                "FAR": today.adding(days: 400),
            ]])
        let expiry = result.filter { $0.check == .expiry }
        #expect(expiry.map(\.lot) == ["SOON", "MID", "LATER"])
        #expect(expiry.map(\.level) == [.critical, .warning, .info])
        #expect(expiry.first?.rule == "inventory-policy.expiry[within-30]")
    }

    @Test func shippingALaterLotBeforeAnEarlierOneIsAFEFOBreach() throws {
        let today = Fixtures.today
        let result = try warnings(
            [
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "EARLY", quantity: 10, to: .available, daysAgo: 30),
                Fixtures.entry(.receipt, sku: "PERFUME-100", lot: "LATE", quantity: 10, to: .available, daysAgo: 30),
                Fixtures.entry(.shipment, sku: "PERFUME-100", lot: "LATE", quantity: 2, from: .available, daysAgo: 5),
                Fixtures.entry(.shipment, sku: "PERFUME-100", lot: "EARLY", quantity: 2, from: .available, daysAgo: 4),
            ],
            expiries: ["PERFUME-100": ["EARLY": today.adding(days: 50), "LATE": today.adding(days: 500)]])
        let breaches = result.filter { $0.check == .fefoBreach }
        #expect(breaches.count == 1)
        #expect(breaches.first?.level == .critical)  // the skipped lot had 55 days left
        #expect(breaches.first?.lot == "LATE")
    }

    @Test func aSKUThatStoppedSellingIsSlowMovingAndAgeing() throws {
        var entries = [Fixtures.entry(.receipt, sku: "TSHIRT-BLK-M", quantity: 500, to: .available, daysAgo: 400)]
        for day in stride(from: 399, to: 200, by: -3) {
            entries.append(Fixtures.entry(.shipment, sku: "TSHIRT-BLK-M", quantity: 2, from: .available, daysAgo: Int32(day)))
        }
        var history = DemandHistory(LedgerDemandAdapter.events(from: entries))
        try history.add(DemandEvent(sku: "TSHIRT-BLK-M", warehouse: "DE-FRA1", day: Fixtures.today, shipped: 0))
        let series = history.series(from: Fixtures.today.adding(days: -364), until: Fixtures.today)
        let forecast = Forecaster().forecast(series[0])
        #expect(forecast.meanDemand < 0.1, "\(forecast.model)")
        let result = try warnings(entries, demand: forecast.meanDemand, safety: 1)
        #expect(levels(result, "NO-SALE-180") == [.critical])
        #expect(levels(result, "COVER-OVER-365") == [.critical])
        #expect(levels(result, "AGE-365-PLUS") == [.critical])
        #expect(!result.contains { $0.check == .safetyStock })
    }

    @Test func aSellingSKUWithModerateStockIsQuiet() throws {
        var entries = [Fixtures.entry(.receipt, sku: "TSHIRT-BLK-M", quantity: 300, to: .available, daysAgo: 40)]
        for day in stride(from: 39, through: 1, by: -1) {
            entries.append(Fixtures.entry(.shipment, sku: "TSHIRT-BLK-M", quantity: 5, from: .available, daysAgo: Int32(day)))
        }
        let result = try warnings(entries, demand: 5, safety: 40)
        #expect(result.isEmpty, "\(result.map(\.code))")
    }

    @Test func stockBelowSafetyStock() throws {
        let entries = [Fixtures.entry(.receipt, sku: "PB-20000", quantity: 8, to: .available, daysAgo: 3)]
        #expect(levels(try warnings(entries, demand: 4, safety: 20), "STOCK-BELOW-HALF-SAFETY") == [.critical])
        #expect(levels(try warnings(entries, demand: 4, safety: 10), "STOCK-BELOW-SAFETY") == [.warning])
        #expect(levels(try warnings(entries, demand: 4, safety: 7), "STOCK-NEAR-SAFETY") == [.info])
        #expect(try warnings(entries, demand: 4, safety: 5).isEmpty)
    }

    @Test func stockStuckInNonSellableBuckets() throws {
        let result = try warnings([
            Fixtures.entry(.receipt, sku: "PB-20000", quantity: 5, to: .frozen, daysAgo: 20, reason: "customs-inspection"),
            Fixtures.entry(.receipt, sku: "PHONE-X1", quantity: 3, to: .defective, daysAgo: 70),
            Fixtures.entry(.receipt, sku: "TSHIRT-BLK-M", quantity: 3, to: .available, daysAgo: 100),
            Fixtures.entry(.transfer, sku: "TSHIRT-BLK-M", quantity: 3, from: .available, to: .pendingDestruction, daysAgo: 10),
        ])
        #expect(levels(result, "FROZEN-TOO-LONG") == [.warning])
        #expect(levels(result, "DEFECTIVE-TOO-LONG") == [.critical])
        #expect(levels(result, "DESTRUCTION-OVERDUE").isEmpty)  // 10 days: within policy
    }

    @Test func thresholdsArePolicyNotCode() throws {
        // The same frozen stock under an edited policy (frozen > 14 days is critical) changes level.
        var files = try RuleFiles.read(directory: Fixtures.rulesDirectory)
        let index = try #require(files.firstIndex { $0.path.hasSuffix("inventory-policy/pack.rules") })
        let text = try String(contentsOfFile: files[index].path, encoding: .utf8)
        let edited = text
            .replacingOccurrences(of: "\"frozen\", > 14 => \"warning\"", with: "\"frozen\", > 14 => \"critical\"")
        files[index] = SourceFile(path: files[index].path, text: edited)
        let packSet = try #require(PackSet.compile(files).packSet)
        let entries = [Fixtures.entry(.receipt, sku: "PB-20000", quantity: 5, to: .frozen, daysAgo: 20)]
        #expect(levels(try warnings(entries), "FROZEN-TOO-LONG") == [.warning])
        #expect(levels(try warnings(entries, packSet: packSet), "FROZEN-TOO-LONG") == [.critical])
    }

    @Test func aPackSetWithoutThePolicyIsRefusedNamingTheTable() throws {
        let files = try RuleFiles.read(directory: Fixtures.rulesDirectory).filter { !$0.path.contains("inventory-policy") }
        let packSet = try #require(PackSet.compile(files).packSet)
        #expect(throws: IntelligenceError(.policyMissing, field: "", "")) { try InventoryPolicy(packSet: packSet, day: Fixtures.today) }
    }

    @Test func demandHistoryNetsReturnsAndFillsEmptyDays() throws {
        let entries = [
            Fixtures.entry(.shipment, sku: "A", quantity: 5, from: .available, daysAgo: 3),
            Fixtures.entry(.shipment, sku: "A", quantity: 4, from: .available, daysAgo: 3, reason: "transfer-out"),
            Fixtures.entry(.receipt, sku: "A", quantity: 2, to: .available, daysAgo: 3, reason: "return-restock"),
            Fixtures.entry(.shipment, sku: "A", quantity: 7, from: .available, daysAgo: 1),
        ]
        let history = DemandHistory(LedgerDemandAdapter.events(from: entries))
        let daily = history.series(from: Fixtures.today.adding(days: -5), until: Fixtures.today)
        #expect(daily.map(\.values) == [[0, 0, 3, 0, 7]])
        #expect(daily.first?.key.region == nil)
        #expect(daily.first?.lastSale == Fixtures.today.adding(days: -1))
        let weekly = history.series(granularity: .weekly, from: Fixtures.today.adding(days: -14), until: Fixtures.today)
        #expect(weekly.map(\.values) == [[0, 10]])
        var bad = DemandHistory()
        #expect(throws: (any Error).self) {
            try bad.add(DemandEvent(sku: "A", warehouse: "W", day: Fixtures.today, shipped: -1))
        }
    }
}
