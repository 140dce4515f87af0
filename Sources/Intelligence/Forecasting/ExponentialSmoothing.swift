import Foundation

/// An exponential-smoothing model of the ETS family with additive errors: trend none, additive or damped,
/// season none, additive or multiplicative (period `m`). Simple exponential smoothing is ETS(A,N,N), Holt is
/// ETS(A,A,N), damped Holt ETS(A,Ad,N), Holt-Winters ETS(A,A,A) / ETS(A,A,M).
public struct ETSSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Trend: String, Hashable, Sendable { case none = "N", additive = "A", damped = "Ad" }
    public enum Season: String, Hashable, Sendable { case none = "N", additive = "A", multiplicative = "M" }

    public var trend: Trend
    public var season: Season
    /// Season length in periods (7: weekly season of daily data, 52: annual season of weekly data).
    public var period: Int

    public init(trend: Trend, season: Season, period: Int = 1) {
        self.trend = trend
        self.season = season
        self.period = season == .none ? 1 : period
    }

    public var description: String { "ETS(A,\(trend.rawValue),\(season.rawValue))" + (season == .none ? "" : "[\(period)]") }

    /// Smoothing parameters plus initial states estimated (for AICc).
    var parameterCount: Int {
        var k = 2  // alpha, level
        if trend != .none { k += 2 }
        if trend == .damped { k += 1 }
        if season != .none { k += period }  // gamma + (m - 1) free seasonal states
        return k
    }

    /// The candidates a series of `n` observations with season length `m` supports.
    static func candidates(n: Int, period m: Int, positive: Bool) -> [ETSSpec] {
        var specs = [ETSSpec(trend: .none, season: .none)]
        if n >= 8 {
            specs.append(ETSSpec(trend: .additive, season: .none))
            specs.append(ETSSpec(trend: .damped, season: .none))
        }
        if m > 1, n >= 2 * m + 2 {
            for trend in [ETSSpec.Trend.none, .additive, .damped] {
                specs.append(ETSSpec(trend: trend, season: .additive, period: m))
                if positive { specs.append(ETSSpec(trend: trend, season: .multiplicative, period: m)) }
            }
        }
        return specs
    }
}

/// A fitted ETS model: parameters, the states after the last observation, and the one-step residual variance.
struct ETSFit: Sendable {
    var spec: ETSSpec
    var alpha = 0.0, beta = 0.0, gamma = 0.0, phi = 1.0
    var initialLevel = 0.0, initialTrend = 0.0
    var initialSeason: [Double] = []
    var sse = Double.infinity
    var n = 0

    var aicc: Double {
        let k = Double(spec.parameterCount)
        let n = Double(self.n)
        guard n - k - 1 > 0, sse.isFinite else { return .infinity }
        let aic = n * log(max(sse, 1e-12) / n) + 2 * k
        return aic + 2 * k * (k + 1) / (n - k - 1)
    }

    var sigma: Double {
        let dof = max(1, n - spec.parameterCount)
        return sqrt(max(0, sse) / Double(dof))
    }

    /// Fits by minimising the in-sample one-step squared error with Nelder–Mead from fixed starts.
    static func fit(_ spec: ETSSpec, _ y: ArraySlice<Double>) -> ETSFit {
        var base = ETSFit(spec: spec)
        base.n = y.count
        guard !y.isEmpty else { return base }
        let y = Array(y)
        let m = spec.period
        // Heuristic initial states (level, trend, season) from the first seasons; the level and trend are then
        // refined by the optimiser together with the smoothing parameters.
        let head = min(y.count, max(m, 10))
        var level = y[0..<head].reduce(0, +) / Double(head)
        var trend = 0.0
        var season = [Double](repeating: spec.season == .multiplicative ? 1 : 0, count: m)
        if spec.season != .none {
            let seasons = min(y.count / m, 4)
            var means: [Double] = []
            for s in 0..<seasons { means.append(y[(s * m)..<((s + 1) * m)].reduce(0, +) / Double(m)) }
            level = means[0]
            if seasons >= 2 { trend = (means[seasons - 1] - means[0]) / Double((seasons - 1) * m) }
            for i in 0..<m {
                var sum = 0.0
                for s in 0..<seasons {
                    let centre = means[s] + (Double(i) - Double(m - 1) / 2) * trend
                    sum += spec.season == .multiplicative ? y[s * m + i] / max(centre, 1e-9) : y[s * m + i] - centre
                }
                season[i] = sum / Double(seasons)
            }
            if spec.season == .multiplicative {
                let mean = season.reduce(0, +) / Double(m)
                season = season.map { $0 / max(mean, 1e-9) }
            } else {
                let mean = season.reduce(0, +) / Double(m)
                season = season.map { $0 - mean }
            }
            level -= Double(m - 1) / 2 * trend
        } else if spec.trend != .none, y.count >= 4 {
            let k = min(y.count, 10)
            let xm = Double(k - 1) / 2
            let ym = y[0..<k].reduce(0, +) / Double(k)
            var sxy = 0.0, sxx = 0.0
            for i in 0..<k {
                sxy += (Double(i) - xm) * (y[i] - ym)
                sxx += (Double(i) - xm) * (Double(i) - xm)
            }
            trend = sxy / sxx
            level = ym - xm * trend
        }
        let scale = max(Self.meanAbsoluteDifference(y), 1e-6)
        base.initialSeason = season

        func decode(_ x: [Double]) -> ETSFit {
            var model = base
            model.alpha = 0.0001 + 0.9998 * logistic(x[0])
            var i = 1
            if spec.trend != .none {
                model.beta = model.alpha * logistic(x[i]) * 0.9999
                i += 1
            }
            if spec.trend == .damped {
                model.phi = 0.8 + 0.18 * logistic(x[i])
                i += 1
            }
            if spec.season != .none {
                model.gamma = (1 - model.alpha) * logistic(x[i]) * 0.9999
                i += 1
            }
            model.initialLevel = level + x[i] * scale
            i += 1
            if spec.trend != .none { model.initialTrend = trend + x[i] * scale / Double(max(m, 4)) }
            return model
        }
        var start = [logit(0.2)]
        if spec.trend != .none { start.append(logit(0.1)) }
        if spec.trend == .damped { start.append(logit(0.85)) }
        if spec.season != .none { start.append(logit(0.1)) }
        start.append(0)
        if spec.trend != .none { start.append(0) }
        var buffer = [Double](repeating: 0, count: m)
        let optimiser = NelderMead(maxEvaluations: 60 * start.count + 60)
        let best = optimiser.minimise(start) { x in
            decode(x).filter(y, seasonBuffer: &buffer, residuals: nil)
        }
        var result = decode(best.x)
        result.sse = best.value
        return result
    }

