import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import WMSCore

extension BondedService {
    /// Runs one call through authentication, role and warehouse checks, strict input limits, idempotency,
    /// the handler, the audit trail, metrics and the log.
    func respond(_ route: APIRoute, _ request: Request, _ context: ServiceRequestContext) async -> Response {
        let started = ContinuousClock.now
        let requestID = request.headers[.requestID] ?? RequestID.make()
        var principal: Principal?
        var call: APICall?
        var parameters: [String: String] = [:]
        let answer: APIResponse
        var replayed = false
        do {
            if route.kind != .open {
                principal = try await authenticator.principal(authorization: request.headers[.authorization])
            }
            for name in route.parameters { parameters[name] = context.parameters.get(name) ?? "" }
            try authorize(route, principal, parameters)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters {
                let name = String(key)
                guard route.query.contains(name) else {
                    throw Problem.invalid(name, "unknown query parameter '\(name)'")
                }
                query[name] = String(value)
            }
            var request = request
            let body = Array(buffer: try await request.collectBody(upTo: configuration.bodyLimit))
            if !body.isEmpty { _ = try StrictJSON.utf8Data(body) }
            let current = APICall(
                principal: principal, route: route, path: request.uri.path, parameters: parameters, query: query,
                body: body, requestID: requestID, remote: Self.describe(context.remoteAddress),
                idempotencyKey: request.headers[.idempotencyKey])
            call = current
            if route.kind == .write, let key = request.headers[.idempotencyKey], let principal {
                (answer, replayed) = try await idempotent(current, key: key, actor: principal.username)
            } else {
                answer = try await Self.run(current)
            }
        } catch {
            answer = APIResponse.problem(Problem.from(error))
            if Problem.from(error).status >= 500 {
                logger.error("request failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
        }
        // Every write attempt by a signed-in caller is recorded, refused ones included; a replay wrote nothing.
        if route.kind == .write, let principal, !replayed, !route.auditsItself || answer.status.code >= 300 {
            let record =
                call?.auditRecord(status: answer.status.code)
                ?? AuditRecord(
                    at: Date(), actor: principal.username, role: principal.role.rawValue,
                    action: "\(route.method.rawValue) \(route.path)", target: request.uri.path,
                    warehouse: parameters["warehouse"], remote: Self.describe(context.remoteAddress),
                    status: answer.status.code, requestID: requestID)
            do {
                try await store.append(record)
            } catch {
                logger.error("audit append failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
        }
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(route: "\(route.method.rawValue) \(route.path)", status: answer.status.code, seconds: seconds)
        if logger.logLevel <= .info {
            logger.info(
                "request",
                metadata: [
                    "request_id": "\(requestID)", "method": "\(route.method.rawValue)", "path": "\(request.uri.path)",
                    "status": "\(answer.status.code)", "ms": "\(Int(seconds * 1000))",
                    "actor": "\(principal?.username ?? "-")",
                ])
        }
        var headers: HTTPFields = [.contentType: answer.contentType, .requestID: requestID]
        if replayed { headers[.idempotencyReplayed] = "true" }
        return Response(
            status: answer.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private static func run(_ call: APICall) async throws -> APIResponse {
        try await call.route.handler(call)
    }

    /// Role first, then the warehouse the path names: a bound role gets 403 for any warehouse it is not bound to,
    /// whether or not that warehouse exists, so the answer tells nothing about other warehouses.
    private func authorize(_ route: APIRoute, _ principal: Principal?, _ parameters: [String: String]) throws {
        guard route.kind != .open, let principal else { return }
        guard route.roles.contains(principal.role) else {
            throw Problem.forbidden("the role \(principal.role.rawValue) may not \(route.summary.lowercased())")
        }
        if let warehouse = parameters["warehouse"], !principal.canAccess(warehouse: warehouse) {
            throw Problem.forbidden("not bound to warehouse '\(warehouse)'")
        }
    }

    /// Same key and same request: the stored answer again. Same key, another request: 422.
    private func idempotent(_ call: APICall, key: String, actor: String) async throws -> (APIResponse, Bool) {
        guard !key.isEmpty, key.count <= 200 else {
            throw Problem.invalid("Idempotency-Key", "an idempotency key has 1 to 200 characters")
        }
        var hasher = SHA256()
        hasher.update(data: Array("\(call.route.method.rawValue) \(call.path)\n".utf8))
        hasher.update(data: call.body)
        let requestHash = TokenMaker.hex(Array(hasher.finalize()))
        if let stored = try await store.idempotencyRecord(actor: actor, key: key) {
            guard stored.requestHash == requestHash else {
                throw Problem(
                    .unprocessableContent, code: "idempotency-key-reused",
                    "this Idempotency-Key was used for a different request", field: "Idempotency-Key")
            }
            return (Self.replay(stored), true)
        }
        let answer = try await Self.run(call)
        guard answer.status.code < 500 else { return (answer, false) }
        let stored = try await store.saveIfAbsent(
            IdempotencyRecord(
                actor: actor, key: key, requestHash: requestHash, status: answer.status.code,
                contentType: answer.contentType, body: answer.body, createdAt: Date()))
        return stored.requestHash == requestHash && stored.body != answer.body
            ? (Self.replay(stored), true) : (answer, false)
    }

    private static func replay(_ stored: IdempotencyRecord) -> APIResponse {
        APIResponse(
            status: HTTPResponse.Status(code: stored.status), contentType: stored.contentType, body: stored.body)
    }

    private static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "local" }
        return address.ipAddress ?? address.pathname ?? "unknown"
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
    static let idempotencyReplayed = Self("Idempotency-Replayed")!
    static let requestID = Self("X-Request-ID")!
}
