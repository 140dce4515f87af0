import Foundation
import Testing
import WMSCore

@Suite struct WaveTests {
    static let cart = CartCapacity(
        volumeCubicCentimetres: 240_000, weightGrams: 60_000, totes: 8, toteVolumeCubicCentimetres: 36_000,
        sortSlots: 40)

    static func orders(_ count: Int, seed: UInt64) -> [ReleasedOrder] {
        var maker = InstanceMaker(seed: seed)
        let carriers = ["DHL", "UPS", "YunExpress"]
        let channels = ["amazon", "shopee", "temu", "web"]
        let regions = ["EU-DE", "EU-FR", "US-W", "US-E", "UK"]
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        return (0..<count).map { index in
            let lineCount = maker.int(0...9) < 7 ? 1 : maker.int(2...6)
            let lines = (0..<lineCount).map { _ in
                let aisle = maker.int(0...39)
                let y = Int64(maker.int(0...30000))
                return ReleasedOrderLine(
                    sku: "SKU\(maker.int(1...5000))",
                    quantity: lineCount == 1 && maker.int(0...4) > 0 ? 1 : maker.int(1...3),
                    locationCode: "L\(aisle)-\(y)", point: PickPoint(aisle: aisle, yMillimetres: y),
                    unitVolumeCubicCentimetres: Int64(maker.int(100...9000)),
                    unitWeightGrams: Int64(maker.int(50...4000)))
            }
            return ReleasedOrder(
                id: "O\(index)", carrier: carriers[maker.int(0...2)], channel: channels[maker.int(0...3)],
                destinationRegion: regions[maker.int(0...4)],
                cutOff: base.addingTimeInterval(Double(maker.int(0...3)) * 3600), lines: lines)
        }
    }

    @Test func wavesRespectGroupingAndCapacity() {
        let orders = Self.orders(2000, seed: 42)
        let byID = Dictionary(uniqueKeysWithValues: orders.map { ($0.id, $0) })
        let plan = WavePlanner(cart: Self.cart).plan(orders)
        var seen = Set<String>()
        for wave in plan.waves {
            for batch in wave.batches {
                #expect(batch.volumeCubicCentimetres <= Self.cart.volumeCubicCentimetres)
                #expect(batch.weightGrams <= Self.cart.weightGrams)
                #expect(batch.totes <= Self.cart.totes && batch.totes >= 1)
                let members = batch.orderIDs.map { byID[$0]! }
                #expect(batch.volumeCubicCentimetres == members.reduce(0) { $0 + $1.volumeCubicCentimetres })
                #expect(batch.weightGrams == members.reduce(0) { $0 + $1.weightGrams })
                for order in members {
                    #expect(seen.insert(order.id).inserted)
                    #expect(order.carrier == wave.key.carrier && order.channel == wave.key.channel)
                    #expect(order.destinationRegion == wave.key.destinationRegion && order.cutOff == wave.key.cutOff)
                    #expect(order.isSingleItem == (batch.kind == .pickAndSort))
                }
                if batch.kind == .pickAndSort {
                    #expect(batch.orderIDs.count <= Self.cart.sortSlots)
                } else {
                    let totes = members.reduce(0) { $0 + Self.cart.totes(for: $1.volumeCubicCentimetres) }
                    #expect(totes == batch.totes)
                }
                #expect(batch.lines.count == members.reduce(0) { $0 + $1.lines.count })
            }
        }
        let rejected = Set(plan.rejected.map(\.orderID))
        #expect(seen.count + rejected.count == orders.count)
        #expect(seen.isDisjoint(with: rejected))
        for rejection in plan.rejected {
            let order = byID[rejection.orderID]!
            #expect(
                order.volumeCubicCentimetres > Self.cart.volumeCubicCentimetres
                    || order.weightGrams > Self.cart.weightGrams
                    || Self.cart.totes(for: order.volumeCubicCentimetres) > Self.cart.totes)
        }
        // Earliest cut-off first.
        #expect(plan.waves.map(\.key.cutOff) == plan.waves.map(\.key.cutOff).sorted())
        #expect(Set(plan.waves.map(\.key)).count == plan.waves.count)
        #expect(plan.waves.contains { $0.batches.contains { $0.kind == .pickAndSort && $0.orderIDs.count > 1 } })
    }

    @Test func oversizeAndDuplicateOrdersAreRejectedWithReason() {
        var orders = Self.orders(3, seed: 1)
        orders[0].lines = [
            ReleasedOrderLine(
                sku: "BIG", quantity: 1, locationCode: "L", point: PickPoint(aisle: 0, yMillimetres: 0),
                unitVolumeCubicCentimetres: 1_000_000, unitWeightGrams: 1)
        ]
        orders[2].id = orders[1].id
        let plan = WavePlanner(cart: Self.cart).plan(orders)
        #expect(plan.waves.isEmpty)
        #expect(
            plan.rejected.map(\.reason).contains(
                .exceedsCart(volumeCubicCentimetres: 1_000_000, weightGrams: 1, totes: 28)))
        #expect(plan.rejected.filter { $0.reason == .duplicateOrderID }.count == 2)
    }

    /// 10,000 orders: the same waves every time and whatever the input order, in well under a second (release).
    @Test func planningTenThousandOrdersIsDeterministic() {
        let orders = Self.orders(10_000, seed: 2026)
        let planner = WavePlanner(cart: Self.cart)
        let clock = ContinuousClock()
        var first: WavePlan?
        let elapsed = clock.measure { first = planner.plan(orders) }
        var maker = InstanceMaker(seed: 9)
        var shuffled = orders
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, maker.int(0...index)) }
        #expect(planner.plan(orders) == first)
        #expect(planner.plan(shuffled) == first)
        #expect(elapsed < .seconds(5))  // debug build; the benchmark measures release
    }

    @Test func pickListFollowsTheRoute() throws {
        var maker = InstanceMaker(seed: 3)
        let layout = try maker.layout(aisles: 40, blocks: 1)
        let plan = WavePlanner(cart: Self.cart).plan(Self.orders(300, seed: 8))
        let router = PickRouter(layout: layout)
        for batch in plan.waves.flatMap(\.batches).prefix(20) {
            let list = router.pickList(for: batch)
            #expect(list.lines.count == batch.lines.count)
            let rank = Dictionary(uniqueKeysWithValues: list.route.stops.enumerated().map { ($0.element, $0.offset) })
            let ranks = list.lines.map { rank[$0.point]! }
            #expect(ranks == ranks.sorted())
            #expect(Set(list.route.stops) == Set(batch.points))
        }
    }
}
