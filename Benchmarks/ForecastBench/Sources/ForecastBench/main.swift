import Foundation
import Intelligence

// make bench-forecast: 2,000 generated daily series (seed 2026; 182 days of history, 28 to forecast), our automatic
// forecasts vs statsforecast (AutoETS for smooth series, CrostonOptimized for intermittent ones, classified alike:
// average inter-demand interval >= 1.32). MASE of both is computed here on the held-out 28 days, scaled by the
// in-sample one-step naive error.
let seriesCount = 2_000
let historyDays = 182
let horizon = 28
let season = 7
let shapes: [SyntheticDemand.Shape] = [.level, .trending, .seasonal, .intermittent]

var random = SeededRandom(seed: 2026)
var histories: [[Double]] = []
var actuals: [[Double]] = []
var kinds: [String] = []
for index in 0..<seriesCount {
    let shape = shapes[index % shapes.count]
    let scale = shape == .intermittent ? 2 + 8 * random.uniform() : 5 + 45 * random.uniform()
    let y = SyntheticDemand.series(shape, days: historyDays + horizon, scale: scale, random: &random)
    let history = Array(y[0..<historyDays])
    histories.append(history)
    actuals.append(Array(y[historyDays...]))
    let nonzero = history.filter { $0 > 0 }.count
    kinds.append(nonzero == 0 || Double(historyDays) / Double(nonzero) >= 1.32 ? "intermittent" : "smooth")
}

func mase(_ forecast: [Double], _ actual: [Double], _ history: [Double]) -> Double? {
    var scale = 0.0
    for i in 1..<history.count { scale += abs(history[i] - history[i - 1]) }
    scale /= Double(history.count - 1)
    guard scale > 0, forecast.count == actual.count else { return nil }
    return zip(forecast, actual).map { abs($0 - $1) }.reduce(0, +) / Double(actual.count) / scale
}

print("ForecastBench: \(seriesCount) series (\(kinds.filter { $0 == "intermittent" }.count) intermittent), "
      + "\(historyDays) days of history, horizon \(horizon)")
let forecaster = Forecaster(horizon: horizon, seasonPeriod: season)
_ = forecaster.forecast(histories[0])
let clock = ContinuousClock()
var ours: [Forecast] = []
ours.reserveCapacity(seriesCount)
let ourDuration = clock.measure {
    for history in histories { ours.append(forecaster.forecast(history)) }
}
let ourSeconds = Double(ourDuration.components.seconds) + Double(ourDuration.components.attoseconds) / 1e18
var families: [String: Int] = [:]
for forecast in ours { families[forecast.family.rawValue, default: 0] += 1 }
print("  ours: \(String(format: "%.3f", ourSeconds)) s; families chosen \(families.sorted { $0.key < $1.key })")

// statsforecast on the same series.
let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
    "forecast-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
let seriesURL = temporary.appendingPathComponent("series.csv")
let forecastsURL = temporary.appendingPathComponent("statsforecast.csv")
var csv = "id,kind," + (0..<historyDays).map { "d\($0)" }.joined(separator: ",") + "\n"
for (index, history) in histories.enumerated() {
    csv += "s\(index),\(kinds[index])," + history.map { String(Int($0)) }.joined(separator: ",") + "\n"
}
try csv.write(to: seriesURL, atomically: true, encoding: .utf8)
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("statsforecast_baseline.py")
let process = Process()
let output = Pipe()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", script.path, seriesURL.path, forecastsURL.path, String(horizon), String(season)]
process.standardOutput = output
var results: [String] = []
@MainActor func result(_ name: String, _ value: Double, unit: String, target: String, pass: Bool) {
    results.append(
        "RESULT \(name) value=\(String(format: "%.4f", value)) unit=\(unit) target=\(target) status=\(pass ? "PASS" : "MISS")")
}
var baselineError: String?
do {
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let summary = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    if let error = summary["error"] as? String {
        baselineError = error
    } else if let theirSeconds = (summary["seconds"] as? NSNumber)?.doubleValue {
        let text = try String(contentsOf: forecastsURL, encoding: .utf8)
        var theirs: [String: [Double]] = [:]
        for line in text.split(separator: "\n") {
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            theirs[String(cells[0])] = cells.dropFirst().compactMap { Double($0) }
        }
        var ourMASE: [Double] = []
        var theirMASE: [Double] = []
        var byKind: [String: (ours: Double, theirs: Double, count: Int)] = [:]
        for index in 0..<seriesCount {
            guard let their = theirs["s\(index)"],
                let a = mase(ours[index].point, actuals[index], histories[index]),
                let b = mase(their.map { max(0, $0) }, actuals[index], histories[index])
            else { continue }
            ourMASE.append(a)
            theirMASE.append(b)
            let kind = shapes[index % shapes.count].rawValue
            byKind[kind, default: (0, 0, 0)].ours += a
            byKind[kind, default: (0, 0, 0)].theirs += b
            byKind[kind, default: (0, 0, 0)].count += 1
        }
        let ourMean = ourMASE.reduce(0, +) / Double(ourMASE.count)
        let theirMean = theirMASE.reduce(0, +) / Double(theirMASE.count)
        print("  statsforecast \(summary["version"] ?? "?"): \(String(format: "%.3f", theirSeconds)) s")
        for (kind, sums) in byKind.sorted(by: { $0.key < $1.key }) {
            print("  MASE \(kind): ours \(String(format: "%.4f", sums.ours / Double(sums.count))), statsforecast "
                  + String(format: "%.4f", sums.theirs / Double(sums.count)) + " (\(sums.count) series)")
        }
        print("  mean MASE over \(ourMASE.count) series: ours \(String(format: "%.4f", ourMean)), statsforecast "
              + String(format: "%.4f", theirMean))
        let ratio = ourMean / theirMean
        let speedup = theirSeconds / ourSeconds
        print("  fit + forecast: ours \(String(format: "%.3f", ourSeconds)) s, statsforecast "
              + "\(String(format: "%.3f", theirSeconds)) s (\(String(format: "%.1f", speedup))x)")
        result("forecast_mase_ours", ourMean, unit: "MASE", target: "<=\(String(format: "%.4f", theirMean * 1.05))",
               pass: ratio <= 1.05)
        result("forecast_mase_ratio_vs_statsforecast", ratio, unit: "x", target: "<=1.05", pass: ratio <= 1.05)
        result("forecast_speedup_vs_statsforecast", speedup, unit: "x", target: ">=5", pass: speedup >= 5)
    } else {
        baselineError = "no summary from \(script.path) (exit \(process.terminationStatus))"
    }
} catch {
    baselineError = "could not run \(script.path): \(error)"
}
try? FileManager.default.removeItem(at: temporary)
if let baselineError {
    print("  statsforecast comparison not made: \(baselineError)")
    results.append("RESULT forecast_mase_ratio_vs_statsforecast value=nan unit=x target=<=1.05 status=MISS")
    results.append("RESULT forecast_speedup_vs_statsforecast value=nan unit=x target=>=5 status=MISS")
}
for line in results { print(line) }
