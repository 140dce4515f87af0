// swift-tools-version: 6.1
// API benchmark, order-to-ship part: a Swift HTTP client drives import → allocate → release → wave → pick scans →
// pack → ship against a running `bonded serve` (run.sh starts it). Its own package so the product's build stays lean;
// the client is Hummingbird's own HTTP/1.1 test client (keep-alive, one connection per worker), already a
// dependency of the service, so no further package is fetched.
import PackageDescription

let package = Package(
    name: "ApiBench",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Bonded", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "OrderFlowBench",
            dependencies: [
                .product(name: "WMSCore", package: "Bonded"),
                .product(name: "Storage", package: "Bonded"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
