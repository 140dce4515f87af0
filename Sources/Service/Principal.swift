public import WMSCore

/// Who is calling: a signed-in user (through a session or API token) and what they may see.
public struct Principal: Sendable, Hashable {
    public var username: String
    public var role: Role
    /// The warehouses a bound role may see; ignored for admin and compliance officer.
    public var warehouses: Set<String>

    public init(username: String, role: Role, warehouses: Set<String>) {
        self.username = username
        self.role = role
        self.warehouses = warehouses
    }

    /// Whether the caller may see or change anything of `warehouse`.
    public func canAccess(warehouse: String) -> Bool {
        !role.isWarehouseBound || warehouses.contains(warehouse)
    }
}
