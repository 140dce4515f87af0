// swift-tools-version: 6.1
// Inbound benchmark: receive + classify + putaway of a 10,000-line ASN on SQLite and PostgreSQL.
// Its own package so that only the ledger, storage and compliance modules are compiled.
import PackageDescription

let package = Package(
    name: "InboundBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Bonded", path: "../..")],
    targets: [
        .executableTarget(
            name: "InboundBench",
            dependencies: [
                .product(name: "WMSCore", package: "Bonded"),
                .product(name: "Storage", package: "Bonded"),
                .product(name: "ComplianceEngine", package: "Bonded"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
