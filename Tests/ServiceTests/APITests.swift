import BondedTesting
import ComplianceEngine
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import WMSCore

@testable import Service

/// Every route through the Hummingbird test client, on SQLite and PostgreSQL.
@Suite("API")
struct APITests {
    @Test("health, readiness, metrics and the OpenAPI document", arguments: TestBackend.allCases)
    func system(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            #expect(try await client.send(.get, "/health", as: nil, harness: harness).status == .ok)
            let ready = try await client.send(.get, "/ready", as: nil, harness: harness)
            #expect(ready.status == .ok)
            #expect(ready.object["packSet"] as? String == harness.service.packs.current?.contentHash)
            try await client.send(.get, "/v1/me", as: "admin", harness: harness)
            let metrics = try await client.send(.get, "/metrics", as: nil, harness: harness)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(
                metrics.text.contains("bonded_http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"200\"} 1"))
            #expect(
                metrics.text.contains("bonded_http_request_duration_seconds_count{method=\"GET\",route=\"/v1/me\"} 1"))
            let openapi = try await client.send(.get, "/openapi.json", as: nil, harness: harness)
            #expect(openapi.object["openapi"] as? String == "3.1.0")
        }
    }

    @Test("sign-in, bearer tokens and 401 problems", arguments: TestBackend.allCases)
    func authentication(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let anonymous = try await client.send(.get, "/v1/me", as: nil, harness: harness)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            #expect(anonymous.object["type"] as? String == "/problems/unauthenticated")
            #expect(try await client.send(.get, "/v1/me", as: "nobody", harness: harness).status == .unauthorized)
            let wrong = try await client.send(
                .post, "/v1/auth/login", as: nil, harness: harness,
                json: #"{"username":"admin","password":"not-the-password"}"#)
            #expect(wrong.status == .unauthorized)
            let login = try await client.send(
                .post, "/v1/auth/login", as: nil, harness: harness,
                json: #"{"username":"operator-fra","password":"\#(BondedService.demoPassword)"}"#)
            #expect(login.status == .ok)
            let token = try #require(login.object["token"] as? String)
            let me = try await client.execute(
                uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(me.status == .ok)
            #expect(String(buffer: me.body).contains("\"warehouses\":[\"DE-FRA1\"]"))
            // Spaces and tabs around the token are optional whitespace; anything else makes another token.
            let spaced = try await client.execute(
                uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \t \(token) \t"])
            #expect(spaced.status == .ok)
            let longer = try await client.execute(
                uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(token)x"])
            #expect(longer.status == .unauthorized)
            #expect(Authenticator.bearerToken("Bearer \t tok \t") == "tok")
            #expect(Authenticator.bearerToken("Bearer ") == "")
            #expect(Authenticator.bearerToken("Bearer  é日 ") == "é日")
            // The token is stored only as its SHA-256.
            let stored = try await harness.service.store.token(hash: TokenMaker.hex(TokenMaker.digest(token)))
            #expect(stored?.username == "operator-fra")
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 10, warehouse: nil)
            #expect(audit.map(\.status) == [401, 200])
            #expect(audit.allSatisfy { $0.action == "POST /v1/auth/login" })
        }
    }

    @Test("users and tokens: admin only, bound roles need warehouses", arguments: TestBackend.allCases)
    func users(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let newUser =
                #"{"username":"ana","password":"correct horse battery","role":"operator","warehouses":["DE-FRA1"]}"#
            #expect(
                try await client.send(.post, "/v1/users", as: "operator-fra", harness: harness, json: newUser).status
                    == .forbidden)
            let created = try await client.send(.post, "/v1/users", as: "admin", harness: harness, json: newUser)
            #expect(created.status == .created)
            #expect(!created.text.contains("password"))
            let unbound = try await client.send(
                .post, "/v1/users", as: "admin", harness: harness,
                json: #"{"username":"bob","password":"correct horse battery","role":"operator"}"#)
            #expect(unbound.status == .badRequest)
            #expect(unbound.problemField == "warehouses")
            let unknown = try await client.send(
                .post, "/v1/users", as: "admin", harness: harness,
                json:
                    #"{"username":"bob","password":"correct horse battery","role":"operator","warehouses":["DE-FRA1","XX-1"]}"#
            )
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.problemField == "warehouses[1]")
            let first = try await client.send(.get, "/v1/users?limit=3", as: "admin", harness: harness)
            let cursor = try #require(first.object["nextCursor"] as? String)
            let second = try await client.send(
                .get, "/v1/users?limit=10&cursor=\(cursor)", as: "admin", harness: harness)
            let names =
                ((first.object["items"] as? [[String: Any]] ?? []) + (second.object["items"] as? [[String: Any]] ?? []))
                .compactMap { $0["username"] as? String }
            #expect(
                names == [
                    "admin", "ana", "compliance", "integration-ngb", "manager-fra", "operator-fra", "operator-lax",
                ])
            #expect(second.object["nextCursor"] == nil)
            let token = try await client.send(
                .post, "/v1/tokens", as: "admin", harness: harness, json: #"{"name":"sync","username":"ana"}"#)
            #expect(token.status == .created)
            let text = try #require(token.object["token"] as? String)
            #expect(text.hasPrefix("bd_"))
            let me = try await client.execute(uri: "/v1/me", method: .get, headers: [.authorization: "Bearer \(text)"])
            #expect(String(buffer: me.body).contains("\"username\":\"ana\""))
            let foreign = try await client.send(
                .post, "/v1/tokens", as: "operator-fra", harness: harness, json: #"{"name":"x","username":"admin"}"#)
            #expect(foreign.status == .forbidden)
            let own = try await client.send(
                .post, "/v1/tokens", as: "operator-fra", harness: harness, json: #"{"name":"x","expiresInDays":0}"#)
            #expect(own.problemField == "expiresInDays")
        }
    }

    @Test("master data: warehouses, locations, products; lists scoped and paginated", arguments: TestBackend.allCases)
    func masterData(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let visible = try await client.send(.get, "/v1/warehouses", as: "operator-fra", harness: harness)
            #expect((visible.object["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["DE-FRA1"])
            let all = try await client.send(.get, "/v1/warehouses?limit=2", as: "admin", harness: harness)
            #expect((all.object["items"] as? [Any])?.count == 2)
            #expect(all.object["nextCursor"] is String)
            let warehouse =
                #"{"code":"UK-LHR1","name":"Heathrow","country":"GB","timeZone":"Europe/London","currency":"GBP","languages":["en"]}"#
            #expect(
                try await client.send(.post, "/v1/warehouses", as: "manager-fra", harness: harness, json: warehouse)
                    .status == .forbidden)
            #expect(
                try await client.send(.post, "/v1/warehouses", as: "admin", harness: harness, json: warehouse).status
                    == .created)
            let shown = try await client.send(.get, "/v1/warehouses/UK-LHR1", as: "compliance", harness: harness)
            #expect(shown.object["name"] as? String == "Heathrow")
            #expect(
                try await client.send(.get, "/v1/warehouses/XX-1", as: "admin", harness: harness).status == .notFound)
            let location =
                #"{"warehouse":"DE-FRA1","code":"B-07","zone":"B","zoneKind":"general","aisle":"B","bay":"07","level":"1","bin":"","xMillimetres":1000,"yMillimetres":2000}"#
            #expect(
                try await client.send(
                    .post, "/v1/warehouses/DE-FRA1/locations", as: "manager-fra", harness: harness, json: location
                ).status == .created)
            let mismatched = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/locations", as: "admin", harness: harness,
                json: location.replacingOccurrences(of: "\"warehouse\":\"DE-FRA1\"", with: "\"warehouse\":\"US-LAX1\""))
            #expect(mismatched.problemField == "warehouse")
            let locations = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/locations?limit=500", as: "operator-fra", harness: harness)
            #expect(
                (locations.object["items"] as? [[String: Any]])?.contains { $0["code"] as? String == "B-07" } == true)
            let product =
                #"{"sku":"API-1","description":"Mug","netWeightGrams":300,"lengthMillimetres":100,"widthMillimetres":100,"heightMillimetres":120,"lotTracked":false}"#
            #expect(
                try await client.send(.post, "/v1/products", as: "operator-fra", harness: harness, json: product).status
                    == .forbidden)
            #expect(
                try await client.send(.post, "/v1/products", as: "integration-ngb", harness: harness, json: product)
                    .status == .created)
            #expect(
                try await client.send(.get, "/v1/products/API-1", as: "operator-lax", harness: harness).object[
                    "description"] as? String == "Mug")
            #expect(try await client.send(.get, "/v1/products/NOPE", as: "admin", harness: harness).status == .notFound)
            var skus: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.send(
                    .get, "/v1/products?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), as: "admin", harness: harness
                )
                skus += (page.object["items"] as? [[String: Any]] ?? []).compactMap { $0["sku"] as? String }
                cursor = page.object["nextCursor"] as? String
            } while cursor != nil
            #expect(skus == skus.sorted())
            #expect(skus.contains("API-1"))
            #expect(Set(skus).count == skus.count)
        }
    }

    @Test("strict input: unknown fields, wrong types, size, UTF-8, query", arguments: TestBackend.allCases)
    func strictInput(backend: TestBackend) async throws {
        try await Harness.with(backend, configuration: Harness.configuration(bodyLimit: 4096)) { harness, client in
            let product =
                #"{"sku":"API-2","description":"Mug","netWeightGrams":300,"lengthMillimetres":1,"widthMillimetres":1,"heightMillimetres":1,"lotTracked":false"#
            let unknown = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness, json: product + #","colour":"red"}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.problemField == "colour")
            #expect(unknown.object["type"] as? String == "/problems/unknown-field")
            let wrongType = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness,
                json: product.replacingOccurrences(of: "\"netWeightGrams\":300", with: "\"netWeightGrams\":\"heavy\"")
                    + "}")
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.problemField == "netWeightGrams")
            let nested = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "manager-fra", harness: harness,
                json: #"{"id":"A-1","lines":[{"container":"C1","sku":"X","quantity":"many"}]}"#)
            #expect(nested.problemField == "lines[0].quantity")
            let nestedUnknown = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "manager-fra", harness: harness,
                json: #"{"id":"A-1","lines":[{"container":"C1","sku":"X","quantity":1,"colour":"red"}]}"#)
            #expect(nestedUnknown.problemField == "lines[0].colour")
            let assessUnknown = try await client.send(
                .post, "/v1/assess", as: "admin", harness: harness,
                json: sampleAssessment.replacingOccurrences(
                    of: "\"excise\":false", with: "\"excise\":false,\"colour\":1"))
            #expect(assessUnknown.status == .badRequest)
            #expect(assessUnknown.problemField == "lines[0].colour")
            let big = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness,
                json: "{\"sku\":\"" + String(repeating: "x", count: 5000) + "\"}")
            #expect(big.status == .contentTooLarge)
            #expect(big.headers[.contentType] == "application/problem+json")
            let badUTF8 = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness,
                bytes: Array(#"{"sku":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8))
            #expect(badUTF8.status == .badRequest)
            #expect(badUTF8.object["type"] as? String == "/problems/invalid-utf8")
            let malformed = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness, json: "{\"sku\":")
            #expect(malformed.object["type"] as? String == "/problems/malformed-json")
            let query = try await client.send(.get, "/v1/products?colour=red", as: "admin", harness: harness)
            #expect(query.problemField == "colour")
            #expect(
                try await client.send(.get, "/v1/products?limit=0", as: "admin", harness: harness).problemField
                    == "limit")
            #expect(
                try await client.send(.get, "/v1/products?cursor=zzz", as: "admin", harness: harness).problemField
                    == "cursor")
            // Nothing was written by any of these.
            #expect(try await harness.service.store.product("API-2") == nil)
        }
    }

    @Test("Idempotency-Key: replay, and a different body under the same key", arguments: TestBackend.allCases)
    func idempotency(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let product =
                #"{"sku":"IDEM-1","description":"Mug","netWeightGrams":300,"lengthMillimetres":1,"widthMillimetres":1,"heightMillimetres":1,"lotTracked":false}"#
            let key: HTTPFields = [.idempotencyKey: "k-1"]
            let first = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness, json: product, headers: key)
            #expect(first.status == .created)
            #expect(first.headers[.idempotencyReplayed] == nil)
            let again = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness, json: product, headers: key)
            #expect(again.status == .created)
            #expect(again.headers[.idempotencyReplayed] == "true")
            #expect(again.text == first.text)
            let other = try await client.send(
                .post, "/v1/products", as: "admin", harness: harness,
                json: product.replacingOccurrences(of: "Mug", with: "Cup"), headers: key)
            #expect(other.status == .unprocessableContent)
            #expect(other.object["type"] as? String == "/problems/idempotency-key-reused")
            #expect(try await harness.service.store.product("IDEM-1")?.description == "Mug")
            // Keys belong to their caller: the same key from another user is a new request.
            let manager = try await client.send(
                .post, "/v1/products", as: "manager-fra", harness: harness,
                json: product.replacingOccurrences(of: "Mug", with: "Cup"), headers: key)
            #expect(manager.status == .created)
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 50, warehouse: nil)
            #expect(audit.filter { $0.action == "POST /v1/products" }.map(\.status) == [201, 422, 201])
        }
    }

    @Test("inventory and ledger queries", arguments: TestBackend.allCases)
    func inventory(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let balances = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/balances", as: "operator-fra", harness: harness)
            let expected = try await harness.service.store.balances(warehouse: "DE-FRA1", sku: nil)
            #expect((balances.object["items"] as? [Any])?.count == min(50, expected.count))
            let sku = try #require(expected.first?.sku)
            let one = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/stock?sku=\(sku)", as: "operator-fra", harness: harness)
            #expect((one.object["items"] as? [[String: Any]])?.first?["sku"] as? String == sku)
            var sequences: [Int] = []
            var cursor: String?
            repeat {
                let page = try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/ledger/entries?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    as: "manager-fra", harness: harness)
                sequences += (page.object["items"] as? [[String: Any]] ?? []).compactMap { $0["sequence"] as? Int }
                cursor = page.object["nextCursor"] as? String
            } while cursor != nil
            let head = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/ledger/head", as: "operator-fra", harness: harness)
            let headSequence = try #require(head.object["sequence"] as? Int)
            #expect(sequences == Array(1...headSequence))
            let verify = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/ledger/verify", as: "compliance", harness: harness)
            #expect(verify.object["entriesChecked"] as? Int == headSequence)
            #expect(
                try await client.send(.get, "/v1/warehouses/XX-9/balances", as: "admin", harness: harness).status
                    == .notFound)
        }
    }

    @Test("inbound: ASN, arrival, receipt by scan, putaway", arguments: TestBackend.allCases)
    func inbound(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let products = try await harness.service.store.products(after: "", limit: 100)
            let plain = try #require(products.first { !$0.lotTracked && $0.unNumber == nil && $0.battery == nil })
            let asn =
                #"{"id":"ASN-API-1","billOfLading":"BL-1","lines":[{"container":"CONT-1","sku":"\#(plain.sku)","quantity":10}]}"#
            let key: HTTPFields = [.idempotencyKey: "asn-1"]
            let created = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "manager-fra", harness: harness, json: asn, headers: key)
            #expect(created.status == .created, "\(created.text)")
            let replay = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns", as: "manager-fra", harness: harness, json: asn, headers: key)
            #expect(replay.headers[.idempotencyReplayed] == "true")
            let list = try await client.send(.get, "/v1/warehouses/DE-FRA1/asns", as: "operator-fra", harness: harness)
            #expect((list.object["items"] as? [[String: Any]])?.contains { $0["id"] as? String == "ASN-API-1" } == true)
            #expect(
                try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/asns/ASN-API-1", as: "operator-fra", harness: harness
                ).status == .ok)
            #expect(
                try await client.send(.get, "/v1/warehouses/DE-FRA1/asns/NOPE", as: "operator-fra", harness: harness)
                    .status == .notFound)
            let arrived = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/asns/ASN-API-1/arrive", as: "operator-fra", harness: harness)
            #expect(arrived.status == .ok, "\(arrived.text)")
            let receipt =
                #"{"asn":"ASN-API-1","dock":"DOCK-1","scans":[{"container":"CONT-1","sku":"\#(plain.sku)","quantity":10}]}"#
            let received = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/receipts", as: "operator-fra", harness: harness, json: receipt)
            #expect(received.status == .created, "\(received.text)")
            let atDock = try await harness.service.store.balances(warehouse: "DE-FRA1", sku: plain.sku)
                .filter { $0.location == "DOCK-1" && $0.bucket == .available }.reduce(0) { $0 + $1.quantity }
            #expect(atDock >= 10)
            let putaway = #"{"from":"DOCK-1","items":[{"sku":"\#(plain.sku)","quantity":10}]}"#
            let placed = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/putaway", as: "operator-fra", harness: harness, json: putaway)
            #expect(placed.status == .created, "\(placed.text)")
            let placements = try #require(placed.object["placements"] as? [[String: Any]])
            #expect(placements.reduce(0) { $0 + ($1["quantity"] as? Int ?? 0) } == 10)
            let audit = try await client.send(.get, "/v1/audit?warehouse=DE-FRA1", as: "compliance", harness: harness)
            let actions = (audit.object["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(
                actions == [
                    "POST /v1/warehouses/{warehouse}/asns", "POST /v1/warehouses/{warehouse}/asns/{asn}/arrive",
                    "POST /v1/warehouses/{warehouse}/receipts", "POST /v1/warehouses/{warehouse}/putaway",
                ])
            #expect(try await client.send(.get, "/v1/audit", as: "manager-fra", harness: harness).status == .forbidden)
        }
    }

    @Test("assess, rule packs, pack tests and reload", arguments: TestBackend.allCases)
    func compliance(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let assessed = try await client.send(
                .post, "/v1/assess", as: "integration-ngb", harness: harness, json: sampleAssessment)
            #expect(assessed.status == .ok, "\(assessed.text)")
            #expect(["release", "hold"].contains(assessed.object["decision"] as? String ?? ""))
            #expect(assessed.object["explanation"] != nil)
            let lean = try await client.send(
                .post, "/v1/assess?explain=false", as: "operator-fra", harness: harness, json: sampleAssessment)
            #expect(lean.object["explanation"] == nil)
            #expect(lean.object["decision"] as? String == assessed.object["decision"] as? String)
            #expect(
                try await client.send(
                    .post, "/v1/assess?at=tomorrow", as: "admin", harness: harness, json: sampleAssessment
                ).problemField == "at")
            let missing = try await client.send(
                .post, "/v1/assess", as: "admin", harness: harness,
                json: sampleAssessment.replacingOccurrences(of: "\"sale\":\"B2C\",", with: ""))
            #expect(missing.problemField == "sale")
            let packs = try await client.send(.get, "/v1/rules/packs", as: "operator-fra", harness: harness)
            let names = (packs.object["packs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("eu-vat"))
            let pack = try await client.send(.get, "/v1/rules/packs/eu-vat", as: "operator-fra", harness: harness)
            #expect((pack.object["tests"] as? Int ?? 0) > 0)
            #expect(
                try await client.send(.get, "/v1/rules/packs/nope", as: "admin", harness: harness).status == .notFound)
            let tests = try await client.send(.post, "/v1/rules/tests?pack=eu-vat", as: "compliance", harness: harness)
            #expect(tests.object["failed"] as? Int == 0)
            #expect((tests.object["tests"] as? Int ?? 0) == (pack.object["tests"] as? Int ?? -1))
            #expect(
                try await client.send(.post, "/v1/rules/tests", as: "operator-fra", harness: harness).status
                    == .forbidden)
            #expect(
                try await client.send(.post, "/v1/rules/reload", as: "manager-fra", harness: harness).status
                    == .forbidden)
            let reload = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(reload.status == .ok)
            #expect(reload.object["activated"] as? Bool == true)
        }
    }

    @Test("a reload with a broken pack keeps the running set and returns diagnostics")
    func brokenReload() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Harness.root + "/Rules", toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Harness.configuration()
        configuration.rulesDirectory = folder.path
        try await Harness.with(.sqlite, configuration: configuration) { harness, client in
            let before = harness.service.packs.current?.contentHash
            let rulesFile = try #require(
                FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
                    .first { $0.hasSuffix(".rules") })
            let path = folder.appendingPathComponent(rulesFile).path
            try (try String(contentsOfFile: path, encoding: .utf8) + "\nrule broken {\n").write(
                toFile: path, atomically: true, encoding: .utf8)
            let reload = try await client.send(.post, "/v1/rules/reload", as: "compliance", harness: harness)
            #expect(reload.status == .unprocessableContent)
            #expect(reload.object["activated"] as? Bool == false)
            let diagnostics = try #require(reload.object["diagnostics"] as? [[String: Any]])
            #expect(
                diagnostics.contains {
                    $0["severity"] as? String == "error" && ($0["path"] as? String ?? "").hasSuffix(rulesFile)
                })
            #expect(harness.service.packs.current?.contentHash == before)
            #expect(
                try await client.send(.post, "/v1/assess", as: "admin", harness: harness, json: sampleAssessment).status
                    == .ok)
        }
    }

    @Test("documents: XML, PDF, SVG, ZPL; unknown kinds and formats", arguments: TestBackend.allCases)
    func documents(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let fixtures = Harness.root + "/Tests/DocumentsTests/Fixtures/"
            let ioss = try String(contentsOfFile: fixtures + "eu-ioss.json", encoding: .utf8)
            let h7 = try await client.send(
                .post, "/v1/documents/h7", as: "integration-ngb", harness: harness, json: ioss)
            #expect(h7.status == .ok, "\(h7.text)")
            #expect(h7.headers[.contentType] == "application/xml")
            #expect(h7.text.hasPrefix("<?xml"))
            let pdf = try await client.send(
                .post, "/v1/documents/cn23?format=pdf&lang=de", as: "operator-fra", harness: harness, json: ioss)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.text.hasPrefix("%PDF"))
            let svg = try await client.send(
                .post, "/v1/documents/invoice?format=svg", as: "operator-fra", harness: harness, json: ioss)
            #expect(svg.text.contains("<svg"))
            let label = try String(contentsOfFile: fixtures + "label-lithium.json", encoding: .utf8)
            let zpl = try await client.send(
                .post, "/v1/documents/label?format=zpl", as: "operator-fra", harness: harness, json: label)
            #expect(zpl.status == .ok, "\(zpl.text)")
            #expect(zpl.text.hasPrefix("^XA"))
            #expect(
                try await client.send(.post, "/v1/documents/nope", as: "admin", harness: harness, json: ioss).status
                    == .notFound)
            #expect(
                try await client.send(.post, "/v1/documents/h7?format=doc", as: "admin", harness: harness, json: ioss)
                    .problemField == "format")
            let unknown = try await client.send(
                .post, "/v1/documents/h7", as: "admin", harness: harness,
                json: ioss.replacingOccurrences(of: "\"gift\": false,", with: "\"gift\": false, \"colour\": 1,"))
            #expect(unknown.status == .badRequest)
        }
    }

    @Test("declarations are queued with their audit record; no endpoint is a 422", arguments: TestBackend.allCases)
    func declarations(backend: TestBackend) async throws {
        let configuration = Harness.configuration(endpoints: ["h7": "http://127.0.0.1:9/unused"])
        try await Harness.with(backend, configuration: configuration) { harness, client in
            let ioss = try String(
                contentsOfFile: Harness.root + "/Tests/DocumentsTests/Fixtures/eu-ioss.json", encoding: .utf8)
            let body = #"{"kind":"h7","subject":"order-1","messageId":"msg-1","request":\#(ioss)}"#
            let queued = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/declarations", as: "manager-fra", harness: harness, json: body)
            #expect(queued.status == .accepted, "\(queued.text)")
            #expect(queued.object["status"] as? String == "pending")
            let again = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/declarations", as: "manager-fra", harness: harness, json: body)
            #expect(again.status == .ok)
            let noEndpoint = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/declarations", as: "manager-fra", harness: harness,
                json: body.replacingOccurrences(of: "\"kind\":\"h7\"", with: "\"kind\":\"cn23\""))
            #expect(noEndpoint.status == .unprocessableContent)
            #expect(noEndpoint.problemField == "kind")
            let badRequest = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/declarations", as: "manager-fra", harness: harness,
                json: body.replacingOccurrences(of: "\"gift\": false,", with: "\"gift\": \"no\","))
            #expect(badRequest.problemField == "request.gift")
            #expect(
                try await client.send(
                    .post, "/v1/warehouses/DE-FRA1/declarations", as: "operator-fra", harness: harness, json: body
                ).status == .forbidden)
            let list = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/declarations", as: "operator-fra", harness: harness)
            #expect((list.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["msg-1"])
            #expect(
                try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/declarations/msg-1", as: "operator-fra", harness: harness
                ).status == .ok)
            #expect(
                try await client.send(.get, "/v1/warehouses/US-LAX1/declarations/msg-1", as: "admin", harness: harness)
                    .status == .notFound)
            let holds = try await client.send(
                .get, "/v1/warehouses/DE-FRA1/holds", as: "operator-fra", harness: harness)
            #expect((holds.object["items"] as? [Any])?.isEmpty == true)
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 50, warehouse: "DE-FRA1")
            #expect(audit.map(\.status) == [202, 422, 400, 403])
        }
    }
}
