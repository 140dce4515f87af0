import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import WMSCore

/// One page or form action of the console.
struct ConsoleRoute: Sendable {
    let method: HTTPRequest.Method
    let path: String
    /// Who may call it; nil for the sign-in pages.
    let roles: Set<Role>?
    let handler: @Sendable (ConsoleCall) async throws -> ConsoleAnswer
}

extension BondedService {
    /// Registers the web console under `/console` on `router`.
    func registerConsole(on router: Router<ServiceRequestContext>) {
        router.get("/console") { _, _ in Response(status: .seeOther, headers: [.location: "/console/dashboard"]) }
        router.get("/console/static/console.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: ConsoleAssets.css)))
        }
        for route in consoleSignInRoutes() + dashboardRoutes() + ruleConsoleRoutes() + scannerRoutes() {
            router.on(RouterPath(stringLiteral: route.path), method: route.method) { request, context in
                await self.respond(console: route, request, context)
            }
        }
    }

    /// Sign-in, one-time tickets, CSRF and audit around a console handler, and the error page when it fails.
    func respond(console route: ConsoleRoute, _ request: Request, _ context: ServiceRequestContext) async -> Response {
        let cookies = ConsoleSecurity.cookies(request.headers[.cookie])
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let language = ConsoleStrings.negotiate(
            query: query["lang"], cookie: cookies[ConsoleSecurity.languageCookie],
            acceptLanguage: request.headers[.acceptLanguage])
        var parameters: [String: String] = [:]
        for name in ["pack", "version", "kind"] { parameters[name] = context.parameters.get(name) }
        let requestID = request.headers[.requestID] ?? RequestID.make()
        let remote = context.remoteAddress?.ipAddress ?? "local"
        var call = ConsoleCall(
            principal: nil, sessionID: nil, t: .forLanguage(language), path: request.uri.path, parameters: parameters,
            query: query, form: [:], cookies: cookies, remote: remote, requestID: requestID)
        var answer: ConsoleAnswer
        do {
            if let roles = route.roles {
                guard let session = try await consoleSession(cookies[ConsoleSecurity.sessionCookie]) else {
                    let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    return Self.response(.redirect("/console/login?next=" + ConsoleSecurity.query(next)))
                }
                call = call.with(principal: session.principal, sessionID: session.id)
                guard roles.contains(session.principal.role) else {
                    throw Problem.forbidden(call.t("error.role"))
                }
            }
            if route.method == .post {
                var request = request
                let body = Array(buffer: try await request.collectBody(upTo: configuration.bodyLimit))
                let form = try ConsoleSecurity.form(body)
                call = call.with(form: form)
                if route.roles != nil {
                    guard let sent = form["csrf"], ConsoleSecurity.same(sent, call.csrf) else {
                        throw Problem(.forbidden, code: "csrf", call.t("error.csrf"))
                    }
                }
            }
            answer = try await route.handler(call)
        } catch {
            let problem = Problem.from(error)
            if problem.status >= 500 {
                logger.error("console request failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
            answer = .html(errorPage(call, problem), status: HTTPResponse.Status(code: problem.status))
        }
        // Every console write by a signed-in user is recorded, refused ones included (activations record their own
        // in the same transaction as the change).
        if route.method == .post, call.principal != nil, route.path != "/console/logout", !answer.audited {
            let record = call.auditRecord(
                action: "POST \(route.path)", warehouse: call.form["warehouse"] ?? call.query["warehouse"],
                status: answer.status.code)
            do { try await store.append(record) } catch {
                logger.error("audit append failed", metadata: ["request_id": "\(requestID)", "error": "\(error)"])
            }
        }
        if query["lang"] != nil {
            answer.cookies.append(
                ConsoleSecurity.cookie(ConsoleSecurity.languageCookie, language, maxAge: 365 * 86_400))
        }
        return Self.response(answer)
    }

    /// The session id and principal of a session cookie, or nil when it is missing, unknown or expired.
    func consoleSession(_ cookie: String?) async throws -> (id: String, principal: Principal)? {
        guard let cookie, !cookie.isEmpty, cookie.count <= 200,
            let session = try await store.consoleSession(idHash: ConsoleSecurity.hash(cookie)),
            ConsoleSecurity.same(session.idHash, ConsoleSecurity.hash(cookie))
        else { return nil }
        guard session.expiresAt > Date() else {
            try await store.deleteConsoleSession(idHash: session.idHash)
            return nil
        }
        guard let user = try await store.user(session.username) else { return nil }
        return (cookie, Principal(username: user.username, role: user.role, warehouses: Set(user.warehouses)))
    }

    /// Starts a session for `username` and returns its cookie.
    func startConsoleSession(_ username: String) async throws -> String {
        let sessionID = TokenMaker.make()
        let now = Date()
        try await store.save(
            ConsoleSession(
                idHash: ConsoleSecurity.hash(sessionID), username: username, createdAt: now,
                expiresAt: now.addingTimeInterval(ConsoleSecurity.sessionLifetime)))
        return ConsoleSecurity.cookie(
            ConsoleSecurity.sessionCookie, sessionID, maxAge: Int(ConsoleSecurity.sessionLifetime))
    }

    static func response(_ answer: ConsoleAnswer) -> Response {
        var headers: HTTPFields = [
            .contentType: answer.contentType, .cacheControl: "no-store",
            .consoleCSP: "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
            .consoleNoSniff: "nosniff", .consoleReferrerPolicy: "same-origin",
        ]
        if let location = answer.location { headers[.location] = location }
        for cookie in answer.cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(
            status: answer.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

extension ConsoleCall {
    func with(principal: Principal, sessionID: String) -> ConsoleCall {
        ConsoleCall(
            principal: principal, sessionID: sessionID, t: t, path: path, parameters: parameters, query: query,
            form: form, cookies: cookies, remote: remote, requestID: requestID)
    }

    func with(form: [String: String]) -> ConsoleCall {
        ConsoleCall(
            principal: principal, sessionID: sessionID, t: t, path: path, parameters: parameters, query: query,
            form: form, cookies: cookies, remote: remote, requestID: requestID)
    }
}

extension HTTPField.Name {
    static let consoleCSP = Self("Content-Security-Policy")!
    static let consoleNoSniff = Self("X-Content-Type-Options")!
    static let consoleReferrerPolicy = Self("Referrer-Policy")!
}
