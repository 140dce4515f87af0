import ComplianceEngine
import Foundation
import Intelligence
import Testing
import WMSCore

struct ReplenishmentTests {
    let terms = SupplierTerms(
        supplier: "SZ", mode: .ocean, minimumOrder: 100, casePack: 24, orderCycleDays: 28,
        unitCost: Decimal(string: "3.15")!, currency: "USD")

    @Test func ordersUpToTheLevelInWholeCasesAndAtLeastTheMOQ() throws {
        let planner = ReplenishmentPlanner(policy: try Fixtures.policy())
        let position = ReplenishmentPosition(
            sku: "TSHIRT-BLK-M", warehouse: "DE-FRA1", available: 300, reserved: 40, inTransit: 100, onOrder: 0,
            abcClass: "A")
        let plan = planner.plan(position, dailyDemand: 10, sigma: 3, terms: terms)
        // L = 37.5 days, R = 7: reorder point 445 + safety stock; z(98%) = 2.054.
        let safety = 2.0537 * ((37.5 + 7) * 9 + 100 * pow(15 / 12.0.squareRoot(), 2)).squareRoot()
        #expect(abs(Double(plan.safetyStock) - safety) <= 1)
        #expect(plan.position == 360)
        #expect(plan.reorderPoint == Int64((445 + safety).rounded(.up)))
        #expect(plan.orderUpTo == Int64((445 + 280 + safety).rounded(.up)))
        #expect(plan.quantity % 24 == 0 && plan.quantity >= plan.orderUpTo - 360 && plan.quantity < plan.orderUpTo - 360 + 24)
        #expect(plan.orderValue == Decimal(plan.quantity) * Decimal(string: "3.15")!)
        // Small need: raised to the MOQ, then to whole cases (100 → 120).
        let small = planner.plan(
            ReplenishmentPosition(sku: "X", warehouse: "W", available: 20, abcClass: "C"), dailyDemand: 0.5, sigma: 0.1,
            terms: terms)
        #expect(small.quantity == 120)
        #expect(small.reason.contains("MOQ"))
        // Above the reorder point: nothing; no demand: nothing.
        let high = planner.plan(ReplenishmentPosition(sku: "X", warehouse: "W", available: 5_000), dailyDemand: 10,
                                sigma: 3, terms: terms)
        #expect(high.quantity == 0)
        #expect(planner.plan(ReplenishmentPosition(sku: "X", warehouse: "W", available: 0), dailyDemand: 0, sigma: 0,
                             terms: terms).quantity == 0)
    }

    @Test func inTransitAndReservedStockCount() throws {
        let planner = ReplenishmentPlanner(policy: try Fixtures.policy())
        let base = ReplenishmentPosition(sku: "A", warehouse: "W", available: 200, reserved: 0)
        var reserved = base
        reserved.reserved = 150
        var arriving = base
        arriving.inTransit = 600
        #expect(planner.plan(base, dailyDemand: 8, sigma: 2, terms: terms).quantity
                < planner.plan(reserved, dailyDemand: 8, sigma: 2, terms: terms).quantity)
        #expect(planner.plan(arriving, dailyDemand: 8, sigma: 2, terms: terms).quantity == 0)
    }

    @Test func longerFirstMileMeansMoreSafetyStock() throws {
        let planner = ReplenishmentPlanner(policy: try Fixtures.policy())
        let stocks = FirstMileMode.allCases.map {
            planner.safetyStock(dailyDemand: 10, sigma: 3, terms: SupplierTerms(supplier: "S", mode: $0), abcClass: "B")
        }
        #expect(stocks == stocks.sorted(by: >))  // ocean, rail, air, road
    }

    @Test func exportsCSVJSONAndWebhookPayload() throws {
        let planner = ReplenishmentPlanner(policy: try Fixtures.policy())
        let plans = [
            planner.plan(ReplenishmentPosition(sku: "A,1", warehouse: "W", available: 0), dailyDemand: 5, sigma: 1, terms: terms),
            planner.plan(ReplenishmentPosition(sku: "B", warehouse: "W", available: 9_999), dailyDemand: 5, sigma: 1, terms: terms),
        ]
        let csv = ReplenishmentExport.csv(plans).split(separator: "\n")
        #expect(csv.count == 2)
        #expect(csv[0].hasPrefix("sku,warehouse,supplier,mode,lead_time_days"))
        #expect(csv[1].hasPrefix("\"A,1\",W,SZ,ocean,37.5,"))
        #expect(csv[1].contains(",\(ReplenishmentExport.csvMoney(plans[0].orderValue)),USD,"))
        #expect(ReplenishmentExport.csv(plans, all: true).split(separator: "\n").count == 3)
        let payload = ReplenishmentExport.webhookPayload(plans, runID: "run-1", generatedOn: "2026-11-28")
        #expect(payload.hasPrefix("{\"event\":\"replenishment.suggested\",\"id\":\"run-1\""))
        #expect(payload.contains("\"line_count\":1"))
        #expect(payload.contains("\"sku\":\"A,1\""))
    }

    @Test func badTermsNameTheField() {
        #expect(throws: IntelligenceError(.invalidInput, field: "", "")) {
            try SupplierTerms(supplier: "S", mode: .air, casePack: 0).validate()
        }
        do {
            try SupplierTerms(supplier: "S", mode: .air, minimumOrder: -1).validate()
        } catch let error as IntelligenceError {
            #expect(error.field == "supplier.minimumOrder")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
