import BondedTesting
import ComplianceEngine
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Sync
import Testing
import WMSCore

@testable import Service

/// The rule console: versions persist, activation needs a compiling set whose tests pass, it is audited, it
/// changes what `POST /v1/assess` uses, and it rolls back.
@Suite("Web console rules")
struct ConsoleRulesTests {
    /// Saves a new version of `pack` from version 1 with `edit` applied to `file`; returns its number.
    static func saveEdited(
        _ browser: inout ConsoleClient, harness: Harness, pack: String, file: String, note: String,
        _ edit: (String) -> String
    ) async throws -> Int {
        let base = try #require(try await harness.service.store.packVersion(pack: pack, version: 1))
        let editor = try await browser.get("/console/rules/\(pack)/1/edit")
        #expect(editor.status == .ok)
        let csrf = try #require(ConsoleClient.field("csrf", in: editor.text))
        var fields = [("csrf", csrf), ("base", "1"), ("note", note)]
        for stored in base.files { fields.append(("file:" + stored.name, stored.name == file ? edit(stored.text) : stored.text)) }
        let saved = try await browser.post("/console/rules/\(pack)/versions", fields)
        #expect(saved.status == .seeOther)
        let location = try #require(saved.headers[.location])
        return try #require(Int(location.split(separator: "/").last ?? ""))
    }

    static func csrf(_ browser: inout ConsoleClient, _ page: String) async throws -> String {
        try #require(ConsoleClient.field("csrf", in: try await browser.get(page).text))
    }

    static func assessedHash(_ client: any TestClientProtocol, harness: Harness) async throws -> (String, String) {
        let response = try await client.send(.post, "/v1/assess", as: "compliance", harness: harness, json: sampleAssessment)
        #expect(response.status == .ok)
        let hash = response.object["pack_set_sha256"] as? String ?? ""
        let steps = response.object["explanation"] as? [[String: Any]] ?? []
        let version = steps.first { $0["pack"] as? String == "dangerous-goods" }?["version"] as? String ?? ""
        return (hash, version)
    }

