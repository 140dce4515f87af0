import Foundation

/// A deterministic Nelder–Mead simplex minimiser: fixed start, fixed initial step, fixed iteration budget.
/// Used to fit smoothing parameters (mapped to their bounds by logistic transforms, so the search is unconstrained).
struct NelderMead {
    var maxEvaluations = 400
    var tolerance = 1e-8
    var step = 0.75

    /// The point with the lowest objective found and its value.
    func minimise(_ start: [Double], _ f: ([Double]) -> Double) -> (x: [Double], value: Double) {
        let n = start.count
        guard n > 0 else { return (start, f(start)) }
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var point = start
            point[i] += step
            simplex.append(point)
        }
        var values = simplex.map(f)
        var evaluations = n + 1
        var order = Array(0...n)
        var centroid = [Double](repeating: 0, count: n)
        var trial = [Double](repeating: 0, count: n)
        func point(_ t: Double, from c: [Double], towards worst: [Double]) -> [Double] {
            var p = c
            for i in 0..<n { p[i] = c[i] + t * (worst[i] - c[i]) }
            return p
        }
        while evaluations < maxEvaluations {
            order.sort { values[$0] < values[$1] }
            let best = order[0], worst = order[n], secondWorst = order[n - 1]
            if abs(values[worst] - values[best]) <= tolerance * (abs(values[best]) + 1e-12) { break }
            for i in 0..<n { centroid[i] = 0 }
            for index in order.dropLast() { for i in 0..<n { centroid[i] += simplex[index][i] } }
            for i in 0..<n { centroid[i] /= Double(n) }
            trial = point(-1, from: centroid, towards: simplex[worst])
            let reflected = f(trial)
            evaluations += 1
            if reflected < values[best] {
                let expandedPoint = point(-2, from: centroid, towards: simplex[worst])
                let expanded = f(expandedPoint)
                evaluations += 1
                if expanded < reflected {
                    simplex[worst] = expandedPoint
                    values[worst] = expanded
                } else {
                    simplex[worst] = trial
                    values[worst] = reflected
                }
            } else if reflected < values[secondWorst] {
                simplex[worst] = trial
                values[worst] = reflected
            } else {
                let outside = reflected < values[worst]
                let contractedPoint = point(outside ? -0.5 : 0.5, from: centroid, towards: simplex[worst])
                let contracted = f(contractedPoint)
                evaluations += 1
                if contracted < min(reflected, values[worst]) {
                    simplex[worst] = contractedPoint
                    values[worst] = contracted
                } else {
                    for index in order.dropFirst() {
                        for i in 0..<n { simplex[index][i] = simplex[best][i] + 0.5 * (simplex[index][i] - simplex[best][i]) }
                        values[index] = f(simplex[index])
                        evaluations += 1
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (simplex[best], values[best])
    }
}

@inline(__always) func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
@inline(__always) func logit(_ p: Double) -> Double { log(p / (1 - p)) }
