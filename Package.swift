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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: C libraries (Debian -dev packages; `make` installs them)
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // MARK: Warehouse domain (pure; no I/O)
        .target(
            name: "WMSCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "WMSCoreTests", dependencies: ["WMSCore", "BondedTesting"]),

        // MARK: Storage adapters (SQLite embedded default, PostgreSQL through libpq)
        .target(name: "Storage", dependencies: ["WMSCore", "CSQLite", "CLibPQ"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "WMSCore", "BondedTesting"]),

        // MARK: Test helpers (stores on both backends, fixtures); not API
        .target(name: "BondedTesting", dependencies: ["WMSCore", "Storage"]),

        // MARK: Compliance rule engine (pure; imports nothing of ours)
        .target(name: "ComplianceEngine"),
        .testTarget(name: "ComplianceEngineTests", dependencies: ["ComplianceEngine"]),

        // MARK: The CLI
        .executableTarget(
            name: "bonded",
            dependencies: [
                "WMSCore", "Storage", "ComplianceEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
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
