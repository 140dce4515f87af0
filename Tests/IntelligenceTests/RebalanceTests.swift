import ComplianceEngine
import Foundation
import Intelligence
import Testing
import WMSCore

struct RebalanceTests {
    static var products: [Product] {
        var charged = DemoNetwork.products.first { $0.sku == "PB-20000" }!
        charged.sku = "PB-CHARGED"
        charged.battery?.stateOfChargePercent = 50
        return DemoNetwork.products + [charged]
    }

    func planner(_ lanes: [TransferLane]) -> RebalancePlanner {
        RebalancePlanner(packSet: Fixtures.packSet, day: Fixtures.today, warehouses: DemoNetwork.warehouses,
                         products: Self.products, lanes: lanes)
    }

    let positions = [
        CoverPosition(warehouse: "DE-FRA1", availableToPromise: 900, dailyDemand: 5, replenishmentDays: 45, safetyStock: 40),
        CoverPosition(warehouse: "US-LAX1", availableToPromise: 20, dailyDemand: 12, replenishmentDays: 45, safetyStock: 60),
    ]

    @Test func movesExcessToTheWarehouseRunningOutAndSaysWhichDeclarationsItNeeds() {
        let lane = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "air", leadTimeDays: 6, costPerUnit: 1)
        let plan = planner([lane]).plan(sku: "TSHIRT-BLK-M", positions: positions, unitValue: 8)
        #expect(plan.rejected.isEmpty)
        let suggestion = try! #require(plan.suggestions.first)
        // Need: 12 × (6 + 14) + 60 − 20 = 280; donor excess 900 − (5 × 45 + 40) = 635.
        #expect(suggestion.quantity == 280)
        #expect(suggestion.crossBorder && suggestion.needsDeclaration)
        #expect(suggestion.documents.contains("commercial-invoice"))
        #expect(suggestion.coverAfter.to > suggestion.coverBefore.to)
        #expect(suggestion.coverAfter.from < suggestion.coverBefore.from)
        #expect(suggestion.cost == 280)
    }

    @Test func aTransferTheRulesForbidIsNeverSuggested() {
        let air = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "air", leadTimeDays: 6, costPerUnit: 1)
        let sea = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "sea", leadTimeDays: 20, costPerUnit: 2)
        let plan = planner([air, sea]).plan(sku: "PB-CHARGED", positions: positions, unitValue: 18)
        #expect(plan.rejected.map(\.hold) == ["DG-SOC-30"])
        #expect(plan.suggestions.allSatisfy { $0.transport == "sea" })
        #expect(plan.suggestions.count == 1)
    }

    @Test func slowOrExpensiveLanesAndSmallNeedsAreSkipped() {
        let slow = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "sea", leadTimeDays: 50, costPerUnit: 1)
        let dear = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "air", leadTimeDays: 6, costPerUnit: 5)
        #expect(planner([slow, dear]).plan(sku: "TSHIRT-BLK-M", positions: positions, unitValue: 8).suggestions.isEmpty)
        let balanced = [
            CoverPosition(warehouse: "DE-FRA1", availableToPromise: 300, dailyDemand: 5, replenishmentDays: 45),
            CoverPosition(warehouse: "US-LAX1", availableToPromise: 400, dailyDemand: 6, replenishmentDays: 45),
        ]
        let lane = TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "air", leadTimeDays: 6, costPerUnit: 1)
        #expect(planner([lane]).plan(sku: "TSHIRT-BLK-M", positions: balanced, unitValue: 8).suggestions.isEmpty)
    }
}
