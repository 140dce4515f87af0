// swift-tools-version: 6.1
// Sync benchmark: an edge offline for a simulated 24 hours with 50,000 operations catches up with a central
// service on PostgreSQL over HTTP. Its own package so the main build stays lean.
import PackageDescription

let package = Package(
    name: "SyncBench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Bonded", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "SyncBench",
            dependencies: [
                .product(name: "WMSCore", package: "Bonded"),
                .product(name: "Storage", package: "Bonded"),
                .product(name: "Service", package: "Bonded"),
                .product(name: "Sync", package: "Bonded"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
