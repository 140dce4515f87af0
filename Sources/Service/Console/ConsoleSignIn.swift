import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func consoleSignInRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/console/login", roles: nil) { [self] call in
                // Login CSRF: a random double-submit token in a cookie and in the form; the POST compares them.
                let token = TokenMaker.make()
                var answer = page(call, title: call.t("login.title"), loginForm(call, token: token, failed: false))
                answer.cookies.append(ConsoleSecurity.cookie(ConsoleSecurity.loginCookie, token, maxAge: 3600))
                return answer
            },
            ConsoleRoute(method: .post, path: "/console/login", roles: nil) { [self] call in
                try await signIn(call)
            },
            ConsoleRoute(method: .get, path: "/console/login/ticket", roles: nil) { [self] call in
                guard let ticket = call.query["ticket"], let username = console.redeem(ticket) else {
                    throw Problem(.unauthorized, code: "bad-ticket", call.t("login.bad-ticket"))
                }
                let cookie = try await startConsoleSession(username)
                return .redirect(Self.safeNext(call.query["next"]), cookies: [cookie])
            },
            ConsoleRoute(method: .post, path: "/console/logout", roles: ConsoleRoles.all) { [self] call in
                if let sessionID = call.sessionID {
                    try await store.deleteConsoleSession(idHash: ConsoleSecurity.hash(sessionID))
                    try await store.append(call.auditRecord(action: "POST /console/logout", warehouse: nil, status: 303))
                }
                return .redirect(
                    "/console/login", cookies: [ConsoleSecurity.cookie(ConsoleSecurity.sessionCookie, "", maxAge: 0)])
            },
        ]
    }

    private func signIn(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let username = call.form["username"] ?? ""
        var record = call.auditRecord(action: "POST /console/login", warehouse: nil, status: 303)
        record.actor = String(username.prefix(64))
        record.role = "-"
        guard let sent = call.form["login_csrf"], let cookie = call.cookies[ConsoleSecurity.loginCookie], !sent.isEmpty,
            ConsoleSecurity.same(sent, cookie)
        else {
            record.status = 403
            try await store.append(record)
            throw Problem(.forbidden, code: "csrf", call.t("error.csrf"))
        }
        // Hash even for an unknown user, so the answer takes as long either way.
        let user = try await store.user(username)
        let stored = user?.passwordHash ?? "pbkdf2-sha256$\(passwords.rounds)$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"
        if passwords.verify(call.form["password"] ?? "", against: stored), let user {
            record.role = user.role.rawValue
            try await store.append(record)
            let cookie = try await startConsoleSession(user.username)
            return .redirect(
                Self.safeNext(call.form["next"]),
                cookies: [cookie, ConsoleSecurity.cookie(ConsoleSecurity.loginCookie, "", maxAge: 0)])
        } else {
            record.status = 401
            try await store.append(record)
            var answer = page(call, title: call.t("login.title"), loginForm(call, token: sent, failed: true))
            answer.status = .unauthorized
            return answer
        }
    }

    private func loginForm(_ call: ConsoleCall, token: String, failed: Bool) -> HTML {
        let t = call.t
        let failure: HTML = failed ? "<p class=\"message error\" id=\"login-failed\">\(t("login.failed"))</p>" : ""
        return """
            \(failure)
            <form method="post" action="/console/login" class="login">
            <input type="hidden" name="login_csrf" value="\(token)">
            <input type="hidden" name="next" value="\(Self.safeNext(call.query["next"] ?? call.form["next"]))">
            <label>\(t("login.username")) <input name="username" autocomplete="username" required autofocus></label>
            <label>\(t("login.password")) <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(t("login.submit"))</button>
            </form>
            """
    }

    /// Only a path inside the console, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.contains("\r"), !next.contains("\n")
        else { return "/console/dashboard" }
        return next
    }
}

extension ConsoleRoles {
    static let all = Set(Role.allCases)
}
