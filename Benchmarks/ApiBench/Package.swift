// swift-tools-version: 6.1
// API benchmark, order-to-ship part: a Swift HTTP client (Foundation's URLSession, keep-alive) drives import →
// allocate → release → wave → pick scans → pack → ship against a running `bonded serve` that run.sh starts. Its
// own package with no dependencies, so it builds in seconds beside the release `bonded`.
import PackageDescription

let package = Package(
    name: "ApiBench",
    platforms: [.macOS(.v14)],
    targets: [
        .executableTarget(name: "OrderFlowBench", swiftSettings: [.swiftLanguageMode(.v6)])
    ]
)
