import ComplianceEngine
import Foundation
import HTTPTypes
import Logging
import Sync
import WMSCore

/// What checking a pack version found: its diagnostics in the set it would join, and its in-pack test results.
struct VersionCheck: Sendable {
    var diagnostics: [Diagnostic]
    /// The tests of the whole set with this version in it (nil when it does not compile).
    var report: PackTestReport?
    /// The pack's own tests.
    var packResults: [PackTestResult]

    var errors: Int { diagnostics.filter { $0.severity == .error }.count }
    var failedTests: Int { report?.failed ?? 0 }
    /// Activation needs a set that compiles and passes every test.
    var activatable: Bool { report != nil && errors == 0 && failedTests == 0 }
}

/// Rule pack versions in the database: the rules directory seeds version 1 of each pack; the active version of
/// every pack (its activation history replayed) makes the pack set the engine assesses with.
extension BondedService {
    /// The rules directory's files by pack (directory name).
    func diskPacks() throws -> [String: [PackFile]] {
        let base = configuration.rulesDirectory.hasSuffix("/")
            ? String(configuration.rulesDirectory.dropLast()) : configuration.rulesDirectory
        var packs: [String: [PackFile]] = [:]
        for file in try RuleFiles.read(directory: base) {
            let relative = file.path.dropFirst(base.count + 1).split(separator: "/").map(String.init)
            guard relative.count == 2 else { continue }
            packs[relative[0], default: []].append(PackFile(name: relative[1], text: file.text))
        }
        return packs
    }

    /// The note of versions read from the rules directory (author `system`).
    static let directoryNote = "rules directory"

    /// Stores version 1 of every pack that has none (activated, audited), imports what changed in the rules
    /// directory since (see `importRulesDirectory`), then loads the active versions into the engine. Called when
    /// the service starts; an active set with errors keeps the directory's set running.
    public func syncRulePacks() async throws {
        try await seedRulePacks()
        _ = try await importRulesDirectory { action, status in
            AuditRecord(
                at: Date(), actor: "system", role: "-", action: action, target: "/v1/rules/reload", warehouse: nil,
                remote: "local", status: status, requestID: UUID().uuidString.lowercased())
        }
        try await applyActivePacks()
    }

    /// A pack's version read from the directory, and whether it became the active one.
    struct DirectoryImport: Sendable {
        var pack: String
        var version: Int
        var activated: Bool
        var check: VersionCheck
    }

    /// Stores each pack whose files in the rules directory differ from its newest directory version as a new
    /// version, and activates it when the set compiles and every in-pack test passes: a rule-file edit is how policy
    /// changes, so it must reach a database seeded from an older directory. A pack folder that is new to the
    /// database takes the same path as its version 1. A version that fails stays stored and inactive while the
    /// running set keeps assessing (a refused new pack is not loaded at all). Every step is audited
    /// (`audit(action, status)`).
    func importRulesDirectory(audit: (String, Int) -> AuditRecord) async throws -> [DirectoryImport] {
        // A service that never synced its packs (no activation stored) runs the directory as it is.
        guard try await !store.packActivations().isEmpty else { return [] }
        var pending: [PackVersion] = []
        for (pack, files) in try diskPacks().sorted(by: { $0.key < $1.key }) {
            let stored = try await store.packVersions(pack: pack)
            let lastRead = stored.last { $0.author == "system" && $0.note == Self.directoryNote }
            if let lastRead, Self.sameFiles(lastRead.files, files) { continue }
            pending.append(
                try await store.addPackVersion(
                    pack: pack, files: files, author: "system", note: Self.directoryNote, at: Date()))
        }
        // Rounds, so a version that needs another changed pack's new version (an import, a table) is tried again
        // once that one is active; stop when a round activates nothing.
        var imports: [DirectoryImport] = []
        var checks: [String: VersionCheck] = [:]
        var progress = true
        while progress, !pending.isEmpty {
            progress = false
            var refused: [PackVersion] = []
            for version in pending {
                let check = try await checkVersion(version, runTests: true)
                checks[version.pack] = check
                guard check.activatable else {
                    refused.append(version)
                    continue
                }
                try await store.record(
                    PackActivation(
                        pack: version.pack, version: version.version, action: .activate, actor: "system", at: Date()),
                    audit: audit("activate \(Self.directoryLabel(version))", 200))
                imports.append(DirectoryImport(pack: version.pack, version: version.version, activated: true, check: check))
                progress = true
            }
            pending = refused
        }
        for version in pending {
            guard let check = checks[version.pack] else { continue }
            _ = try await store.append(
                audit(
                    "refuse \(Self.directoryLabel(version)): \(check.errors) errors, \(check.failedTests) failed tests",
                    422))
            logger.error(
                "rules directory change not activated",
                metadata: ["pack": "\(version.pack)", "errors": "\(check.errors)", "failed": "\(check.failedTests)"])
            imports.append(DirectoryImport(pack: version.pack, version: version.version, activated: false, check: check))
        }
        return imports.sorted { $0.pack < $1.pack }
    }

    static func directoryLabel(_ version: PackVersion) -> String {
        "rule pack \(version.pack) version \(version.version) from the rules directory"
    }

    static func sameFiles(_ a: [PackFile], _ b: [PackFile]) -> Bool {
        a.sorted { $0.name < $1.name } == b.sorted { $0.name < $1.name }
    }

