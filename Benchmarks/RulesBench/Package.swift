// swift-tools-version: 6.1
// Rules engine benchmark. A separate package so the main build stays lean; it compiles the engine's sources through a
// symlink (Sources/ComplianceEngine -> ../../../Sources/ComplianceEngine), so it needs none of the app's dependencies.
import PackageDescription

let package = Package(
    name: "RulesBench",
    platforms: [.macOS(.v14)],
    targets: [
        .target(name: "ComplianceEngine", path: "Sources/ComplianceEngine"),
        .executableTarget(name: "RulesBench", dependencies: ["ComplianceEngine"], path: "Sources/RulesBench"),
    ]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
