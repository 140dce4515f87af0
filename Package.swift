// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Bonded",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bonded", targets: ["bonded"]),
        .library(name: "WMSCore", targets: ["WMSCore"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "ComplianceEngine", targets: ["ComplianceEngine"]),
        .library(name: "Documents", targets: ["Documents"]),
        .library(name: "Intelligence", targets: ["Intelligence"]),
        .library(name: "Service", targets: ["Service"]),
        .library(name: "Sync", targets: ["Sync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The HTTP service (Sources/Service): Hummingbird 2 brings swift-nio, swift-log and service-lifecycle.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The edge's HTTP(S) client to the centre (Sources/Sync/SyncClient.swift): URLSession's libcurl/dispatch
        // event handling was the largest CPU cost of a catch-up. Already built for HummingbirdTesting's tests.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages; `make` installs them)
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibXSLT", pkgConfig: "libexslt", providers: [.apt(["libxslt1-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CXMLSec", pkgConfig: "xmlsec1", providers: [.apt(["libxmlsec1-dev"])]),
        .systemLibrary(name: "CRSVG", pkgConfig: "librsvg-2.0", providers: [.apt(["librsvg2-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Warehouse domain (pure; no I/O); calls the compliance engine so no operation can skip it
        .target(
            name: "WMSCore",
            dependencies: ["ComplianceEngine", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "WMSCoreTests", dependencies: ["WMSCore", "BondedTesting"]),
        .testTarget(
            name: "FlowsTests", dependencies: ["WMSCore", "Storage", "ComplianceEngine", "BondedTesting"],
            exclude: ["Fixtures"]),
        .testTarget(name: "PickingTests", dependencies: ["WMSCore"]),

        // MARK: Storage adapters (SQLite embedded default, PostgreSQL through libpq)
        .target(name: "Storage", dependencies: ["WMSCore", "CSQLite", "CLibPQ"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "WMSCore", "BondedTesting"]),
        .testTarget(
            name: "ReturnsTests", dependencies: ["WMSCore", "Storage", "ComplianceEngine", "BondedTesting"],
            exclude: ["Fixtures"]),

        // MARK: Test helpers (stores on both backends, fixtures); not API
        .target(name: "BondedTesting", dependencies: ["WMSCore", "Storage"]),

        // MARK: Compliance rule engine (pure; imports nothing of ours)
        .target(name: "ComplianceEngine"),
        .testTarget(name: "ComplianceEngineTests", dependencies: ["ComplianceEngine"]),

        // MARK: Customs documents and labels (XML, XSD, XSLT, barcodes, rendering)
        .target(
            name: "Documents",
            dependencies: ["ComplianceEngine", "CLibXML2", "CLibXSLT", "CQRencode", "CRSVG", "CXMLSec"],
            exclude: ["README.md"]
        ),
        // Fixtures and golden files are read by path (#filePath), not bundled.
        .testTarget(
            name: "DocumentsTests", dependencies: ["Documents", "ComplianceEngine"], exclude: ["Fixtures", "Golden"]),

        // MARK: Inventory intelligence (pure; deterministic): demand history, forecasts, warnings, suggestions
        .target(name: "Intelligence", dependencies: ["WMSCore", "ComplianceEngine"], exclude: ["README.md"]),
        .testTarget(name: "IntelligenceTests", dependencies: ["Intelligence", "WMSCore", "ComplianceEngine"]),
        // MARK: The HTTP service (Hummingbird 2): API, identity, audit, outbox delivery
        .target(
            name: "Service",
            dependencies: [
                "WMSCore", "Storage", "ComplianceEngine", "Documents", "Sync", "Fulfilment",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/openapi.json"), .copy("Resources/console")]
        ),
        .testTarget(
            name: "ServiceTests",
            dependencies: [
                "Service", "WMSCore", "Storage", "ComplianceEngine", "BondedTesting", "Sync",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),

        // MARK: The CLI
        .executableTarget(
            name: "bonded",
            dependencies: [
                "WMSCore", "Storage", "ComplianceEngine", "Documents", "Intelligence", "Fulfilment", "Service", "Sync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Outbound glue: packing asks the Documents module for the assessment's documents and the label
        .target(name: "Fulfilment", dependencies: ["WMSCore", "Documents", "ComplianceEngine"]),
        .testTarget(
            name: "OrdersTests",
            dependencies: ["WMSCore", "Storage", "ComplianceEngine", "Documents", "Fulfilment", "BondedTesting"]),

        // MARK: Edge ↔ centre replication (push the ledger, pull master data, orders and rules); README inside
        .target(
            name: "Sync",
            dependencies: [
                "WMSCore", "Storage", "ComplianceEngine", "CZlib", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Sync", "Service", "WMSCore", "Storage", "ComplianceEngine", "BondedTesting",
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
