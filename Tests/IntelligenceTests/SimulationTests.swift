import Intelligence
import Testing

/// 365 days on the demo network: forecast-driven replenishment + transfers against naive min/max.
struct SimulationTests {
    @Test func beatsMinMaxOnInventoryAtAHighFillRate() throws {
        let simulation = NetworkSimulation(packSet: Fixtures.packSet, seed: 2026)
        let ours = try simulation.run(.intelligence)
        let naive = try simulation.run(.minMax)
        let reduction = 1 - ours.averageInventory / naive.averageInventory
        print("simulation: ours fill \(ours.fillRate), avg inventory \(ours.averageInventory), \(ours.orders) orders, "
              + "\(ours.transfers) transfers, refused lanes \(ours.refusedLanes.sorted()); min/max fill \(naive.fillRate), "
              + "avg inventory \(naive.averageInventory), \(naive.orders) orders; inventory reduction \(reduction)")
        #expect(ours.demanded == naive.demanded)
        #expect(ours.fillRate >= 0.98)
        #expect(reduction >= 0.20)
    }
}
