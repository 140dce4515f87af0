/// Improves closed tours on a (possibly asymmetric) distance matrix: Held–Karp when small, otherwise 2-opt and
/// Or-opt to a local optimum, then iterated with seeded double-bridge kicks. Deterministic for a given seed.
struct TourImprover: Sendable {
    let matrix: DistanceMatrix
    var kicks: Int
    var seed: UInt64
    private let neighbours: Neighbours

    /// The nearest few nodes to and from each node: where Or-opt looks for a better place for a segment.
    private struct Neighbours: Sendable {
        var outgoing: [[Int]]
        var incoming: [[Int]]

        init(_ matrix: DistanceMatrix, count: Int) {
            let nodes = Array(0..<matrix.count)
            outgoing = nodes.map { from in
                Array(
                    nodes.filter { $0 != from }.sorted { (matrix[from, $0], $0) < (matrix[from, $1], $1) }.prefix(count)
                )
            }
            incoming = nodes.map { to in
                Array(nodes.filter { $0 != to }.sorted { (matrix[$0, to], $0) < (matrix[$1, to], $1) }.prefix(count))
            }
        }
    }

    init(matrix: DistanceMatrix, kicks: Int, seed: UInt64) {
        self.matrix = matrix
        self.kicks = kicks
        self.seed = seed
        self.neighbours = Neighbours(matrix, count: 10)
    }

    /// Exact by dynamic programming over subsets; for up to `heldKarpLimit` points.
    static let heldKarpLimit = 12

    /// Exact shortest tour through all points 1..<count (Held–Karp).
    func heldKarp() -> [Int] {
        let n = matrix.count - 1
        if n <= 1 { return Array(1..<matrix.count) }
        let full = 1 << n
        var cost = Array(repeating: Int64.max, count: full * n)
        var parent = Array(repeating: Int8(-1), count: full * n)
        for last in 0..<n { cost[(1 << last) * n + last] = matrix[0, last + 1] }
        for subset in 1..<full {
            for last in 0..<n where subset & (1 << last) != 0 {
                let here = cost[subset * n + last]
                if here == .max { continue }
                var rest = (full - 1) & ~subset
                while rest != 0 {
                    let next = rest.trailingZeroBitCount
                    rest &= rest - 1
                    let candidate = here + matrix[last + 1, next + 1]
                    let slot = (subset | (1 << next)) * n + next
                    if candidate < cost[slot] {
                        cost[slot] = candidate
                        parent[slot] = Int8(last)
                    }
                }
            }
        }
        var best = 0
        var bestLength = Int64.max
        for last in 0..<n {
            let length = cost[(full - 1) * n + last] + matrix[last + 1, 0]
            if length < bestLength {
                bestLength = length
                best = last
            }
        }
        var order: [Int] = []
        var subset = full - 1
        var last = best
        while last >= 0 {
            order.append(last + 1)
            let previous = Int(parent[subset * n + last])
            subset &= ~(1 << last)
            last = previous
        }
        return order.reversed()
    }

    /// Nearest-neighbour tour from the depot.
    func nearestNeighbour() -> [Int] {
        var remaining = Set(1..<matrix.count)
        var order: [Int] = []
        var current = 0
        while !remaining.isEmpty {
            let next = remaining.min { (matrix[current, $0], $0) < (matrix[current, $1], $1) }!
            remaining.remove(next)
            order.append(next)
            current = next
        }
        return order
    }

    /// The best tour found from the given starting tours.
    func improve(starts: [[Int]]) -> [Int] {
        var best: [Int] = []
        var bestLength = Int64.max
        for start in starts {
            var tour = start
            localSearch(&tour)
            let length = matrix.tourLength(tour)
            if length < bestLength {
                best = tour
                bestLength = length
            }
        }
        guard best.count >= 4 else { return best }
        var random = SeededGenerator(seed: seed)
        var current = best
        var currentLength = bestLength
        for _ in 0..<kicks {
            var candidate = doubleBridge(current, &random)
            localSearch(&candidate)
            let length = matrix.tourLength(candidate)
            if length <= currentLength {
                current = candidate
                currentLength = length
                if length < bestLength {
                    best = candidate
                    bestLength = length
                }
            }
        }
        return best
    }

    private func doubleBridge(_ tour: [Int], _ random: inout SeededGenerator) -> [Int] {
        let n = tour.count
        var cuts = Set<Int>()
        while cuts.count < 3 { cuts.insert(1 + Int(random.next() % UInt64(n - 1))) }
        let sorted = cuts.sorted()
        let (a, b, c) = (sorted[0], sorted[1], sorted[2])
        return Array(tour[..<a]) + Array(tour[b..<c]) + Array(tour[a..<b]) + Array(tour[c...])
    }

