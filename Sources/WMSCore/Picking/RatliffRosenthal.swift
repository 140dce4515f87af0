/// Exact shortest pick tour for a single-block layout with two-way aisles, after Ratliff and Rosenthal (1983).
///
/// The tour is built column by column (aisles, plus the depot's position when it is between aisles) as a
/// sub-graph of the aisle graph. Between columns only the class of the partial sub-graph matters: the degree
/// parity of the column's front and back corner (none, odd, even) and whether they are connected; a component
/// that leaves the frontier is only allowed when it is the whole tour. A dynamic programme over these classes
/// picks, for every aisle, one of a few ways to cover its picks and, between aisles, 0–2 copies of the front and
/// back cross-aisle edges. An Euler circuit of the cheapest sub-graph gives the visiting order.
enum RatliffRosenthal {
    private struct Column {
        var x: Int64
        var traversable: Bool
        /// Picks sorted by y; `point` is an index into the caller's points, or -1 for the depot.
        var picks: [(y: Int64, point: Int)]
    }

    /// How one column's picks are covered.
    private enum Cover: Equatable {
        case none, once, twice, frontOnly, backOnly
        /// Picks `0..<split` reached from the front, `split...` from the back.
        case gap(split: Int)
    }

    private struct PartialClass: Equatable {
        /// Degree class of the front corner: 0 none, 1 odd, 2 even and positive.
        var front: Int
        var back: Int
        /// Both corners in the same component (only when both have edges).
        var together: Bool
        /// A finished tour lies behind; nothing more may be added.
        var closed: Bool

        var code: Int { front + 3 * back + 9 * (together ? 1 : 0) + 18 * (closed ? 1 : 0) }
        static let count = 36
        static let empty = PartialClass(front: 0, back: 0, together: false, closed: false)

        init(front: Int, back: Int, together: Bool, closed: Bool) {
            self.front = front
            self.back = back
            self.together = together
            self.closed = closed
        }

        init(code: Int) {
            front = code % 3
            back = code / 3 % 3
            together = code / 9 % 2 == 1
            closed = code / 18 == 1
        }

        private var labels: (Int?, Int?) {
            (front > 0 ? 0 : nil, back > 0 ? (front > 0 && together ? 0 : 1) : nil)
        }

        private static func added(_ degree: Int, _ extra: Int) -> Int {
            if extra == 0 { return degree }
            if degree == 0 { return extra % 2 == 1 ? 1 : 2 }
            return (degree == 1) == (extra % 2 == 1) ? 2 : 1
        }

        func covering(front extraFront: Int, back extraBack: Int, connects: Bool) -> PartialClass? {
            if closed { return extraFront == 0 && extraBack == 0 ? self : nil }
            var (frontLabel, backLabel) = labels
            if extraFront > 0, frontLabel == nil { frontLabel = 2 }
            if extraBack > 0, backLabel == nil { backLabel = 3 }
            if connects, let label = frontLabel, backLabel != nil { backLabel = label }
            return PartialClass(
                front: Self.added(front, extraFront), back: Self.added(back, extraBack),
                together: frontLabel != nil && frontLabel == backLabel, closed: false)
        }

        func crossing(front copiesFront: Int, back copiesBack: Int) -> PartialClass? {
            if closed { return copiesFront == 0 && copiesBack == 0 ? self : nil }
            // The corners left behind keep their degree for good: it must be even.
            guard (front == 1 ? 1 : 0) + copiesFront % 2 != 1, (back == 1 ? 1 : 0) + copiesBack % 2 != 1 else {
                return nil
            }
            let (frontLabel, backLabel) = labels
            let newFront = copiesFront > 0 ? (frontLabel ?? 2) : nil
            let newBack = copiesBack > 0 ? (backLabel ?? 3) : nil
            let old = Set([frontLabel, backLabel].compactMap { $0 })
            let carried = Set([newFront, newBack].compactMap { $0 })
            var closesNow = false
            if !old.subtracting(carried).isEmpty {
                guard old.count == 1, carried.isEmpty else { return nil }
                closesNow = true
            }
            return PartialClass(
                front: copiesFront, back: copiesBack, together: newFront != nil && newFront == newBack,
                closed: closesNow)
        }
    }