    static func meanAbsoluteDifference(_ y: [Double]) -> Double {
        guard y.count > 1 else { return abs(y.first ?? 0) }
        var sum = 0.0
        for i in 1..<y.count { sum += abs(y[i] - y[i - 1]) }
        return sum / Double(y.count - 1)
    }

    /// The state after some observations.
    struct State {
        var level: Double
        var trend: Double
        var season: [Double]
        /// Index into `season` of the next period's seasonal state.
        var position: Int
    }

    var initialState: State { State(level: initialLevel, trend: initialTrend, season: initialSeason, position: 0) }

    /// One-step forecast from a state.
    @inline(__always)
    func oneStep(_ state: State) -> Double { forecast(state, step: 1) }

    /// The `step`-ahead point forecast from a state.
    @inline(__always)
    func forecast(_ state: State, step: Int) -> Double {
        var damp = 0.0
        if spec.trend == .additive { damp = Double(step) } else if spec.trend == .damped {
            var power = phi
            for _ in 0..<step {
                damp += power
                power *= phi
            }
        }
        let base = state.level + damp * state.trend
        switch spec.season {
        case .none: return base
        case .additive: return base + state.season[(state.position + step - 1) % spec.period]
        case .multiplicative: return base * state.season[(state.position + step - 1) % spec.period]
        }
    }

    /// Updates a state with an observation; returns the one-step error.
    @inline(__always)
    func update(_ state: inout State, _ value: Double) -> Double {
        let damped = spec.trend == .none ? 0 : phi * state.trend
        let base = state.level + damped
        let m = spec.period
        switch spec.season {
        case .none:
            let error = value - base
            state.level = base + alpha * error
            if spec.trend != .none { state.trend = damped + beta * error }
            return error
        case .additive:
            let s = state.season[state.position]
            let error = value - base - s
            state.level = base + alpha * error
            if spec.trend != .none { state.trend = damped + beta * error }
            state.season[state.position] = s + gamma * error
            state.position = (state.position + 1) % m
            return error
        case .multiplicative:
            let s = state.season[state.position]
            let error = value - base * s
            let safeS = abs(s) < 1e-9 ? 1e-9 : s
            state.level = base + alpha * error / safeS
            if spec.trend != .none { state.trend = damped + beta * error / safeS }
            state.season[state.position] = s + gamma * error / (abs(base) < 1e-9 ? 1e-9 : base)
            state.position = (state.position + 1) % m
            return error
        }
    }

    /// Sum of squared one-step errors over `y`; the season buffer is reused between calls.
    func filter(_ y: [Double], seasonBuffer: inout [Double], residuals: UnsafeMutablePointer<Double>?) -> Double {
        var state = State(level: initialLevel, trend: initialTrend, season: seasonBuffer, position: 0)
        for i in 0..<spec.period { state.season[i] = initialSeason[i] }
        var sse = 0.0
        for (i, value) in y.enumerated() {
            let error = update(&state, value)
            residuals?[i] = error
            sse += error * error
            if !sse.isFinite { return .infinity }
        }
        seasonBuffer = state.season
        return sse
    }

    /// Variance multiplier of the `step`-ahead error relative to the one-step variance (additive-error ETS).
    func varianceFactor(step: Int) -> Double {
        var total = 1.0
        guard step > 1 else { return total }
        var trendSum = 0.0
        var power = 1.0
        for j in 1..<step {
            if spec.trend == .additive { trendSum += 1 } else if spec.trend == .damped {
                power *= phi
                trendSum += power
            }
            var c = alpha + beta * trendSum
            if spec.season != .none, j % spec.period == 0 { c += gamma }
            total += c * c
        }
        return total
    }
}
