/// The aisle graph of a layout with a set of pick points inserted as nodes, for shortest paths.
///
/// Nodes are the aisle/cross-aisle intersections, the depot and the given points; edges join neighbours along an
/// aisle (one way when the aisle is) and along a cross-aisle (always two way).
struct AisleGraph: Sendable {
    private struct Edge: Sendable {
        var to: Int
        var length: Int64
    }

    private var adjacency: [[Edge]] = []
    /// Node of each requested point, in the order given.
    private(set) var pointNodes: [Int] = []
    let depotNode: Int

    init(layout: WarehouseLayout, points: [PickPoint]) {
        let crossCount = layout.crossAisleYMillimetres.count
        var nodeCount = layout.aisles.count * crossCount
        let depotNode = nodeCount
        nodeCount += 1
        self.depotNode = depotNode
        // Nodes on each aisle keyed by y, starting with the intersections.
        var aisleNodes: [[Int64: Int]] = layout.aisles.indices.map { aisle in
            var nodes: [Int64: Int] = [:]
            for (cross, y) in layout.crossAisleYMillimetres.enumerated() { nodes[y] = aisle * crossCount + cross }
            return nodes
        }
        var pointNodes: [Int] = []
        pointNodes.reserveCapacity(points.count)
        for point in points {
            if point.aisle < 0 {
                pointNodes.append(depotNode)
                continue
            }
            let y = min(max(point.yMillimetres, layout.frontYMillimetres), layout.backYMillimetres)
            if let node = aisleNodes[point.aisle][y] {
                pointNodes.append(node)
            } else {
                aisleNodes[point.aisle][y] = nodeCount
                pointNodes.append(nodeCount)
                nodeCount += 1
            }
        }
        self.pointNodes = pointNodes
        adjacency = Array(repeating: [], count: nodeCount)
        for (aisle, nodes) in aisleNodes.enumerated() {
            let ordered = nodes.sorted { $0.key < $1.key }
            let direction = layout.aisles[aisle].direction
            for index in ordered.indices.dropFirst() {
                let (lowY, low) = ordered[index - 1]
                let (highY, high) = ordered[index]
                let length = highY - lowY
                if direction != .towardFront { adjacency[low].append(Edge(to: high, length: length)) }
                if direction != .towardBack { adjacency[high].append(Edge(to: low, length: length)) }
            }
        }
        for cross in 0..<crossCount {
            var nodes: [(x: Int64, node: Int)] = layout.aisles.enumerated().map {
                ($0.element.xMillimetres, $0.offset * crossCount + cross)
            }
            if cross == 0 { nodes.append((layout.depotXMillimetres, depotNode)) }
            nodes.sort { ($0.x, $0.node) < ($1.x, $1.node) }
            for index in nodes.indices.dropFirst() {
                let length = nodes[index].x - nodes[index - 1].x
                adjacency[nodes[index - 1].node].append(Edge(to: nodes[index].node, length: length))
                adjacency[nodes[index].node].append(Edge(to: nodes[index - 1].node, length: length))
            }
        }
    }

    /// Shortest walking distance from `source` to every node (`Int64.max` when unreachable).
    func distances(from source: Int) -> [Int64] { Self.dijkstra(adjacency, from: source) }

    private static func dijkstra(_ adjacency: [[Edge]], from source: Int) -> [Int64] {
        var distance = Array(repeating: Int64.max, count: adjacency.count)
        var heap = MinHeap()
        distance[source] = 0
        heap.push(0, source)
        while let (d, node) = heap.pop() {
            if d > distance[node] { continue }
            for edge in adjacency[node] {
                let candidate = d + edge.length
                if candidate < distance[edge.to] {
                    distance[edge.to] = candidate
                    heap.push(candidate, edge.to)
                }
            }
        }
        return distance
    }

    /// True when every node can reach the depot and be reached from it.
    var isStronglyConnected: Bool {
        let forward = distances(from: depotNode)
        guard forward.allSatisfy({ $0 != .max }) else { return false }
        return Self.dijkstra(Self.reversed(adjacency), from: depotNode).allSatisfy { $0 != .max }
    }

    private static func reversed(_ adjacency: [[Edge]]) -> [[Edge]] {
        var result: [[Edge]] = Array(repeating: [], count: adjacency.count)
        for (from, edges) in adjacency.enumerated() {
            for edge in edges { result[edge.to].append(Edge(to: from, length: edge.length)) }
        }
        return result
    }

    /// The matrix of shortest distances between the depot (index 0) and the points (1...n).
    func matrix() -> DistanceMatrix {
        let nodes = [depotNode] + pointNodes
        var values: [Int64] = []
        values.reserveCapacity(nodes.count * nodes.count)
        for source in nodes {
            let row = distances(from: source)
            for target in nodes { values.append(row[target]) }
        }
        return DistanceMatrix(count: nodes.count, values: values)
    }
}

/// A binary min-heap of (key, value) for Dijkstra.
private struct MinHeap {
    private var items: [(key: Int64, value: Int)] = []

    mutating func push(_ key: Int64, _ value: Int) {
        items.append((key, value))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard (items[child].key, items[child].value) < (items[parent].key, items[parent].value) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count,
                    (items[left].key, items[left].value) < (items[smallest].key, items[smallest].value)
                {
                    smallest = left
                }
                if right < items.count,
                    (items[right].key, items[right].value) < (items[smallest].key, items[smallest].value)
                {
                    smallest = right
                }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (top.key, top.value)
    }
}

/// Shortest walking distances between the depot (index 0) and pick points (1...n), in millimetres.
///
/// Not necessarily symmetric: one-way aisles make some detours longer in one direction.
public struct DistanceMatrix: Hashable, Sendable, Codable {
    /// Number of rows (and columns): points plus the depot.
    public let count: Int
    /// Row-major values.
    public let values: [Int64]

    /// Creates a matrix from row-major values.
    public init(count: Int, values: [Int64]) {
        precondition(values.count == count * count, "a distance matrix is square")
        self.count = count
        self.values = values
    }

    /// Distance from `from` to `to`.
    @inline(__always)
    public subscript(from: Int, to: Int) -> Int64 { values[from * count + to] }

    /// Length of the closed tour depot → `order` → depot, where `order` lists indices in 1..<count.
    public func tourLength(_ order: [Int]) -> Int64 {
        var total: Int64 = 0
        var previous = 0
        for node in order {
            total += self[previous, node]
            previous = node
        }
        return total + self[previous, 0]
    }
}

extension WarehouseLayout {
    /// Shortest-path distances between the depot (index 0) and `points` (indices 1...n), respecting one-way aisles.
    public func distanceMatrix(_ points: [PickPoint]) -> DistanceMatrix {
        AisleGraph(layout: self, points: points).matrix()
    }

    /// Shortest walking distance from one point to another on this layout.
    public func distance(from: PickPoint, to: PickPoint) -> Int64 {
        distanceMatrix([from, to])[1, 2]
    }
}
