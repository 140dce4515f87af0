import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WMSCore

@testable import Service

/// The web console through the router test client: sign-in, CSRF, scope, every page, rule pack versions with
/// activation and rollback, and the scanner pages, on SQLite and PostgreSQL.
@Suite("Web console")
struct ConsoleTests {
    /// A harness whose rule packs are stored as version 1 of each pack.
    static func with(
        _ backend: TestBackend, _ body: @escaping @Sendable (Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        try await Harness.with(backend) { harness, client in
            try await harness.service.syncRulePacks()
            try await body(harness, client)
        }
    }

    @Test("sign-in form, secure session cookie stored hashed, sign-out", arguments: TestBackend.allCases)
    func signIn(backend: TestBackend) async throws {
        try await Self.with(backend) { harness, client in
            var browser = ConsoleClient(client)
            let first = try await browser.get("/console/dashboard")
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/console/login?next=/console/dashboard")
            let form = try await browser.get("/console/login?next=/console/rules")
            #expect(form.status == .ok)
            let token = try #require(ConsoleClient.field("login_csrf", in: form.text))
            #expect(browser.cookies[ConsoleSecurity.loginCookie] == token)
            let wrong = try await browser.post(
                "/console/login",
                [("login_csrf", token), ("next", "/console/rules"), ("username", "admin"), ("password", "nope")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("id=\"login-failed\""))
            #expect(browser.cookies[ConsoleSecurity.sessionCookie] == nil)
            let right = try await browser.post(
                "/console/login",
                [
                    ("login_csrf", token), ("next", "/console/rules"), ("username", "admin"),
                    ("password", BondedService.demoPassword),
                ])
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/console/rules")
            let setCookie = right.headers[values: .setCookie].first { $0.hasPrefix(ConsoleSecurity.sessionCookie) } ?? ""
            for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/console"] {
                #expect(setCookie.contains(attribute), "\(attribute) in \(setCookie)")
            }
            let sessionID = try #require(browser.cookies[ConsoleSecurity.sessionCookie])
            let store = harness.service.store
            #expect(try await store.consoleSession(idHash: ConsoleSecurity.hash(sessionID))?.username == "admin")
            #expect(try await store.consoleSession(idHash: sessionID) == nil)
            let page = try await browser.get("/console/rules")
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"packs\""))
            // An open redirect is not possible through `next`.
            #expect(BondedService.safeNext("https://evil.example/") == "/console/dashboard")
            #expect(BondedService.safeNext("//evil.example/console") == "/console/dashboard")
            let csrf = try #require(ConsoleClient.field("csrf", in: page.text))
            let out = try await browser.post("/console/logout", [("csrf", csrf)])
            #expect(out.status == .seeOther)
            #expect(try await store.consoleSession(idHash: ConsoleSecurity.hash(sessionID)) == nil)
            var stale = ConsoleClient(client)
            stale.cookies[ConsoleSecurity.sessionCookie] = sessionID
            #expect(try await stale.get("/console/rules").status == .seeOther)
            // A one-time ticket works once.
            let ticket = harness.service.console.issueTicket(for: "compliance")
            var once = ConsoleClient(client)
            #expect(try await once.get("/console/login/ticket?ticket=\(ticket)").status == .seeOther)
            var twice = ConsoleClient(client)
            #expect(try await twice.get("/console/login/ticket?ticket=\(ticket)").status == .unauthorized)
            let logins = try await store.auditRecords(after: 0, limit: 100, warehouse: nil)
                .filter { $0.action == "POST /console/login" }
            #expect(logins.map(\.status) == [401, 303])
        }
    }

    @Test("an expired session signs nobody in and is removed", arguments: [TestBackend.sqlite])
    func expiredSession(backend: TestBackend) async throws {
        try await Self.with(backend) { harness, client in
            let sessionID = TokenMaker.make()
            let hash = ConsoleSecurity.hash(sessionID)
            try await harness.service.store.save(
                ConsoleSession(idHash: hash, username: "admin", createdAt: Date() - 50_000, expiresAt: Date() - 1))
            var browser = ConsoleClient(client)
            browser.cookies[ConsoleSecurity.sessionCookie] = sessionID
            #expect(try await browser.get("/console/dashboard").status == .seeOther)
            #expect(try await harness.service.store.consoleSession(idHash: hash) == nil)
        }
    }

    @Test("forms without the CSRF token are refused and audited", arguments: TestBackend.allCases)
    func csrf(backend: TestBackend) async throws {
        try await Self.with(backend) { harness, client in
            var browser = try await ConsoleClient.signedIn("compliance", harness: harness, client: client)
            let before = try await harness.service.activeVersions()
            for fields in [[(String, String)](), [("csrf", "0123")], [("csrf", ConsoleSecurity.csrfToken("other"))]] {
                let response = try await browser.post("/console/rules/dangerous-goods/1/activate", fields)
                #expect(response.status == .forbidden)
                #expect(response.text.contains("id=\"error\""))
            }
            let save = try await browser.post(
                "/console/rules/dangerous-goods/versions", [("file:pack.rules", "pack x"), ("note", "no token")])
            #expect(save.status == .forbidden)
            #expect(try await harness.service.store.packVersions(pack: "dangerous-goods").count == 1)
            #expect(try await harness.service.activeVersions() == before)
            let refused = try await harness.service.store.auditRecords(after: 0, limit: 100, warehouse: nil)
                .filter { $0.status == 403 && $0.actor == "compliance" }
            #expect(refused.count == 4)
            // The login form has its own double-submit token.
            var anonymous = ConsoleClient(client)
            let login = try await anonymous.post(
                "/console/login", [("username", "admin"), ("password", BondedService.demoPassword)])
            #expect(login.status == .forbidden)
            #expect(anonymous.cookies[ConsoleSecurity.sessionCookie] == nil)
        }
    }

    @Test("a user sees only their warehouses and pages their role allows", arguments: TestBackend.allCases)
    func scope(backend: TestBackend) async throws {
        try await Self.with(backend) { harness, client in
            var fra = try await ConsoleClient.signedIn("operator-fra", harness: harness, client: client)
            let dashboard = try await fra.get("/console/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("data-warehouses=\"DE-FRA1\""))
            #expect(!dashboard.text.contains("US-LAX1"))
            #expect(!dashboard.text.contains("CN-NGB1"))
            #expect(try await fra.get("/console/dashboard?warehouse=US-LAX1").status == .forbidden)
            #expect(try await fra.get("/console/scan/receive?warehouse=US-LAX1").status == .forbidden)
            #expect(try await fra.get("/console/rules").status == .forbidden)
            let scan = try await fra.get("/console/scan/receive?warehouse=DE-FRA1")
            let csrf = try #require(ConsoleClient.field("csrf", in: scan.text))
            let foreign = try await fra.post(
                "/console/scan/receive", [("csrf", csrf), ("warehouse", "US-LAX1"), ("scan", "DOCK-1")])
            #expect(foreign.status == .forbidden)
            var integration = try await ConsoleClient.signedIn("integration-ngb", harness: harness, client: client)
            #expect(try await integration.get("/console/dashboard").status == .forbidden)
            var admin = try await ConsoleClient.signedIn("admin", harness: harness, client: client)
            let all = try await admin.get("/console/dashboard")
            #expect(all.text.contains("data-warehouses=\"CN-NGB1,DE-FRA1,US-LAX1\""))
        }
    }

    @Test("every page renders, in every language", arguments: TestBackend.allCases)
    func pages(backend: TestBackend) async throws {
        try await Self.with(backend) { harness, client in
            var admin = try await ConsoleClient.signedIn("admin", harness: harness, client: client)
            let pages = [
                "/console/dashboard", "/console/dashboard?warehouse=DE-FRA1", "/console/rules",
                "/console/rules/eu-vat", "/console/rules/eu-vat/1", "/console/rules/eu-vat/1/tests",
                "/console/rules/eu-vat/1/edit", "/console/rules/eu-vat/diff?from=1&to=1", "/console/assess",
                "/console/scan", "/console/scan/receive?warehouse=DE-FRA1", "/console/scan/putaway?warehouse=DE-FRA1",
                "/console/scan/pick?warehouse=DE-FRA1", "/console/scan/count?warehouse=DE-FRA1",
            ]
            for page in pages {
                let response = try await admin.get(page)
                #expect(response.status == .ok, "\(page): \(response.status)")
                #expect(response.text.hasPrefix("<!doctype html>"), "\(page)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
            let dashboard = try await admin.get("/console/dashboard")
            for chart in ["stock", "orders", "cutoff", "timeliness", "returns", "holds", "picks"] {
                #expect(dashboard.text.contains("id=\"\(chart)\""), "chart \(chart)")
            }
            // The demo's opening stock is drawn; the empty figures say so.
            #expect(dashboard.text.contains("<svg"))
            #expect(dashboard.text.contains("DE-FRA1 · available"))
            #expect(dashboard.text.contains(ConsoleStrings.forLanguage("en")("dash.empty")))
            for language in ConsoleStrings.languages {
                let response = try await admin.get("/console/rules?lang=\(language)")
                let strings = ConsoleStrings.forLanguage(language)
                #expect(response.text.contains("<html lang=\"\(language)\">"))
                #expect(response.text.contains(HTML.escape(strings("rules.title"))), "\(language)")
                #expect(admin.cookies[ConsoleSecurity.languageCookie] == language)
            }
            let negotiated = ConsoleStrings.negotiate(query: nil, cookie: nil, acceptLanguage: "fr;q=0.9, ja;q=0.8, de;q=0.5")
            #expect(negotiated == "ja")
            #expect(ConsoleStrings.negotiate(query: nil, cookie: nil, acceptLanguage: "zh-CN,zh;q=0.9") == "zh")
            #expect(ConsoleStrings.negotiate(query: nil, cookie: nil, acceptLanguage: nil) == "en")
            let assessPage = try await admin.get("/console/assess")
            let csrf = try #require(ConsoleClient.field("csrf", in: assessPage.text))
            let assessed = try await admin.post(
                "/console/assess", [("csrf", csrf), ("shipment", BondedService.sampleShipment)])
            #expect(assessed.status == .ok)
            #expect(assessed.text.contains("id=\"explanation\""))
            #expect(assessed.text.contains("dangerous-goods"))
            let bad = try await admin.post("/console/assess", [("csrf", csrf), ("shipment", "{\"id\": 1}")])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("id=\"assess-error\""))
        }
    }

    @Test("all five translation tables have the same keys, none empty")
    func translations() throws {
        let english = try #require(ConsoleStrings.tables["en"])
        #expect(english.count > 100)
        for language in ConsoleStrings.languages {
            let table = try #require(ConsoleStrings.tables[language], "\(language) table missing")
            #expect(Set(table.keys) == Set(english.keys), "\(language): \(Set(table.keys).symmetricDifference(english.keys))")
            #expect(table.values.allSatisfy { !$0.isEmpty })
            for (key, text) in english where text.contains("{1}") {
                #expect(table[key]?.contains("{1}") == true, "\(language) \(key) keeps its placeholder")
            }
        }
    }

    @Test("text is escaped in pages and charts")
    func escaping() {
        let hostile = "<script>alert('x')</script>&\""
        let html: HTML = "<p title=\"\(hostile)\">\(hostile)</p>"
        #expect(!html.text.contains("<script>"))
        #expect(html.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"))
        let chart = BarChart(id: "c", title: hostile, bars: [.init(label: hostile, value: 3)], emptyText: "")
        #expect(!chart.render().text.contains("<script>"))
        let empty = BarChart(id: "e", title: "t", bars: [], emptyText: "nothing").render().text
        #expect(empty.contains("nothing") && !empty.contains("<svg"))
    }
}
