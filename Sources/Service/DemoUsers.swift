import Foundation
public import WMSCore

extension BondedService {
    /// The password of every demo user (`make run` prints it). Demo data only.
    public static let demoPassword = "bonded-demo-2026"

    /// One demo user per role, bound roles to the demo warehouses; existing users are left alone.
    public func seedDemoUsers() async throws -> [User] {
        let demo: [(String, Role, [String])] = [
            ("admin", .admin, []),
            ("compliance", .complianceOfficer, []),
            ("manager-fra", .warehouseManager, ["DE-FRA1"]),
            ("operator-fra", .operator, ["DE-FRA1"]),
            ("operator-lax", .operator, ["US-LAX1"]),
            ("integration-ngb", .integration, ["CN-NGB1"]),
        ]
        var users: [User] = []
        for (name, role, warehouses) in demo {
            if let existing = try await store.user(name) {
                users.append(existing)
                continue
            }
            let user = User(
                username: name, role: role, warehouses: warehouses,
                passwordHash: try passwords.hash(Self.demoPassword), createdAt: Date())
            try await store.save(user)
            users.append(user)
        }
        return users
    }
}
