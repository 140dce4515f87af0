// swift-tools-version: 6.1
// Forecast benchmark: our automatic forecasts (ETS family, Croston/SBA/TSB, backtest choice) against statsforecast
// (AutoETS, CrostonOptimized) on the same 2,000 generated series: accuracy (MASE) and fit+forecast time.
// Its own package so that only Intelligence and what it needs are compiled.
import PackageDescription

let package = Package(
    name: "ForecastBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Bonded", path: "../..")],
    targets: [
        .executableTarget(
            name: "ForecastBench",
            dependencies: [.product(name: "Intelligence", package: "Bonded")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
