import Foundation
import WMSCore

/// Random layouts and pick sets for property tests; everything derives from a seed.
struct InstanceMaker {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func layout(aisles: Int, blocks: Int, oneWay: Bool = false) throws -> WarehouseLayout {
        var x: Int64 = Int64(int(0...2000))
        var list: [WarehouseLayout.Aisle] = []
        for index in 0..<aisles {
            var direction = WarehouseLayout.Aisle.Direction.twoWay
            if oneWay { direction = [.twoWay, .towardBack, .towardFront][int(0...2)] }
            list.append(.init(name: "A\(index)", xMillimetres: x, direction: direction))
            x += Int64(int(2000...4000))
        }
        if oneWay {
            // Keep the floor strongly connected: the outer aisles stay two-way.
            list[0].direction = .twoWay
            list[aisles - 1].direction = .twoWay
        }
        var ys: [Int64] = [0]
        for _ in 0..<blocks { ys.append(ys.last! + Int64(int(5000...15000))) }
        let depot: Int64
        switch int(0...2) {
        case 0: depot = list[int(0...(aisles - 1))].xMillimetres
        case 1: depot = Int64(int(0...Int(x)))
        default: depot = 0
        }
        return try WarehouseLayout(aisles: list, crossAisleYMillimetres: ys, depotXMillimetres: depot)
    }

    mutating func points(_ count: Int, on layout: WarehouseLayout) -> [PickPoint] {
        var result = Set<PickPoint>()
        while result.count < count {
            let aisle = int(0...(layout.aisles.count - 1))
            var y = Int64(int(Int(layout.frontYMillimetres)...Int(layout.backYMillimetres)))
            if int(0...9) == 0 { y = layout.crossAisleYMillimetres[int(0...(layout.crossAisleYMillimetres.count - 1))] }
            result.insert(PickPoint(aisle: aisle, yMillimetres: y))
        }
        return result.sorted()
    }
}

/// Shortest tour by trying every order of the points (index 0 of the matrix is the depot).
func bruteForceLength(_ matrix: DistanceMatrix) -> Int64 {
    var order = Array(1..<matrix.count)
    var best = Int64.max
    func permute(_ k: Int) {
        if k == order.count {
            best = min(best, matrix.tourLength(order))
            return
        }
        for i in k..<order.count {
            order.swapAt(k, i)
            permute(k + 1)
            order.swapAt(k, i)
        }
    }
    permute(0)
    return best
}
