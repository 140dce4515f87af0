import Foundation

/// Methods for intermittent demand (many periods without sales): Croston's method, its Syntetos–Boylan
/// bias correction (SBA), and Teunter–Syntetos–Babai (TSB), which also lets the forecast decay when a SKU stops
/// selling.
public enum IntermittentMethod: String, Hashable, Sendable, CaseIterable {
    case croston = "Croston"
    case sba = "Croston-SBA"
    case tsb = "TSB"
}

/// A fitted intermittent-demand model: smoothing constants chosen on a fixed grid by in-sample one-step squared
/// error, and the smoothed states after the last observation.
struct IntermittentFit: Sendable {
    var method: IntermittentMethod
    /// Smoothing of demand sizes.
    var alpha = 0.1
    /// Smoothing of intervals (Croston, SBA) or of the demand probability (TSB).
    var beta = 0.1
    var sse = Double.infinity
    var n = 0

    /// The grid both constants are chosen from (the usual 0.05–0.3 range).
    static let grid: [Double] = stride(from: 0.05, through: 0.3001, by: 0.025).map { $0 }

    struct State {
        var size: Double
        /// Croston, SBA: smoothed inter-demand interval; TSB: smoothed demand probability.
        var interval: Double
        /// Periods since the last demand (Croston, SBA).
        var since: Double
        var started: Bool
    }

    func initialState(_ y: ArraySlice<Double>) -> State {
        let nonzero = y.filter { $0 > 0 }
        let size = nonzero.first ?? 0
        switch method {
        case .tsb:
            let p = Double(nonzero.count) / Double(max(1, y.count))
            return State(size: size, interval: max(p, 0.01), since: 1, started: true)
        case .croston, .sba:
            let firstIndex = y.firstIndex { $0 > 0 }.map { $0 - y.startIndex + 1 } ?? max(1, y.count)
            return State(size: size, interval: Double(firstIndex), since: 1, started: false)
        }
    }

    @inline(__always)
    func forecast(_ state: State) -> Double {
        switch method {
        case .tsb: return state.interval * state.size
        case .croston: return state.size / max(state.interval, 1)
        case .sba: return (1 - beta / 2) * state.size / max(state.interval, 1)
        }
    }

    @inline(__always)
    func update(_ state: inout State, _ value: Double) -> Double {
        let error = value - forecast(state)
        switch method {
        case .tsb:
            if value > 0 {
                state.size += alpha * (value - state.size)
                state.interval += beta * (1 - state.interval)
            } else {
                state.interval -= beta * state.interval
            }
        case .croston, .sba:
            if value > 0 {
                if state.started {
                    state.size += alpha * (value - state.size)
                    state.interval += beta * (state.since - state.interval)
                } else {
                    state.started = true
                }
                state.since = 1
            } else {
                state.since += 1
            }
        }
        return error
    }

    func sse(_ y: ArraySlice<Double>) -> Double {
        var state = initialState(y)
        var total = 0.0
        for value in y {
            let error = update(&state, value)
            total += error * error
        }
        return total
    }

    var sigma: Double { sqrt(max(0, sse) / Double(max(1, n - 2))) }

    static func fit(_ method: IntermittentMethod, _ y: ArraySlice<Double>) -> IntermittentFit {
        var best = IntermittentFit(method: method)
        best.n = y.count
        for alpha in grid {
            for beta in grid {
                var candidate = IntermittentFit(method: method, alpha: alpha, beta: beta)
                candidate.n = y.count
                candidate.sse = candidate.sse(y)
                if candidate.sse < best.sse - 1e-12 { best = candidate }
            }
        }
        return best
    }
}
