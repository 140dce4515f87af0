import Testing
import WMSCore

@Suite struct RouteTests {
    /// Ratliff–Rosenthal is exact: equal to trying every order, on random single-block floors with 1–7 picks.
    @Test(arguments: 0..<16)
    func ratliffRosenthalEqualsBruteForce(batch: Int) throws {
        var maker = InstanceMaker(seed: 0xB0_0000 + UInt64(batch))
        for instance in 0..<25 {
            let layout = try maker.layout(aisles: maker.int(1...8), blocks: 1)
            let points = maker.points(maker.int(1...7), on: layout)
            let route = PickRouter(layout: layout).exactSingleBlock(points)
            let matrix = layout.distanceMatrix(points)
            let optimum = bruteForceLength(matrix)
            #expect(route.lengthMillimetres == optimum, "batch \(batch) instance \(instance): \(points)")
            // The visiting order walks exactly that length on the shortest-path matrix.
            let order = route.stops.map { points.firstIndex(of: $0)! + 1 }
            #expect(Set(route.stops) == Set(points))
            #expect(matrix.tourLength(order) == route.lengthMillimetres)
            #expect(route.lengthMillimetres <= PickRouter(layout: layout).sShape(points).lengthMillimetres)
        }
    }

    /// On larger single-block instances R–R is never beaten by the local search or by S-shape.
    @Test func ratliffRosenthalBeatsHeuristicsOnLargerInstances() throws {
        var maker = InstanceMaker(seed: 77)
        for _ in 0..<20 {
            let layout = try maker.layout(aisles: maker.int(10...30), blocks: 1)
            let points = maker.points(maker.int(10...40), on: layout)
            let router = PickRouter(layout: layout, kicks: 30)
            let exact = router.exactSingleBlock(points).lengthMillimetres
            #expect(exact <= router.localSearch(points).lengthMillimetres)
            #expect(exact <= router.sShape(points).lengthMillimetres)
        }
    }

    /// The local search on multi-block and one-way floors: never worse than S-shape, close to the optimum.
    @Test(arguments: [false, true])
    func localSearchNearOptimumOnMultiBlock(oneWay: Bool) throws {
        var maker = InstanceMaker(seed: oneWay ? 11 : 12)
        var ratioSum = 0.0
        let instances = 40
        for _ in 0..<instances {
            let layout = try maker.layout(aisles: maker.int(3...8), blocks: maker.int(2...4), oneWay: oneWay)
            let points = maker.points(maker.int(3...8), on: layout)
            let router = PickRouter(layout: layout)
            let heuristic = router.localSearch(points).lengthMillimetres
            let optimum = bruteForceLength(layout.distanceMatrix(points))
            #expect(heuristic >= optimum)
            #expect(heuristic <= router.sShape(points).lengthMillimetres)
            let ratio = Double(heuristic) / Double(optimum)
            #expect(ratio <= 1.05)
            ratioSum += ratio
            #expect(router.route(through: points).lengthMillimetres == optimum)  // Held–Karp when few stops
        }
        #expect(ratioSum / Double(instances) <= 1.02)
    }

    @Test func oneWayAislesAreRespected() throws {
        let layout = try WarehouseLayout(
            aisles: [
                .init(name: "A", xMillimetres: 0, direction: .towardBack),
                .init(name: "B", xMillimetres: 2000, direction: .towardFront),
            ],
            crossAisleYMillimetres: [0, 10000], depotXMillimetres: 0)
        let low = PickPoint(aisle: 0, yMillimetres: 2000)
        let high = PickPoint(aisle: 0, yMillimetres: 5000)
        #expect(layout.distance(from: low, to: high) == 3000)
        // Against the flow: up to the back, across, down B, across the front, up A.
        #expect(layout.distance(from: high, to: low) == 5000 + 2000 + 10000 + 2000 + 2000)
        let matrix = layout.distanceMatrix([low, high])
        #expect(matrix[1, 2] != matrix[2, 1])
        // The route goes with the flow: low before high.
        let route = PickRouter(layout: layout).route(through: [high, low])
        #expect(route.stops == [low, high])
        #expect(route.lengthMillimetres == 10000 + 2000 + 10000 + 2000)
        #expect(route.method == .heldKarp)
        // A floor you cannot leave is refused.
        #expect(throws: WMSError(.configuration, "")) {
            try WarehouseLayout(
                aisles: [.init(name: "A", xMillimetres: 0, direction: .towardBack)],
                crossAisleYMillimetres: [0, 10000], depotXMillimetres: 0)
        }
    }

    @Test func middleCrossAislesShortenDetours() throws {
        let layout = try WarehouseLayout(
            aisles: [.init(name: "A", xMillimetres: 0), .init(name: "B", xMillimetres: 3000)],
            crossAisleYMillimetres: [0, 10000, 20000], depotXMillimetres: 0)
        let a = PickPoint(aisle: 0, yMillimetres: 9000)
        let b = PickPoint(aisle: 1, yMillimetres: 11000)
        #expect(layout.distance(from: a, to: b) == 1000 + 3000 + 1000)
        #expect(layout.blockCount == 2)
        #expect(!layout.isSingleBlockTwoWay)
    }

    @Test func locationsMapToPickPoints() throws {
        let layout = try WarehouseLayout(
            aisles: [.init(name: "01", xMillimetres: 1000), .init(name: "02", xMillimetres: 4000)],
            crossAisleYMillimetres: [0, 30000], depotXMillimetres: 0)
        let named = Location(
            warehouse: "W", code: "02-03", zone: "Z", zoneKind: .general, aisle: "02", yMillimetres: 7000)
        #expect(layout.pickPoint(for: named) == PickPoint(aisle: 1, yMillimetres: 7000))
        let byCoordinates = Location(
            warehouse: "W", code: "X", zone: "Z", zoneKind: .general, xMillimetres: 1400, yMillimetres: 99000)
        #expect(layout.pickPoint(for: byCoordinates) == PickPoint(aisle: 0, yMillimetres: 30000))
        let bays = try WarehouseLayout(
            aisles: layout.aisles, crossAisleYMillimetres: [0, 30000], depotXMillimetres: 0, bayPitchMillimetres: 1200)
        let byBay = Location(warehouse: "W", code: "01-05", zone: "Z", zoneKind: .general, aisle: "01", bay: "05")
        #expect(bays.pickPoint(for: byBay) == PickPoint(aisle: 0, yMillimetres: 5400))
    }

    @Test func routesAreDeterministic() throws {
        var maker = InstanceMaker(seed: 5)
        let layout = try maker.layout(aisles: 20, blocks: 3, oneWay: true)
        let points = maker.points(30, on: layout)
        let first = PickRouter(layout: layout).route(through: points)
        let second = PickRouter(layout: layout).route(through: points.reversed())
        #expect(first == second)
        #expect(first.method == .localSearch)
        #expect(Set(first.stops) == Set(points))
    }
}