    /// Visiting order (indices into `points`) and length of a shortest tour from the depot through all points.
    static func solve(layout: WarehouseLayout, points: [PickPoint]) -> (order: [Int], length: Int64) {
        precondition(layout.isSingleBlockTwoWay, "Ratliff–Rosenthal needs a single block of two-way aisles")
        if points.isEmpty { return ([], 0) }
        let front = layout.frontYMillimetres
        let back = layout.backYMillimetres
        let aisleLength = back - front

        var columns = layout.aisles.map { Column(x: $0.xMillimetres, traversable: true, picks: []) }
        for (index, point) in points.enumerated() {
            columns[point.aisle].picks.append((min(max(point.yMillimetres, front), back), index))
        }
        if let aisle = columns.firstIndex(where: { $0.x == layout.depotXMillimetres }) {
            columns[aisle].picks.append((front, -1))
        } else {
            columns.append(Column(x: layout.depotXMillimetres, traversable: false, picks: [(front, -1)]))
            columns.sort { $0.x < $1.x }
        }
        let used = columns.indices.filter { !columns[$0].picks.isEmpty }
        columns = Array(columns[used.first!...used.last!])
        for index in columns.indices { columns[index].picks.sort { ($0.y, $0.point) < ($1.y, $1.point) } }

        func covers(_ column: Column) -> [(cover: Cover, front: Int, back: Int, connects: Bool, cost: Int64)] {
            let ys = column.picks.map(\.y)
            var result: [(Cover, Int, Int, Bool, Int64)] = []
            if ys.isEmpty { result.append((.none, 0, 0, false, 0)) }
            if column.traversable {
                result.append((.once, 1, 1, true, aisleLength))
                result.append((.twice, 2, 2, true, 2 * aisleLength))
            }
            if let last = ys.last { result.append((.frontOnly, 2, 0, false, 2 * (last - front))) }
            if column.traversable, let first = ys.first {
                result.append((.backOnly, 0, 2, false, 2 * (back - first)))
                if ys.count >= 2 {
                    let best = (1..<ys.count).min {
                        2 * (ys[$0 - 1] - front) + 2 * (back - ys[$0]) < 2 * (ys[$1 - 1] - front) + 2 * (back - ys[$1])
                    }!
                    result.append((.gap(split: best), 2, 2, false, 2 * (ys[best - 1] - front) + 2 * (back - ys[best])))
                }
            }
            return result
        }

        let infinity = Int64.max
        let classes = PartialClass.count
        // after[c][k]: cheapest partial tour covering columns 0...c, ending in class k.
        var after = Array(repeating: Array(repeating: infinity, count: classes), count: columns.count)
        var coverChoice = Array(
            repeating: Array(repeating: (from: -1, cover: Cover.none), count: classes), count: columns.count)
        var crossChoice = Array(
            repeating: Array(repeating: (from: -1, front: 0, back: 0), count: classes), count: columns.count)
        var before = Array(repeating: infinity, count: classes)
        before[PartialClass.empty.code] = 0
        for c in columns.indices {
            if c > 0 {
                before = Array(repeating: infinity, count: classes)
                let width = columns[c].x - columns[c - 1].x
                for code in 0..<classes where after[c - 1][code] != infinity {
                    let state = PartialClass(code: code)
                    for copiesFront in 0...2 {
                        for copiesBack in 0...2 {
                            guard let next = state.crossing(front: copiesFront, back: copiesBack) else { continue }
                            let cost = after[c - 1][code] + Int64(copiesFront + copiesBack) * width
                            if cost < before[next.code] {
                                before[next.code] = cost
                                crossChoice[c][next.code] = (code, copiesFront, copiesBack)
                            }
                        }
                    }
                }
            }
            let options = covers(columns[c])
            for code in 0..<classes where before[code] != infinity {
                let state = PartialClass(code: code)
                for option in options {
                    guard let next = state.covering(front: option.front, back: option.back, connects: option.connects)
                    else { continue }
                    let cost = before[code] + option.cost
                    if cost < after[c][next.code] {
                        after[c][next.code] = cost
                        coverChoice[c][next.code] = (code, option.cover)
                    }
                }
            }
        }
        // The last column must close the tour.
        var bestCode = -1
        var bestLength = infinity
        for code in 0..<classes where after[columns.count - 1][code] != infinity {
            guard let final = PartialClass(code: code).crossing(front: 0, back: 0), final.closed else { continue }
            if after[columns.count - 1][code] < bestLength {
                bestLength = after[columns.count - 1][code]
                bestCode = code
            }
        }
        precondition(bestCode >= 0, "a single-block layout always has a tour")

        // Rebuild the edge multiset, then walk it.
        var pickNode: [[Int]] = []
        var nodeCount = 2 * columns.count
        var pointOfNode = Array(repeating: -2, count: nodeCount)
        for column in columns {
            pickNode.append(Array(nodeCount..<(nodeCount + column.picks.count)))
            pointOfNode += column.picks.map(\.point)
            nodeCount += column.picks.count
        }
        var edges: [(Int, Int)] = []
        func addPath(_ path: [Int], copies: Int) {
            for index in path.indices.dropFirst() {
                for _ in 0..<copies { edges.append((path[index - 1], path[index])) }
            }
        }
        var code = bestCode
        for c in columns.indices.reversed() {
            let choice = coverChoice[c][code]
            let frontNode = 2 * c
            let backNode = 2 * c + 1
            let picks = pickNode[c]
            switch choice.cover {
            case .none: break
            case .once: addPath([frontNode] + picks + [backNode], copies: 1)
            case .twice: addPath([frontNode] + picks + [backNode], copies: 2)
            case .frontOnly: addPath([frontNode] + picks, copies: 2)
            case .backOnly: addPath(picks + [backNode], copies: 2)
            case .gap(let split):
                addPath([frontNode] + picks[..<split], copies: 2)
                addPath(picks[split...] + [backNode], copies: 2)
            }
            code = choice.from
            if c > 0 {
                let cross = crossChoice[c][code]
                for _ in 0..<cross.front { edges.append((2 * (c - 1), frontNode)) }
                for _ in 0..<cross.back { edges.append((2 * (c - 1) + 1, backNode)) }
                code = cross.from
            }
        }
        let depotNode = pointOfNode.firstIndex(of: -1)!
        let circuit = eulerCircuit(nodeCount: nodeCount, edges: edges, start: depotNode)
        var seen = Array(repeating: false, count: points.count)
        var order: [Int] = []
        for node in circuit {
            let point = pointOfNode[node]
            if point >= 0, !seen[point] {
                seen[point] = true
                order.append(point)
            }
        }
        return (order, bestLength)
    }

    /// Hierholzer's algorithm on an undirected multigraph whose edges form one connected even-degree component.
    private static func eulerCircuit(nodeCount: Int, edges: [(Int, Int)], start: Int) -> [Int] {
        var incident = Array(repeating: [Int](), count: nodeCount)
        for (index, edge) in edges.enumerated() {
            incident[edge.0].append(index)
            incident[edge.1].append(index)
        }
        var used = Array(repeating: false, count: edges.count)
        var cursor = Array(repeating: 0, count: nodeCount)
        var stack = [start]
        var circuit: [Int] = []
        while let node = stack.last {
            while cursor[node] < incident[node].count, used[incident[node][cursor[node]]] { cursor[node] += 1 }
            if cursor[node] == incident[node].count {
                circuit.append(stack.removeLast())
            } else {
                let edge = incident[node][cursor[node]]
                used[edge] = true
                stack.append(edges[edge].0 == node ? edges[edge].1 : edges[edge].0)
            }
        }
        return circuit.reversed()
    }
}
