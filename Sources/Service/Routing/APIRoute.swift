public import HTTPTypes
public import WMSCore

/// How a route is protected and recorded.
public enum RouteKind: String, Sendable {
    /// No sign-in (health, metrics, login, the OpenAPI document).
    case open
    /// Reads: signed in, role checked, warehouse-scoped.
    case read
    /// Changes state: also honours `Idempotency-Key` and is written to the audit trail.
    case write
    /// A POST that computes without changing anything (assess, render a document, run rule tests).
    case compute
}

/// One route of the API: its method and path pattern (`{name}` for parameters), who may call it and what it does.
public struct APIRoute: Sendable {
    public let method: HTTPRequest.Method
    public let path: String
    public let kind: RouteKind
    /// Roles allowed; bound roles are further limited to their warehouses when the path names one.
    public let roles: Set<Role>
    /// Query parameters it accepts; any other is refused.
    public let query: [String]
    public let summary: String
    /// Whether the handler writes its own audit record (in the same transaction as its business write).
    let auditsItself: Bool
    let handler: @Sendable (APICall) async throws -> APIResponse

    /// Path parameter names in order (worked out once: every request reads them).
    public let parameters: [String]

    /// Whether the path names a warehouse, which bound roles must be bound to.
    public var isWarehouseScoped: Bool { parameters.contains("warehouse") }

    init(
        _ method: HTTPRequest.Method, _ path: String, _ kind: RouteKind, roles: Set<Role>, query: [String] = [],
        summary: String, auditsItself: Bool = false, handler: @escaping @Sendable (APICall) async throws -> APIResponse
    ) {
        self.method = method
        self.path = path
        self.parameters = path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
        self.kind = kind
        self.roles = roles
        self.query = query
        self.summary = summary
        self.auditsItself = auditsItself
        self.handler = handler
    }
}

/// Role sets the route table uses.
enum Roles {
    static let all = Set(Role.allCases)
    static let admin: Set<Role> = [.admin]
    static let compliance: Set<Role> = [.admin, .complianceOfficer]
    static let managers: Set<Role> = [.admin, .warehouseManager]
    static let floor: Set<Role> = [.admin, .warehouseManager, .operator]
    static let inbound: Set<Role> = [.admin, .warehouseManager, .operator, .integration]
    static let declarants: Set<Role> = [.admin, .complianceOfficer, .warehouseManager, .integration]
    /// Who takes orders in: managers and the marketplace integrations.
    static let intake: Set<Role> = [.admin, .warehouseManager, .integration]
}