    /// 2-opt (segment reversal, exact for asymmetric costs) and Or-opt (moving 1–3 points, either way round)
    /// until neither improves.
    func localSearch(_ tour: inout [Int]) {
        let n = tour.count
        guard n >= 3 else { return }
        var improved = true
        while improved {
            improved = false
            if twoOpt(&tour) { improved = true }
            if orOpt(&tour) { improved = true }
        }
    }

    /// Node at position `p` of the closed walk depot, tour..., depot (positions 0...n+1).
    @inline(__always)
    private func node(_ tour: [Int], _ p: Int) -> Int { p == 0 || p == tour.count + 1 ? 0 : tour[p - 1] }

    private func twoOpt(_ tour: inout [Int]) -> Bool {
        let n = tour.count
        var any = false
        var improved = true
        var position = Array(repeating: 0, count: matrix.count)
        var forward = Array(repeating: Int64(0), count: n + 1)
        var backward = Array(repeating: Int64(0), count: n + 1)
        while improved {
            improved = false
            // forward[k] / backward[k]: cost of walk positions 1...k forwards / backwards.
            for k in 1..<n {
                forward[k + 1] = forward[k] + matrix[tour[k - 1], tour[k]]
                backward[k + 1] = backward[k] + matrix[tour[k], tour[k - 1]]
            }
            for (index, node) in tour.enumerated() { position[node] = index + 1 }
            // Reversing walk positions i...j makes `before → last` an edge: only near neighbours are worth it.
            search: for i in 1..<n {
                let before = node(tour, i - 1)
                for candidate in neighbours.outgoing[before] where candidate != 0 && position[candidate] > i {
                    let j = position[candidate]
                    let after = node(tour, j + 1)
                    let first = tour[i - 1]
                    let last = tour[j - 1]
                    let old = matrix[before, first] + (forward[j] - forward[i]) + matrix[last, after]
                    let new = matrix[before, last] + (backward[j] - backward[i]) + matrix[first, after]
                    if new < old {
                        tour[(i - 1)..<j].reverse()
                        improved = true
                        any = true
                        break search
                    }
                }
            }
        }
        return any
    }

    private func orOpt(_ tour: inout [Int]) -> Bool {
        var any = false
        var improved = true
        let n = tour.count
        var position = Array(repeating: 0, count: matrix.count)
        var candidates: [Int] = []
        while improved {
            improved = false
            for (index, node) in tour.enumerated() { position[node] = index }
            search: for length in 1...min(3, n - 1) {
                for start in 0...(n - length) {
                    let first = tour[start]
                    let last = tour[start + length - 1]
                    let before = start == 0 ? 0 : tour[start - 1]
                    let after = start + length == n ? 0 : tour[start + length]
                    var inner: Int64 = 0
                    var reversedInner: Int64 = 0
                    for index in start..<(start + length - 1) {
                        inner += matrix[tour[index], tour[index + 1]]
                        reversedInner += matrix[tour[index + 1], tour[index]]
                    }
                    let saved = matrix[before, first] + inner + matrix[last, after] - matrix[before, after]
                    // Insert between walk positions gap-1 and gap (0 and n+1 are the depot), away from the segment.
                    // Only gaps next to a near neighbour of the segment's ends are worth trying.
                    candidates.removeAll(keepingCapacity: true)
                    for left in neighbours.incoming[first] { candidates.append(left == 0 ? 0 : position[left] + 1) }
                    for left in neighbours.incoming[last] { candidates.append(left == 0 ? 0 : position[left] + 1) }
                    for right in neighbours.outgoing[last] { candidates.append(right == 0 ? n : position[right]) }
                    for right in neighbours.outgoing[first] { candidates.append(right == 0 ? n : position[right]) }
                    for gap in candidates where gap < start || gap > start + length {
                        let left = gap == 0 ? 0 : tour[gap - 1]
                        let right = gap == n ? 0 : tour[gap]
                        let base = matrix[left, right]
                        let forwardCost = matrix[left, first] + inner + matrix[last, right] - base
                        let reversedCost = matrix[left, last] + reversedInner + matrix[first, right] - base
                        guard forwardCost < saved || reversedCost < saved else { continue }
                        var segment = Array(tour[start..<(start + length)])
                        if reversedCost < forwardCost { segment.reverse() }
                        if gap < start {
                            tour.removeSubrange(start..<(start + length))
                            tour.insert(contentsOf: segment, at: gap)
                        } else {
                            tour.insert(contentsOf: segment, at: gap)
                            tour.removeSubrange(start..<(start + length))
                        }
                        improved = true
                        any = true
                        continue search
                    }
                }
            }
        }
        return any
    }
}
