import Foundation

/// The families the automatic choice picks between.
public enum ModelFamily: String, Hashable, Sendable, CaseIterable {
    /// Simple exponential smoothing: a level and noise.
    case level
    /// Holt (additive or damped trend).
    case trend
    /// Holt-Winters (additive or multiplicative season, with or without trend).
    case seasonal
    /// Croston, SBA or TSB.
    case intermittent
}

/// A forecast for one series: the chosen model, point forecasts and prediction intervals for each future period,
/// and the accuracy the rolling-origin backtest measured.
public struct Forecast: Sendable {
    public var key: SeriesKey
    /// E.g. `ETS(A,Ad,N)`, `ETS(A,N,M)[7]`, `TSB`.
    public var model: String
    public var family: ModelFamily
    /// Mean demand per period, for `horizon` periods after the series ends.
    public var point: [Double]
    /// 80% and 95% prediction intervals per period (never below zero).
    public var lower80: [Double], upper80: [Double], lower95: [Double], upper95: [Double]
    /// Standard deviation of one-step errors of the fitted model (units per period).
    public var sigma: Double
    /// Mean absolute scaled error of the backtest (scaled by the in-sample naive error); nil without a backtest.
    public var mase: Double?
    /// Mean forecast minus actual over the backtest (units per period; positive: over-forecast).
    public var bias: Double?
    /// Every candidate and its score (AICc within the ETS family, backtest mean squared error across families).
    public var candidates: [(model: String, score: Double)]
    /// True when the history was too short for a backtest and the simple fallback was used.
    public var shortHistory: Bool

    /// Mean demand per period over the horizon.
    public var meanDemand: Double { point.isEmpty ? 0 : point.reduce(0, +) / Double(point.count) }
}

/// Fits every candidate model of a series and picks one. Within the ETS family the model with the lowest AICc
/// (fitted on the history before the backtest window) is the family's candidate; across families (that ETS
/// model, Croston, SBA, TSB) the lowest mean squared error of a rolling-origin backtest wins, and is refitted on
/// the whole history. Deterministic: fixed optimiser starts, fixed grids, no randomness.
public struct Forecaster: Sendable {
    /// Periods to forecast.
    public var horizon: Int
    /// Season length (7 for daily data with a weekly cycle, 52 for weekly data with an annual one; 1: none).
    public var seasonPeriod: Int
    /// Fewer observations than this: no backtest, simple exponential smoothing.
    public var minimumHistory: Int
    /// Forecast origins of the backtest and their spacing (periods).
    public var backtestOrigins: Int
    public var backtestStep: Int

    public init(horizon: Int = 28, seasonPeriod: Int = 7, minimumHistory: Int = 28, backtestOrigins: Int = 4,
                backtestStep: Int = 7) {
        self.horizon = horizon
        self.seasonPeriod = seasonPeriod
        self.minimumHistory = minimumHistory
        self.backtestOrigins = backtestOrigins
        self.backtestStep = backtestStep
    }

    /// The usual settings for a granularity: daily data with a weekly season, weekly data with an annual one.
    public static func standard(for granularity: DemandSeries.Granularity, horizon: Int? = nil) -> Forecaster {
        switch granularity {
        case .daily: Forecaster(horizon: horizon ?? 28, seasonPeriod: 7)
        case .weekly: Forecaster(horizon: horizon ?? 8, seasonPeriod: 52, minimumHistory: 16, backtestStep: 2)
        }
    }

    public func forecast(_ series: DemandSeries) -> Forecast {
        var result = forecast(series.values)
        result.key = series.key
        return result
    }

