// swift-tools-version: 6.1
// Picking benchmark: wave picking with optimised routes vs order-by-order S-shape, our routes vs OR-tools on the
// same distance matrices, and waves planned per second. Its own package so that only WMSCore is compiled.
import PackageDescription

let package = Package(
    name: "PickingBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Bonded", path: "../..")],
    targets: [
        .executableTarget(
            name: "PickingBench",
            dependencies: [.product(name: "WMSCore", package: "Bonded")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
