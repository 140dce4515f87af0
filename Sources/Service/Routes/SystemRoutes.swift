import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func systemRoutes() -> [APIRoute] {
        [
            APIRoute(.get, "/health", .open, roles: [], summary: "Liveness") { _ in
                try .json(["status": "ok"])
            },
            APIRoute(.get, "/ready", .open, roles: [], summary: "Readiness: the store answers and rules are loaded") {
                [self] _ in
                do {
                    let version = try await store.schemaVersion()
                    guard let packs = packs.current else {
                        throw Problem(.serviceUnavailable, code: "not-ready", "no pack set")
                    }
                    return try .json(["status": "ready", "schema": String(version), "packSet": packs.contentHash])
                } catch let problem as Problem {
                    throw problem
                } catch {
                    throw Problem(.serviceUnavailable, code: "not-ready", "the store does not answer")
                }
            },
            APIRoute(.get, "/metrics", .open, roles: [], summary: "Prometheus metrics") { [self] _ in
                APIResponse(
                    status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8",
                    body: Array(metrics.render().utf8))
            },
            APIRoute(.get, "/openapi.json", .open, roles: [], summary: "This API's OpenAPI 3.1 description") { _ in
                APIResponse(status: .ok, contentType: "application/json", body: try OpenAPIDocument.bytes())
            },
        ]
    }
}

/// The committed OpenAPI document (`Sources/Service/Resources/openapi.json`).
enum OpenAPIDocument {
    static func bytes() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let data = try? Data(contentsOf: url)
        else { throw Problem(.internalServerError, code: "internal", "the OpenAPI document is missing") }
        return Array(data)
    }
}
