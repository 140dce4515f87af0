import Foundation
import HTTPTypes
import Synchronization
import WMSCore

/// Resolves `Authorization: Bearer <token>` to a principal and signs users in.
///
/// Tokens are looked up by their SHA-256 and the stored digest is compared again in constant time. Resolved
/// tokens are cached for `cacheSeconds` (a user's role change or a revoked token takes effect within that time),
/// which keeps the database off the hot path of `POST /v1/assess`.
final class Authenticator: Sendable {
    private let store: any ServiceStore
    private let hasher: PasswordHasher
    private let cacheSeconds: Double
    private let cache = Mutex<[String: (principal: Principal, until: Double)]>([:])
    /// Session tokens from `POST /v1/auth/login` live this long.
    let sessionLifetime: TimeInterval = 12 * 3600

    init(store: any ServiceStore, hasher: PasswordHasher, cacheSeconds: Double = 10) {
        self.store = store
        self.hasher = hasher
        self.cacheSeconds = cacheSeconds
    }

    /// The principal of a bearer token, or a 401 problem.
    func principal(authorization: String?) async throws -> Principal {
        guard let authorization, authorization.hasPrefix("Bearer ") else {
            throw Problem(.unauthorized, code: "unauthenticated", "send Authorization: Bearer <token>")
        }
        let token = Self.bearerToken(authorization)
        let digest = TokenMaker.digest(token)
        let hash = TokenMaker.hex(digest)
        let now = Date().timeIntervalSince1970
        if let hit = cache.withLock({ $0[hash] }), hit.until > now { return hit.principal }
        guard let stored = try await store.token(hash: hash),
            ConstantTime.equal(Array(stored.tokenHash.utf8), Array(hash.utf8)),
            stored.expiresAt.map({ $0.timeIntervalSince1970 > now }) ?? true,
            let user = try await store.user(stored.username)
        else {
            throw Problem(.unauthorized, code: "unauthenticated", "the token is unknown or expired")
        }
        let principal = Principal(username: user.username, role: user.role, warehouses: Set(user.warehouses))
        let until = min(now + cacheSeconds, stored.expiresAt?.timeIntervalSince1970 ?? .infinity)
        cache.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[hash] = (principal, until)
        }
        return principal
    }

    /// Checks a password and issues a session token (shown once).
    func login(username: String, password: String) async throws -> (token: String, expiresAt: Date, user: User) {
        let user = try await store.user(username)
        // Hash even for an unknown user, so the answer takes as long either way.
        let stored = user?.passwordHash ?? "pbkdf2-sha256$\(hasher.rounds)$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"
        guard hasher.verify(password, against: stored), let user else {
            throw Problem(.unauthorized, code: "bad-credentials", "unknown user or wrong password")
        }
        let expiresAt = Date().addingTimeInterval(sessionLifetime)
        let token = try await issueToken(for: user.username, name: "session", expiresAt: expiresAt)
        return (token, expiresAt, user)
    }

    /// Creates a token for `username` and stores only its digest.
    func issueToken(for username: String, name: String, expiresAt: Date?) async throws -> String {
        let token = TokenMaker.make()
        try await store.save(
            APIToken(
                tokenHash: TokenMaker.hex(TokenMaker.digest(token)), username: username, name: name,
                createdAt: Date(), expiresAt: expiresAt))
        return token
    }

    /// The token after `Bearer `, without the optional whitespace (spaces and tabs, RFC 9110) around it. Trimmed
    /// by hand: Foundation's `trimmingCharacters(in:)` cost 3% of the server's CPU per `POST /v1/assess`.
    static func bearerToken(_ authorization: String) -> String {
        let utf8 = authorization.utf8
        var start = utf8.index(utf8.startIndex, offsetBy: "Bearer ".count)
        var end = utf8.endIndex
        while start < end, utf8[start] == 32 || utf8[start] == 9 { utf8.formIndex(after: &start) }
        while end > start, utf8[utf8.index(before: end)] == 32 || utf8[utf8.index(before: end)] == 9 {
            utf8.formIndex(before: &end)
        }
        return String(Substring(utf8[start..<end]))
    }

    /// Forgets cached principals (after a user's role or warehouses changed).
    func invalidate() { cache.withLock { $0.removeAll() } }
}