    /// On a database without any activation (the first start), stores version 1 of every pack in the rules
    /// directory, activated and audited: the shipped set, whose tests `make test` runs. Packs that appear later
    /// are imported like any other directory change, tested first.
    private func seedRulePacks() async throws {
        let history = try await store.packActivations()
        guard history.isEmpty else { return }
        for (pack, files) in try diskPacks().sorted(by: { $0.key < $1.key }) {
            let version: PackVersion
            if let first = try await store.packVersions(pack: pack).first {
                version = first
            } else {
                version = try await store.addPackVersion(
                    pack: pack, files: files, author: "system", note: Self.directoryNote, at: Date())
            }
            let audit = AuditRecord(
                at: Date(), actor: "system", role: "-", action: "seed rule pack", target: "/console/rules/\(pack)",
                warehouse: nil, remote: "local", status: 201, requestID: UUID().uuidString.lowercased())
            try await store.record(
                PackActivation(pack: pack, version: version.version, action: .activate, actor: "system", at: Date()),
                audit: audit)
        }
    }

    /// Loads the active version of every pack into the engine; returns the load's diagnostics.
    @discardableResult
    func applyActivePacks() async throws -> [Diagnostic] {
        let result = packs.reload(try await composedFiles())
        if result.packSet == nil {
            logger.error("the active rule pack versions do not compile", metadata: ["errors": "\(result.errors.count)"])
        }
        return result.diagnostics
    }

    /// The active version number of each pack.
    func activeVersions() async throws -> [String: Int] {
        PackActivation.activeVersions(try await store.packActivations())
    }

    /// The files of the active set, with `replacement` standing in for its pack's active version.
    func composedFiles(replacing replacement: PackVersion? = nil) async throws -> [SourceFile] {
        var files = try await activePackFiles()
        if let replacement { files[replacement.pack] = replacement.files }
        return files.flatMap { pack, files in files.map { SourceFile(path: sourcePath(pack, $0.name), text: $0.text) } }
    }

    /// Each pack's files: its active version's, or the directory's for a pack the database has never seen (before
    /// the first sync). A pack with stored versions but none active (a refused new pack) is left out.
    func activePackFiles() async throws -> [String: [PackFile]] {
        var files: [String: [PackFile]] = [:]
        let active = try await activeVersions()
        for (pack, version) in active {
            if let stored = try await store.packVersion(pack: pack, version: version) { files[pack] = stored.files }
        }
        for (pack, disk) in try diskPacks() where active[pack] == nil {
            if try await store.packVersions(pack: pack).isEmpty { files[pack] = disk }
        }
        return files
    }

    /// The active set as `pack/file` paths: what edges mirror.
    func activeRuleFiles() async throws -> [RuleFile] {
        try await activePackFiles().flatMap { pack, files in
            files.map { RuleFile(path: "\(pack)/\($0.name)", text: $0.text) }
        }
    }

    func sourcePath(_ pack: String, _ name: String) -> String {
        let base = configuration.rulesDirectory.hasSuffix("/")
            ? String(configuration.rulesDirectory.dropLast()) : configuration.rulesDirectory
        return "\(base)/\(pack)/\(name)"
    }

    /// `pack/file` for a diagnostic's full path.
    func displayPath(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.suffix(2).joined(separator: "/")
    }

    /// Compiles the set with `version` in it and, when it compiles, runs every in-pack test.
    func checkVersion(_ version: PackVersion, runTests: Bool) async throws -> VersionCheck {
        let result = PackSet.compile(try await composedFiles(replacing: version))
        guard let packSet = result.packSet else {
            return VersionCheck(diagnostics: result.diagnostics, report: nil, packResults: [])
        }
        guard runTests else { return VersionCheck(diagnostics: result.diagnostics, report: nil, packResults: []) }
        let report = packSet.runTests()
        return VersionCheck(
            diagnostics: result.diagnostics, report: report, packResults: report.results.filter { $0.pack == version.pack })
    }

    /// Activates a version when its set compiles and every test passes; the step and its audit record are stored
    /// together, then the engine switches to the new set.
    func activate(pack: String, version number: Int, call: ConsoleCall) async throws -> VersionCheck {
        guard let version = try await store.packVersion(pack: pack, version: number) else {
            throw Problem.notFound("pack version", field: "version", value: "\(pack)/\(number)")
        }
        let check = try await checkVersion(version, runTests: true)
        guard check.activatable else { return check }
        try await store.record(
            PackActivation(pack: pack, version: number, action: .activate, actor: call.caller.username, at: Date()),
            audit: call.auditRecord(action: "activate rule pack \(pack) version \(number)", warehouse: nil, status: 200))
        try await applyActivePacks()
        return check
    }

    /// Returns a pack to the version active before the current one (audited); nil when there is none.
    func rollback(pack: String, call: ConsoleCall) async throws -> Int? {
        guard let target = PackActivation.rollbackTarget(pack: pack, try await store.packActivations()),
            let version = try await store.packVersion(pack: pack, version: target)
        else { return nil }
        // The set may have moved on since that version was active: it must still compile.
        let check = try await checkVersion(version, runTests: false)
        guard check.errors == 0 else {
            throw Problem(
                .unprocessableContent, code: "rollback-does-not-compile",
                call.t("rules.has-errors", String(check.errors)), field: "version", value: "\(pack)/\(target)")
        }
        try await store.record(
            PackActivation(pack: pack, version: target, action: .rollback, actor: call.caller.username, at: Date()),
            audit: call.auditRecord(action: "roll back rule pack \(pack) to version \(target)", warehouse: nil, status: 200))
        try await applyActivePacks()
        return target
    }
}