    /// Forecasts a plain array of per-period demand.
    public func forecast(_ y: [Double]) -> Forecast {
        let n = y.count
        let key = SeriesKey(sku: "", warehouse: "")
        guard n > 0 else {
            let zeros = [Double](repeating: 0, count: max(1, horizon))
            return Forecast(
                key: key, model: "none", family: .level, point: zeros, lower80: zeros, upper80: zeros, lower95: zeros,
                upper95: zeros, sigma: 0, mase: nil, bias: nil, candidates: [], shortHistory: true)
        }
        guard n >= minimumHistory else {
            let fit = ETSFit.fit(ETSSpec(trend: .none, season: .none), y[...])
            return make(key: key, model: .ets(fit), y: y, candidates: [], backtest: nil, shortHistory: true)
        }
        // Backtest window: the last `window` periods; parameters are fitted on what comes before it.
        let lead = min(horizon, backtestStep * 2)
        let window = backtestStep * (backtestOrigins - 1) + lead
        let trainingEnd = max(n - window, n / 2)
        let training = y[0..<trainingEnd]
        let positive = !y.contains { $0 <= 0 }
        var candidates: [(model: String, score: Double)] = []
        var bestETS: ETSFit?
        for spec in ETSSpec.candidates(n: trainingEnd, period: seasonPeriod, positive: positive) {
            let fit = ETSFit.fit(spec, training)
            candidates.append((spec.description, fit.aicc))
            if fit.aicc < (bestETS?.aicc ?? .infinity) { bestETS = fit }
        }
        // Syntetos–Boylan: an average inter-demand interval of 1.32 periods or more is intermittent demand, where
        // only Croston, SBA and TSB compete; with some zero periods below that, every family competes.
        let nonzero = y.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let intermittent = nonzero == 0 || Double(n) / Double(nonzero) >= 1.32
        var contenders: [FittedModel] = intermittent ? [] : (bestETS.map { [.ets($0)] } ?? [])
        if Double(n - nonzero) >= 0.2 * Double(n) {
            for method in IntermittentMethod.allCases {
                contenders.append(.intermittent(IntermittentFit.fit(method, training)))
            }
        }
        var best: (model: FittedModel, score: Double, errors: [Double])?
        for model in contenders {
            let errors = backtest(model, y: y, firstOrigin: trainingEnd, lead: lead)
            let mse = errors.isEmpty ? .infinity : errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)
            candidates.append(("backtest " + model.name, mse))
            if mse < (best?.score ?? .infinity) { best = (model, mse, errors) }
        }
        guard let chosen = best else {
            let fit = ETSFit.fit(ETSSpec(trend: .none, season: .none), y[...])
            return make(key: key, model: .ets(fit), y: y, candidates: candidates, backtest: nil, shortHistory: true)
        }
        let final: FittedModel
        switch chosen.model {
        case .ets(let fit): final = .ets(ETSFit.fit(fit.spec, y[...]))
        case .intermittent(let fit): final = .intermittent(IntermittentFit.fit(fit.method, y[...]))
        }
        let scale = ETSFit.meanAbsoluteDifference(Array(training))
        let meanAbs = chosen.errors.reduce(0) { $0 + abs($1) } / Double(chosen.errors.count)
        let bias = chosen.errors.reduce(0, +) / Double(chosen.errors.count)
        return make(
            key: key, model: final, y: y, candidates: candidates,
            backtest: (mase: scale > 0 ? meanAbs / scale : nil, bias: bias), shortHistory: false)
    }

    /// Forecast minus actual for every origin and lead of the rolling-origin backtest, with the parameters fixed
    /// and the states updated through each origin.
    func backtest(_ model: FittedModel, y: [Double], firstOrigin: Int, lead: Int) -> [Double] {
        var errors: [Double] = []
        switch model {
        case .ets(let fit):
            var state = fit.initialState
            for t in 0..<y.count {
                if t >= firstOrigin, (t - firstOrigin) % backtestStep == 0 {
                    for step in 1...lead where t + step - 1 < y.count {
                        errors.append(fit.forecast(state, step: step) - y[t + step - 1])
                    }
                }
                _ = fit.update(&state, y[t])
            }
        case .intermittent(let fit):
            var state = fit.initialState(y[0..<firstOrigin])
            for t in 0..<y.count {
                if t >= firstOrigin, (t - firstOrigin) % backtestStep == 0 {
                    let point = fit.forecast(state)
                    for step in 1...lead where t + step - 1 < y.count { errors.append(point - y[t + step - 1]) }
                }
                _ = fit.update(&state, y[t])
            }
        }
        return errors
    }

    private func make(
        key: SeriesKey, model: FittedModel, y: [Double], candidates: [(model: String, score: Double)],
        backtest: (mase: Double?, bias: Double)?, shortHistory: Bool
    ) -> Forecast {
        var point: [Double] = []
        var factors: [Double] = []
        let sigma: Double
        let family: ModelFamily
        switch model {
        case .ets(let fit):
            var state = fit.initialState
            for value in y { _ = fit.update(&state, value) }
            for step in 1...max(1, horizon) {
                point.append(max(0, fit.forecast(state, step: step)))
                factors.append(fit.varianceFactor(step: step))
            }
            sigma = fit.sigma.isFinite ? fit.sigma : 0
            family = fit.spec.season != .none ? .seasonal : (fit.spec.trend != .none ? .trend : .level)
        case .intermittent(let fit):
            var state = fit.initialState(y[...])
            for value in y { _ = fit.update(&state, value) }
            let value = max(0, fit.forecast(state))
            for step in 1...max(1, horizon) {
                point.append(value)
                factors.append(1 + Double(step - 1) * fit.alpha * fit.alpha)
            }
            sigma = fit.sigma
            family = .intermittent
        }
        let spread80 = factors.map { 1.2816 * sigma * sqrt($0) }
        let spread95 = factors.map { 1.96 * sigma * sqrt($0) }
        return Forecast(
            key: key, model: model.name, family: family, point: point,
            lower80: zip(point, spread80).map { max(0, $0 - $1) }, upper80: zip(point, spread80).map { $0 + $1 },
            lower95: zip(point, spread95).map { max(0, $0 - $1) }, upper95: zip(point, spread95).map { $0 + $1 },
            sigma: sigma, mase: backtest?.mase, bias: backtest?.bias, candidates: candidates,
            shortHistory: shortHistory)
    }
}

/// A fitted model of either kind.
enum FittedModel: Sendable {
    case ets(ETSFit)
    case intermittent(IntermittentFit)

    var name: String {
        switch self {
        case .ets(let fit): fit.spec.description
        case .intermittent(let fit): fit.method.rawValue
        }
    }
}
