import BondedTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import WMSCore

@testable import Service

/// A service over a fresh store with the demo network, one user per role and a token for each.
struct Harness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let test: TestStore
    let service: BondedService
    /// Demo username → bearer token.
    let tokens: [String: String]

    static func configuration(endpoints: [String: String] = [:], bodyLimit: Int = 64 * 1024) -> ServiceConfiguration {
        ServiceConfiguration(
            rulesDirectory: root + "/Rules", resourceDirectory: root, bodyLimit: bodyLimit,
            singleWindowEndpoints: endpoints, passwordRounds: 1_000, outboxBaseDelay: 0.05, outboxMaxDelay: 0.2,
            outboxMaxAttempts: 8, outboxRequestTimeout: 5)
    }

    static func make(
        _ backend: TestBackend, configuration: ServiceConfiguration = Harness.configuration()
    ) async throws -> Harness {
        let test = try await TestStore.make(backend)
        guard let store = test.store as? any Store & ServiceStore else {
            throw WMSError(.configuration, "the test store is not a service store")
        }
        try await DemoNetwork.seed(into: store)
        var logger = Logger(label: "bonded.test")
        logger.logLevel = .warning
        let service = try BondedService(store: store, configuration: configuration, logger: logger)
        var tokens: [String: String] = [:]
        for user in try await service.seedDemoUsers() {
            tokens[user.username] = try await service.authenticator.issueToken(
                for: user.username, name: "test", expiresAt: nil)
        }
        return Harness(test: test, service: service, tokens: tokens)
    }

    /// Runs `body` with a harness and the router test client; always tears the store down.
    static func with(
        _ backend: TestBackend, configuration: ServiceConfiguration = Harness.configuration(),
        _ body: @escaping @Sendable (Harness, any TestClientProtocol) async throws -> Void
    ) async throws {
        let harness = try await make(backend, configuration: configuration)
        do {
            let app = Application(router: harness.service.router())
            try await app.test(.router) { client in try await body(harness, client) }
        } catch {
            await harness.test.tearDown()
            throw error
        }
        await harness.test.tearDown()
    }
}

extension TestClientProtocol {
    /// Sends a request as `user` (nil: no token) with a JSON body.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, as user: String?, harness: Harness, json: String? = nil,
        bytes: [UInt8]? = nil, headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let user { headers[.authorization] = "Bearer \(harness.tokens[user] ?? "unknown")" }
        var body: ByteBuffer?
        if let json { body = ByteBuffer(string: json) }
        if let bytes { body = ByteBuffer(bytes: bytes) }
        if body != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    /// `field` of a problem body.
    var problemField: String? { object["field"] as? String }
}

/// A valid assessment request (one power bank to Germany).
let sampleAssessment = """
    {"id":"ord-1001","date":"2026-11-28","sale":"B2C","marketplace":true,"gift":false,"from":"CN","to":"DE",
     "transport":"air","aircraft":"cargo","currency":"EUR","shipping":"0.00","insurance":"0.00",
     "seller":{"country":"CN","ioss":"IM2760000001","vat":null,"eori":null},
     "lines":[{"sku":"PB-20000","description":"power bank","hs":"850760","origin":"CN","category":"electronics",
       "quantity":1,"unit_price":"25.00","net_kg":"0.4","excise":false,
       "battery":{"chemistry":"li-ion","packing":"alone","mah":"20000","volts":"3.7","lithium_g":null,"soc_percent":"30"},
       "un_number":null,"manufacturer_country":"CN","eu_responsible_person":"Acme EU GmbH, Berlin"}]}
    """
