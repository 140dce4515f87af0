import Intelligence
import Testing

/// Generated histories with known truth: the automatic choice picks the right family and the forecasts are close.
struct ForecastTests {
    static let forecaster = Forecaster(horizon: 28, seasonPeriod: 7)

    @Test(arguments: [1, 2, 3])
    func seasonalHistoryGetsASeasonalModel(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let y = SyntheticDemand.series(.seasonal, days: 364, scale: 40, random: &random)
        let forecast = Self.forecaster.forecast(y)
        #expect(forecast.family == .seasonal, "\(forecast.model) \(forecast.candidates)")
        // The forecast follows the weekly pattern: the Saturday peak (index 5) above the Monday trough.
        let saturday = (0..<28).filter { (364 + $0) % 7 == 5 }.map { forecast.point[$0] }
        let monday = (0..<28).filter { (364 + $0) % 7 == 0 }.map { forecast.point[$0] }
        #expect(saturday.reduce(0, +) > 1.6 * monday.reduce(0, +))
        #expect(forecast.mase.map { $0 < 1 } == true)
    }

    @Test(arguments: [4, 5, 6])
    func trendingHistoryGetsATrendModel(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let y = SyntheticDemand.series(.trending, days: 240, scale: 60, random: &random)
        let forecast = Self.forecaster.forecast(y)
        #expect(forecast.family == .trend, "\(forecast.model) \(forecast.candidates)")
        // Truth at the end: 60 × 2 = 120 a day, still rising.
        #expect(abs(forecast.point[0] - 120) < 15)
        #expect(forecast.point[27] > forecast.point[0])
    }

    @Test(arguments: [7, 8, 9])
    func intermittentHistoryGetsCrostonOrTSB(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let y = SyntheticDemand.series(.intermittent, days: 300, scale: 6, random: &random)
        let forecast = Self.forecaster.forecast(y)
        #expect(forecast.family == .intermittent, "\(forecast.model) \(forecast.candidates)")
        // Truth: 0.15 × (1 + 3) = 0.6 units a day.
        #expect(abs(forecast.meanDemand - 0.6) < 0.3)
        #expect(forecast.upper95[0] > forecast.point[0])
    }

    @Test func stableHistoryGetsTheLevelModelOrAnEquivalent() {
        var random = SeededRandom(seed: 10)
        let y = SyntheticDemand.series(.level, days: 200, scale: 30, random: &random)
        let forecast = Self.forecaster.forecast(y)
        #expect(abs(forecast.meanDemand - 30) < 4)
        #expect(forecast.bias.map { abs($0) < 4 } == true)
        #expect(forecast.lower95[0] < 30 && forecast.upper95[0] > 30)
    }

    @Test func newSKUWithLittleHistoryFallsBackToSimpleSmoothing() {
        let y: [Double] = [3, 5, 4, 6, 2, 5, 4, 3, 5, 4]
        let forecast = Self.forecaster.forecast(y)
        #expect(forecast.shortHistory)
        #expect(forecast.family == .level)
        #expect(forecast.mase == nil)
        #expect(abs(forecast.meanDemand - 4.1) < 1.5)
        #expect(forecast.upper80[27] > forecast.upper80[0])
    }

    @Test func aSKUThatStopsSellingIsForecastNearZero() {
        var random = SeededRandom(seed: 11)
        let y = SyntheticDemand.series(.stopping, days: 240, scale: 10, random: &random)
        let forecast = Self.forecaster.forecast(y)
        #expect(forecast.meanDemand < 0.5, "\(forecast.model): \(forecast.meanDemand)")
    }

    @Test func forecastsAreDeterministic() {
        var random = SeededRandom(seed: 12)
        let y = SyntheticDemand.series(.seasonal, days: 180, scale: 20, random: &random)
        let a = Self.forecaster.forecast(y)
        let b = Self.forecaster.forecast(y)
        #expect(a.point == b.point && a.model == b.model && a.mase == b.mase)
    }
}
