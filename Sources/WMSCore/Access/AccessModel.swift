public import Foundation

/// What a user may do; every role except admin and compliance officer is bound to warehouses.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case admin
    case complianceOfficer = "compliance-officer"
    case warehouseManager = "warehouse-manager"
    case `operator`
    case integration

    /// Whether the role sees only the warehouses it is bound to.
    public var isWarehouseBound: Bool { self != .admin && self != .complianceOfficer }
}

/// A person or system that signs in with a password.
public struct User: Sendable, Hashable, Codable {
    public var username: String
    public var role: Role
    /// The warehouses a bound role may see; empty (and ignored) for admin and compliance officer.
    public var warehouses: [String]
    /// The password hash in `pbkdf2-sha256$ROUNDS$SALT$HASH` form (base64 salt and hash).
    public var passwordHash: String
    public var createdAt: Date

    public init(username: String, role: Role, warehouses: [String], passwordHash: String, createdAt: Date) {
        self.username = username
        self.role = role
        self.warehouses = warehouses
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// A bearer token: only its SHA-256 is stored, the token itself is shown once.
public struct APIToken: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256 of the token text.
    public var tokenHash: String
    public var username: String
    /// What the token is for (`session`, `marketplace-sync`, …).
    public var name: String
    public var createdAt: Date
    /// When it stops working; nil for integration tokens that live until revoked.
    public var expiresAt: Date?

    public init(tokenHash: String, username: String, name: String, createdAt: Date, expiresAt: Date?) {
        self.tokenHash = tokenHash
        self.username = username
        self.name = name
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One write through the service: who, what, when, from where, and how it ended.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// Assigned by the store (0 before it is appended).
    public var id: Int64
    public var at: Date
    public var actor: String
    public var role: String
    /// `METHOD /route/pattern`.
    public var action: String
    /// The concrete path written to.
    public var target: String
    /// The warehouse the write was about, when it was about one.
    public var warehouse: String?
    /// The client address.
    public var remote: String
    public var status: Int
    public var requestID: String

    public init(
        id: Int64 = 0, at: Date, actor: String, role: String, action: String, target: String, warehouse: String?,
        remote: String, status: Int, requestID: String
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.warehouse = warehouse
        self.remote = remote
        self.status = status
        self.requestID = requestID
    }
}

/// A stored response to a write that carried an `Idempotency-Key`.
public struct IdempotencyRecord: Sendable, Hashable {
    public var actor: String
    public var key: String
    /// SHA-256 (hex) of method, path and body: a different request under the same key is refused.
    public var requestHash: String
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var createdAt: Date

    public init(
        actor: String, key: String, requestHash: String, status: Int, contentType: String, body: [UInt8],
        createdAt: Date
    ) {
        self.actor = actor
        self.key = key
        self.requestHash = requestHash
        self.status = status
        self.contentType = contentType
        self.body = body
        self.createdAt = createdAt
    }
}
