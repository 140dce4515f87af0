import Foundation
import HTTPTypes
import WMSCore

/// Bodies and answers of the identity routes.
struct LoginRequest: Codable, Sendable {
    var username: String
    var password: String
}

struct LoginAnswer: Codable, Sendable {
    var token: String
    var expiresAt: Date
    var username: String
    var role: Role
    var warehouses: [String]
}

struct NewUser: Codable, Sendable {
    var username: String
    var password: String
    var role: Role
    var warehouses: [String]?
}

struct UserView: Codable, Sendable {
    var username: String
    var role: Role
    var warehouses: [String]
    var createdAt: Date

    init(_ user: User) {
        username = user.username
        role = user.role
        warehouses = user.warehouses
        createdAt = user.createdAt
    }
}

struct NewToken: Codable, Sendable {
    var name: String
    /// Admins may issue a token for another user (an integration).
    var username: String?
    var expiresInDays: Int?
}

struct TokenAnswer: Codable, Sendable {
    /// The token's id (its SHA-256, hex): what `DELETE /v1/tokens/{id}` takes.
    var id: String
    var token: String
    var username: String
    var name: String
    var expiresAt: Date?
}

extension BondedService {
    func identityRoutes() -> [APIRoute] {
        [
            APIRoute(.post, "/v1/auth/login", .open, roles: [], summary: "Sign in and get a session token") {
                [self] call in
                let login = try call.decode(LoginRequest.self)
                var record = call.auditRecord(status: 200)
                record.actor = login.username
                record.role = "-"
                do {
                    let (token, expiresAt, user) = try await authenticator.login(
                        username: login.username, password: login.password)
                    record.role = user.role.rawValue
                    try await store.append(record)
                    return try .json(
                        LoginAnswer(
                            token: token, expiresAt: expiresAt, username: user.username, role: user.role,
                            warehouses: user.warehouses))
                } catch {
                    record.status = 401
                    try await store.append(record)
                    throw error
                }
            },
            APIRoute(.get, "/v1/me", .read, roles: Roles.all, summary: "Who am I") { [self] call in
                guard let user = try await store.user(call.caller.username) else { throw Problem.notFound("user") }
                return try .json(UserView(user))
            },
            APIRoute(.get, "/v1/users", .read, roles: Roles.admin, query: ["limit", "cursor"], summary: "List users") {
                [self] call in
                try .json(try Pagination(call).page(try await store.users().map(UserView.init)))
            },
            APIRoute(.post, "/v1/users", .write, roles: Roles.admin, summary: "Create or replace a user") {
                [self] call in
                let input = try call.decode(NewUser.self)
                try Self.checkName(input.username, field: "username")
                guard input.password.count >= 12 else {
                    throw Problem.invalid("password", "a password has at least 12 characters")
                }
                let warehouses = input.role.isWarehouseBound ? (input.warehouses ?? []) : []
                if input.role.isWarehouseBound && warehouses.isEmpty {
                    throw Problem.invalid("warehouses", "the role \(input.role.rawValue) is bound to warehouses")
                }
                for (index, code) in warehouses.enumerated() {
                    guard try await store.warehouse(code) == nil else { continue }
                    throw Problem(
                        .unprocessableContent, code: "unknown-warehouse", "unknown warehouse '\(code)'",
                        field: "warehouses[\(index)]", value: code)
                }
                let user = User(
                    username: input.username, role: input.role, warehouses: warehouses,
                    passwordHash: try passwords.hash(input.password), createdAt: Date())
                try await store.save(user)
                authenticator.invalidate()
                return try .json(UserView(user), status: .created)
            },
            APIRoute(.post, "/v1/tokens", .write, roles: Roles.all, summary: "Issue an API token") { [self] call in
                let input = try call.decode(NewToken.self)
                try Self.checkName(input.name, field: "name")
                let username = input.username ?? call.caller.username
                if username != call.caller.username && call.caller.role != .admin {
                    throw Problem.forbidden("only an admin issues tokens for other users")
                }
                guard try await store.user(username) != nil else {
                    throw Problem(
                        .unprocessableContent, code: "unknown-user", "unknown user", field: "username", value: username)
                }
                if let days = input.expiresInDays, !(1...3650).contains(days) {
                    throw Problem.invalid("expiresInDays", "between 1 and 3650 days", value: String(days))
                }
                let expiresAt = input.expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
                let token = try await authenticator.issueToken(for: username, name: input.name, expiresAt: expiresAt)
                return try .json(
                    TokenAnswer(
                        id: TokenMaker.hex(TokenMaker.digest(token)), token: token, username: username,
                        name: input.name, expiresAt: expiresAt),
                    status: .created)
            },
            APIRoute(
                .delete, "/v1/tokens/{id}", .write, roles: Roles.all,
                summary: "Revoke an API token (its own user's, or any as admin)"
            ) { [self] call in
                let id = call.parameter("id")
                // Another user's token is 404 like a missing one, so ids of other users' tokens cannot be probed.
                guard let token = try await store.token(hash: id),
                    token.username == call.caller.username || call.caller.role == .admin,
                    try await store.revokeToken(hash: id) != nil
                else { throw Problem.notFound("token", field: "id", value: id) }
                authenticator.invalidate()
                struct Revoked: Codable { var id: String; var username: String; var name: String; var revoked: Bool }
                return try .json(Revoked(id: id, username: token.username, name: token.name, revoked: true))
            },
            APIRoute(
                .get, "/v1/audit", .read, roles: Roles.compliance, query: ["limit", "cursor", "warehouse"],
                summary: "The audit trail of writes"
            ) { [self] call in
                let page = try Pagination(call)
                let after =
                    try page.position.map { text -> Int64 in
                        guard let id = Int64(text) else { throw Problem.invalid("cursor", "not an audit cursor") }
                        return id
                    } ?? 0
                let records = try await store.auditRecords(
                    after: after, limit: page.limit + 1, warehouse: call.query["warehouse"])
                return try .json(page.page(fetched: records) { String($0.id) })
            },
        ]
    }

    static func checkName(_ text: String, field: String) throws {
        guard !text.isEmpty, text.count <= 64,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
        else {
            throw Problem.invalid(field, "1 to 64 letters, digits, '-', '_', '.' or '@'", value: text)
        }
    }
}
