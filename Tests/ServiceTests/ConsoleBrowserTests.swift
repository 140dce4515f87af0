import BondedTesting
import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import WMSCore

@testable import Service

/// The console in a real browser: headless Chromium (the Debian `chromium` package) loads pages of the service
/// listening on a loopback port, signed in with a session cookie it got from a one-time sign-in ticket; the test
/// saves screenshots under `.build/test-output/console/` and asserts on the DOM Chromium built.
@Suite("Web console in Chromium", .serialized)
struct ConsoleBrowserTests {
    static let output = Harness.root + "/.build/test-output/console"

    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw WMSError(.configuration, "chromium is not installed: run scripts/install-deps.sh (.ci/apt-packages.console)")
    }

    /// Runs Chromium headless on `url` with `arguments`; returns its standard output.
    static func chromium(_ arguments: [String], url: String, window: String = "1280,1800") async throws -> String {
        let executable = try chromium()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--hide-scrollbars", "--user-data-dir=\(profile.path)", "--window-size=\(window)",
                ] + arguments + [url]
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                do {
                    try process.run()
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Loads `path` signed in as `user` (a one-time ticket redirects to it with the session cookie set), saves a
    /// screenshot named `name` and returns the DOM Chromium built.
    static func load(
        _ path: String, as user: String, name: String, port: Int, harness: Harness, window: String = "1280,1800"
    ) async throws -> String {
        let ticket = harness.service.console.issueTicket(for: user)
        let url = "http://localhost:\(port)/console/login/ticket?ticket=\(ticket)&next=\(ConsoleSecurity.query(path))"
        let screenshot = "\(output)/\(name).png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let dom = try await chromium(["--screenshot=\(screenshot)", "--dump-dom"], url: url, window: window)
        #expect(FileManager.default.fileExists(atPath: screenshot), "screenshot \(name)")
        #expect(dom.contains("nav.sign-out") == false && dom.contains("<form method=\"post\" action=\"/console/logout\""),
                "\(name) is signed in")
        return dom
    }

    @Test("dashboard and rule console in headless Chromium")
    func browser() async throws {
        try FileManager.default.createDirectory(atPath: Self.output, withIntermediateDirectories: true)
        let harness = try await Harness.make(.sqlite)
        do {
            try await Self.run(harness)
        } catch {
            await harness.test.tearDown()
            throw error
        }
        await harness.test.tearDown()
    }

    static func run(_ harness: Harness) async throws {
        try await harness.service.syncRulePacks()
        let app = Application(
            router: harness.service.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let dashboard = try await load(
                "/console/dashboard", as: "admin", name: "dashboard", port: port, harness: harness)
            #expect(dashboard.contains("<svg"))
            #expect(dashboard.contains("id=\"stock\""))
            #expect(dashboard.contains("DE-FRA1 · available"))

            let rules = try await load("/console/rules?lang=zh", as: "compliance", name: "rules-zh", port: port, harness: harness)
            #expect(rules.contains("<html lang=\"zh\">"))
            #expect(rules.contains("dangerous-goods"))

            let tests = try await load(
                "/console/rules/dangerous-goods/1/tests", as: "compliance", name: "pack-tests", port: port,
                harness: harness)
            let summary = try #require(tests.range(of: "id=\"test-summary\"").map { String(tests[$0.lowerBound...].prefix(600)) })
            #expect(!summary.contains("data-passed=\"0\""), "\(summary)")
            #expect(summary.contains("data-failed=\"0\""), "\(summary)")
            #expect(summary.contains("passed"))

            // Edit the pack through the console's form with an error on line 6, then look at it in the browser.
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let number = try await ConsoleRulesTests.saveEdited(
                &browser, harness: harness, pack: "dangerous-goods", file: "pack.rules", note: "browser edit"
            ) { text in
                var lines = text.components(separatedBy: "\n")
                lines.insert("rule ??? when", at: 5)
                return lines.joined(separator: "\n")
            }
            let broken = try await load(
                "/console/rules/dangerous-goods/\(number)", as: "compliance", name: "pack-diagnostic", port: port,
                harness: harness)
            #expect(broken.contains("data-location=\"dangerous-goods/pack.rules:6:"))
            #expect(broken.contains("id=\"L-pack.rules-6\""))
            #expect(broken.contains("id=\"activate\" disabled"))
            let csrf = try #require(ConsoleClient.field("csrf", in: try await browser.get("/console/rules/dangerous-goods/\(number)").text))
            let refused = try await browser.post("/console/rules/dangerous-goods/\(number)/activate", [("csrf", csrf)])
            #expect(refused.status == .unprocessableContent)
            #expect(try await harness.service.activeVersions()["dangerous-goods"] == 1)

            let scanner = try await load(
                "/console/scan/pick?warehouse=DE-FRA1", as: "operator-fra", name: "scanner-pick", port: port,
                harness: harness, window: "390,760")
            #expect(scanner.contains("autofocus"))
        }
    }
}
