import Foundation
import HTTPTypes
import WMSCore

/// What a handler gets: the caller, the path parameters, the query and the body, already checked.
struct APICall: Sendable {
    let principal: Principal?
    let route: APIRoute
    /// The concrete path.
    let path: String
    let parameters: [String: String]
    let query: [String: String]
    let body: [UInt8]
    let requestID: String
    let remote: String
    let idempotencyKey: String?

    /// The client operation id for the warehouse services: the caller's `Idempotency-Key` when sent (so a
    /// retried request replays in the domain too; keys belong to their caller), else the request id.
    var operationID: String { idempotencyKey.map { "\(caller.username)/\($0)" } ?? requestID }

    /// The signed-in caller (every route but the open ones has one).
    var caller: Principal {
        principal ?? Principal(username: "anonymous", role: .operator, warehouses: [])
    }

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// Decodes the body strictly.
    func decode<T: Codable>(_ type: T.Type) throws -> T { try StrictJSON.decode(type, from: body) }

    /// An integer query parameter, or a 400 naming it.
    func integer(_ name: String) throws -> Int? {
        guard let text = query[name] else { return nil }
        guard let value = Int(text) else { throw Problem.invalid(name, "expected an integer", value: text) }
        return value
    }

    /// The audit record of this call, ending with `status`.
    func auditRecord(status: Int) -> AuditRecord {
        AuditRecord(
            at: Date(), actor: caller.username, role: caller.role.rawValue,
            action: "\(route.method.rawValue) \(route.path)", target: path, warehouse: parameters["warehouse"],
            remote: remote, status: status, requestID: requestID)
    }
}

/// What a handler returns: status, content type and bytes.
struct APIResponse: Sendable {
    var status: HTTPResponse.Status
    var contentType: String
    var body: [UInt8]

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> APIResponse {
        APIResponse(status: status, contentType: "application/json", body: Array(try JSONEncoder.api.encode(value)))
    }

    static func problem(_ problem: Problem) -> APIResponse {
        let body = (try? JSONEncoder.api.encode(problem)).map(Array.init) ?? Array("{}".utf8)
        return APIResponse(
            status: HTTPResponse.Status(code: problem.status), contentType: "application/problem+json", body: body)
    }
}
