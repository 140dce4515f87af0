// swift-tools-version: 6.1
// Benchmarks live in their own package so the product's build stays lean; each has a make target.
import PackageDescription

let package = Package(
    name: "BondedBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Bonded", path: "..")],
    targets: [
        .executableTarget(
            name: "LedgerBench",
            dependencies: [
                .product(name: "WMSCore", package: "Bonded"),
                .product(name: "Storage", package: "Bonded"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
