// swift-tools-version: 6.1
// Documents benchmark: build + validate + XSLT of a 5-line H7, next to Python lxml doing the same in the same run.
// Its own package (beside the lead's Benchmarks/Package.swift) so that only Documents is compiled.
import PackageDescription

let package = Package(
    name: "DocsBench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Bonded", path: "../..")],
    targets: [
        .executableTarget(
            name: "DocsBench",
            dependencies: [.product(name: "Documents", package: "Bonded")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