    @Test("an edited pack with an error shows the diagnostic at its line and cannot be activated",
          arguments: TestBackend.allCases)
    func diagnostics(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let number = try await Self.saveEdited(
                &browser, harness: harness, pack: "dangerous-goods", file: "pack.rules", note: "broken"
            ) { text in
                var lines = text.components(separatedBy: "\n")
                lines.insert("rule ??? when", at: 5)  // line 6
                return lines.joined(separator: "\n")
            }
            #expect(number == 2)
            let page = try await browser.get("/console/rules/dangerous-goods/2")
            #expect(page.status == .ok)
            #expect(page.text.contains("data-location=\"dangerous-goods/pack.rules:6:"))
            #expect(page.text.contains("id=\"L-pack.rules-6\""))
            #expect(page.text.contains("<button type=\"submit\" id=\"activate\" disabled>"))
            #expect(!page.text.contains("data-errors=\"0\""))
            let csrf = try #require(ConsoleClient.field("csrf", in: page.text))
            let refused = try await browser.post("/console/rules/dangerous-goods/2/activate", [("csrf", csrf)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"notice\""))
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 1)
            // The version persists and the diff shows the inserted line.
            let diff = try await browser.get("/console/rules/dangerous-goods/diff?from=1&to=2")
            #expect(diff.text.contains("<div class=\"added\"><code>+ rule ??? when</code></div>"))
            #expect(!diff.text.contains("class=\"removed\""))
        }
    }

    @Test("activation is refused while a test fails", arguments: TestBackend.allCases)
    func failingTests(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            let (hashBefore, _) = try await Self.assessedHash(client, harness: harness)
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let number = try await Self.saveEdited(
                &browser, harness: harness, pack: "dangerous-goods", file: "tests.rules", note: "wrong expectation"
            ) { text in
                text.replacingOccurrences(of: "  expect decision == \"release\"\nend", with: "  expect decision == \"hold\"\nend")
            }
            let tests = try await browser.get("/console/rules/dangerous-goods/\(number)/tests")
            #expect(tests.status == .ok)
            #expect(tests.text.contains("id=\"test-summary\""))
            #expect(!tests.text.contains("data-failed=\"0\""))
            #expect(tests.text.contains("class=\"failed\""))
            let csrf = try #require(ConsoleClient.field("csrf", in: tests.text))
            let refused = try await browser.post("/console/rules/dangerous-goods/\(number)/activate", [("csrf", csrf)])
            #expect(refused.status == .unprocessableContent)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 1)
            #expect(try await Self.assessedHash(client, harness: harness).0 == hashBefore)
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 500, warehouse: nil)
            #expect(audit.contains { $0.action == "POST /console/rules/{pack}/{version}/activate" && $0.status == 422 })
            #expect(!audit.contains { $0.action.hasPrefix("activate rule pack dangerous-goods") })
            // Version 1 passes every test.
            let good = try await browser.get("/console/rules/dangerous-goods/1/tests")
            #expect(good.text.contains("data-all-failed=\"0\""))
            #expect(!good.text.contains("data-passed=\"0\""))
        }
    }

    @Test("edges mirror the versions active at the centre, not the centre's rules directory")
    func edgesMirrorActiveVersions() async throws {
        try await ConsoleTests.with(.sqlite) { harness, client in
            func pulled(digest: String = "") async throws -> PullResponse {
                let response = try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/sync/pull?rules=\(digest)", as: "admin", harness: harness)
                #expect(response.status == .ok)
                return try SyncWire.decoder.decode(SyncEnvelope.self, from: Data(response.text.utf8))
                    .unwrap(PullResponse.self)
            }
            let before = try await pulled()
            #expect(try await pulled(digest: before.rulesDigest).rules == nil)
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let number = try await Self.saveEdited(
                &browser, harness: harness, pack: "dangerous-goods", file: "pack.rules", note: "edge edition"
            ) { $0.replacingOccurrences(of: "owner \"DG safety officer\"", with: "owner \"DG desk\"") }
            let csrf = try await Self.csrf(&browser, "/console/rules/dangerous-goods/\(number)")
            let activated = try await browser.post("/console/rules/dangerous-goods/\(number)/activate", [("csrf", csrf)])
            #expect(activated.status == .seeOther)
            let after = try await pulled(digest: before.rulesDigest)
            #expect(after.rulesDigest != before.rulesDigest)
            let pack = try #require(after.rules?.first { $0.path == "dangerous-goods/pack.rules" })
            #expect(pack.text.contains("owner \"DG desk\""))
            #expect(after.rules?.count == before.rules?.count)
        }
    }

    @Test("a rules-directory change becomes a tested, audited version; a failing one never replaces the running one",
          arguments: TestBackend.allCases)
    func directoryChanges(backend: TestBackend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Harness.root + "/Rules", toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Harness.configuration()
        configuration.rulesDirectory = folder.path
        let packFile = folder.appendingPathComponent("dangerous-goods/pack.rules")
        let original = try String(contentsOf: packFile, encoding: .utf8)
        let declared = try #require(original.split(separator: "\n").first { $0.hasPrefix("version \"") })
        try await Harness.with(backend, configuration: configuration) { harness, client in
            try await harness.service.syncRulePacks()
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 1)
            // Unchanged directory: nothing imported.
            let quiet = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(quiet.status == .ok)
            #expect((quiet.object["imported"] as? [Any])?.isEmpty == true)
            // A new edition in the directory: stored as version 2, tested, activated, audited.
            try original.replacingOccurrences(of: declared, with: "version \"2026.12.9\"")
                .write(to: packFile, atomically: true, encoding: .utf8)
            let edition = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(edition.status == .ok)
            let imported = try #require((edition.object["imported"] as? [[String: Any]])?.first)
            #expect(imported["pack"] as? String == "dangerous-goods" && imported["version"] as? Int == 2)
            #expect(imported["activated"] as? Bool == true)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 2)
            let (hashEdition, version) = try await Self.assessedHash(client, harness: harness)
            #expect(version == "2026.12.9")
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 1000, warehouse: nil)
            #expect(audit.contains {
                $0.action == "activate rule pack dangerous-goods version 2 from the rules directory"
                    && $0.actor == "compliance" && $0.status == 200
            })
            // A change whose in-pack test fails: stored as version 3, refused, version 2 keeps assessing.
            let tests = folder.appendingPathComponent("dangerous-goods/tests.rules")
            let testText = try String(contentsOf: tests, encoding: .utf8)
            try testText.replacingOccurrences(
                of: "expect lines[0].un_number == \"UN3480\"", with: "expect lines[0].un_number == \"UN3481\"")
                .write(to: tests, atomically: true, encoding: .utf8)
            let failing = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(failing.status == .unprocessableContent)
            #expect(failing.object["activated"] as? Bool == false)
            let refused = try #require((failing.object["imported"] as? [[String: Any]])?.first)
            #expect(refused["version"] as? Int == 3 && refused["activated"] as? Bool == false)
            #expect(!((refused["failed_tests"] ?? refused["failedTests"]) as? [String] ?? []).isEmpty)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 2)
            #expect(try await Self.assessedHash(client, harness: harness).0 == hashEdition)
            // A restart reads the same directory: the refused version is not tried again, version 2 stays.
            var logger = harness.service.logger
            logger.logLevel = .critical
            let restarted = try BondedService(
                store: harness.service.store, configuration: harness.service.configuration, logger: logger)
            try await restarted.syncRulePacks()
            #expect(try await restarted.activeVersions()["dangerous-goods"] == 2)
            #expect(try await restarted.store.packVersions(pack: "dangerous-goods").count == 3)
            #expect(restarted.packs.current?.contentHash == harness.service.packs.current?.contentHash)
        }
    }

    /// A pack folder new to the database is not loaded untested: it becomes version 1 through the same check as any
    /// directory change, and a refused one stays out of the engine and of what edges mirror.
    @Test("a new pack folder in the rules directory is tested before it assesses", arguments: TestBackend.allCases)
    func newPackFolder(backend: TestBackend) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Harness.root + "/Rules", toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Harness.configuration()
        configuration.rulesDirectory = folder.path
        @Sendable func addPack(_ name: String, expecting code: String, importing: String? = nil) throws {
            let directory = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try """
                pack \(name)
                version "2026.12.1"
                owner "test desk"
                \(importing.map { "import \($0)" } ?? "")

                applies when shipment.to == "US"

                source note "a test source"

                rule \(name)-mark per line
                  when line.origin != "US"
                  then code "TEST-MARK"
                  source note
                end

                fixture lamp {
                  "id": "t-1", "date": "2026-12-02", "sale": "B2C", "from": "DE", "to": "US", "transport": "air",
                  "currency": "EUR",
                  "lines": [ { "sku": "LAMP", "hs": "940540", "origin": "CN", "category": "general", "quantity": 1,
                    "unit_price": "30.00" } ]
                }

                test "foreign goods are marked" given lamp
                  expect codes contains "\(code)"
                end
                """.write(to: directory.appendingPathComponent("pack.rules"), atomically: true, encoding: .utf8)
        }
        @Sendable func loaded(_ service: BondedService) -> Set<String> {
            Set(service.packs.current?.packs.map(\.name) ?? [])
        }
        try await Harness.with(backend, configuration: configuration) { harness, client in
            try await harness.service.syncRulePacks()
            // Two new packs, the first (in name order) importing the second: both come in, in rounds.
            try addPack("zz-passing", expecting: "TEST-MARK")
            try addPack("aa-importing", expecting: "TEST-MARK", importing: "zz-passing")
            let added = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(added.status == .ok)
            let imported = try #require(added.object["imported"] as? [[String: Any]])
            #expect(imported.map { $0["pack"] as? String } == ["aa-importing", "zz-passing"])
            #expect(imported.allSatisfy { $0["version"] as? Int == 1 && $0["activated"] as? Bool == true })
            #expect(try await harness.service.activeVersions()["zz-passing"] == 1)
            #expect(try await harness.service.activeVersions()["aa-importing"] == 1)
            #expect(loaded(harness.service).isSuperset(of: ["zz-passing", "aa-importing"]))

            try addPack("zz-failing", expecting: "NO-SUCH-CODE")
            let refused = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(refused.status == .unprocessableContent)
            let refusal = try #require((refused.object["imported"] as? [[String: Any]])?.first)
            #expect(refusal["pack"] as? String == "zz-failing" && refusal["activated"] as? Bool == false)
            #expect(try await harness.service.activeVersions()["zz-failing"] == nil)
            #expect(!loaded(harness.service).contains("zz-failing"))
            #expect(loaded(harness.service).contains("zz-passing"))
            #expect(try await !harness.service.activeRuleFiles().contains { $0.path.hasPrefix("zz-failing/") })
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 1000, warehouse: nil)
            #expect(audit.contains {
                $0.action.hasPrefix("refuse rule pack zz-failing version 1 from the rules directory") && $0.status == 422
            })
            // A restart does not sneak it in either.
            var logger = harness.service.logger
            logger.logLevel = .critical
            let restarted = try BondedService(
                store: harness.service.store, configuration: harness.service.configuration, logger: logger)
            try await restarted.syncRulePacks()
            #expect(!loaded(restarted).contains("zz-failing"))
            #expect(loaded(restarted).contains("zz-passing"))
        }
    }

    @Test("activation changes the engine, is audited, persists and rolls back", arguments: TestBackend.allCases)
    func activationAndRollback(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            let (hashBefore, versionBefore) = try await Self.assessedHash(client, harness: harness)
            // The version the shipped pack declares (officers bump it with every edit of Rules/).
            let shipped = try String(
                contentsOf: URL(fileURLWithPath: Harness.root).appendingPathComponent("Rules/dangerous-goods/pack.rules"),
                encoding: .utf8)
            let declared = try #require(
                shipped.split(separator: "\n").first { $0.hasPrefix("version \"") }.map(String.init))
            #expect(declared == "version \"\(versionBefore)\"")
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let number = try await Self.saveEdited(
                &browser, harness: harness, pack: "dangerous-goods", file: "pack.rules", note: "new edition"
            ) { $0.replacingOccurrences(of: declared, with: "version \"2026.12.1\"") }
            let csrf = try await Self.csrf(&browser, "/console/rules/dangerous-goods/\(number)")
            let activated = try await browser.post("/console/rules/dangerous-goods/\(number)/activate", [("csrf", csrf)])
            #expect(activated.status == .seeOther)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == number)
            let (hashAfter, versionAfter) = try await Self.assessedHash(client, harness: harness)
            #expect(hashAfter != hashBefore)
            #expect(versionAfter == "2026.12.1")
            let packPage = try await browser.get("/console/rules/dangerous-goods")
            #expect(packPage.text.contains("id=\"rollback\""))

            // A restarted service over the same store uses the activated version.
            var logger = harness.service.logger
            logger.logLevel = .critical
            let restarted = try BondedService(
                store: harness.service.store, configuration: harness.service.configuration, logger: logger)
            #expect(restarted.packs.current?.contentHash != hashAfter)
            try await restarted.syncRulePacks()
            #expect(restarted.packs.current?.contentHash == hashAfter)

            let rollback = try await browser.post(
                "/console/rules/dangerous-goods/rollback", [("csrf", try #require(ConsoleClient.field("csrf", in: packPage.text)))])
            #expect(rollback.status == .seeOther)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 1)
            #expect(try await Self.assessedHash(client, harness: harness) == (hashBefore, versionBefore))
            let none = try await browser.post("/console/rules/dangerous-goods/rollback", [("csrf", csrf)])
            #expect(none.status == .conflict)

            let audit = try await harness.service.store.auditRecords(after: 0, limit: 500, warehouse: nil)
            let steps = audit.filter { $0.actor == "compliance" && $0.action.contains("rule pack dangerous-goods") }
            #expect(steps.map(\.action) == [
                "activate rule pack dangerous-goods version \(number)", "roll back rule pack dangerous-goods to version 1",
            ])
            let history = try await harness.service.store.packActivations().filter { $0.pack == "dangerous-goods" }
            #expect(history.map(\.action) == [.activate, .activate, .rollback])
            #expect(history.map(\.version) == [1, number, 1])
            // A warehouse manager reads the rules but may not change them.
            var manager = try await ConsoleClient.signedIn("manager-fra", harness: harness, client: client)
            #expect(try await manager.get("/console/rules/dangerous-goods").status == .ok)
            let managerCSRF = try await Self.csrf(&manager, "/console/rules/dangerous-goods")
            let forbidden = try await manager.post(
                "/console/rules/dangerous-goods/\(number)/activate", [("csrf", managerCSRF)])
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test("a version can add a file (its error shown at its line) and leave one out", arguments: [TestBackend.sqlite])
    func addAndRemoveFiles(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            var browser = try await ConsoleClient.signedIn("admin", harness: harness, client: client)
            let base = try #require(try await harness.service.store.packVersion(pack: "dangerous-goods", version: 1))
            let csrf = try await Self.csrf(&browser, "/console/rules/dangerous-goods/1/edit")
            var fields = [("csrf", csrf), ("newfile", "extra.rules"), ("newtext", "# extra\n\nlet = 1\n")]
            for file in base.files { fields.append(("file:" + file.name, file.name == "tests.rules" ? "  " : file.text)) }
            let saved = try await browser.post("/console/rules/dangerous-goods/versions", fields)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await harness.service.store.packVersion(pack: "dangerous-goods", version: 2))
            #expect(stored.files.map(\.name).contains("extra.rules"))
            #expect(!stored.files.map(\.name).contains("tests.rules"))
            let page = try await browser.get("/console/rules/dangerous-goods/2")
            #expect(page.text.contains("data-location=\"dangerous-goods/extra.rules:3:"))
            let bad = try await browser.post(
                "/console/rules/dangerous-goods/versions", [("csrf", csrf), ("file:../x.rules", "pack x")])
            #expect(bad.status == .badRequest)
            #expect(try await harness.service.store.packVersions(pack: "dangerous-goods").count == 2)
        }
    }

    @Test("rollback history: activations push, rollbacks pop")
    func rollbackStack() {
        let at = Date(timeIntervalSince1970: 0)
        var history = [
            PackActivation(pack: "p", version: 1, action: .activate, actor: "a", at: at),
            PackActivation(pack: "p", version: 3, action: .activate, actor: "a", at: at),
            PackActivation(pack: "q", version: 1, action: .activate, actor: "a", at: at),
            PackActivation(pack: "p", version: 4, action: .activate, actor: "a", at: at),
        ]
        #expect(PackActivation.activeVersions(history) == ["p": 4, "q": 1])
        #expect(PackActivation.rollbackTarget(pack: "p", history) == 3)
        #expect(PackActivation.rollbackTarget(pack: "q", history) == nil)
        history.append(PackActivation(pack: "p", version: 3, action: .rollback, actor: "a", at: at))
        #expect(PackActivation.rollbackTarget(pack: "p", history) == 1)
        history.append(PackActivation(pack: "p", version: 1, action: .rollback, actor: "a", at: at))
        #expect(PackActivation.activeVersions(history)["p"] == 1)
        #expect(PackActivation.rollbackTarget(pack: "p", history) == nil)
    }

    @Test("line diff")
    func lineDiff() {
        let changes = LineDiff.diff(["a", "b", "c"], ["a", "x", "c", "d"])
        #expect(changes == [.same("a"), .removed("b"), .added("x"), .same("c"), .added("d")]
            || changes == [.same("a"), .added("x"), .removed("b"), .same("c"), .added("d")])
        #expect(LineDiff.diff([], []) == [])
    }
}
