import BondedTesting
import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// Users reach the edge with the warehouse's master data; the centre decides who is bound to the warehouse.
@Suite("Sync: users bound to the warehouse")
struct UserPullTests {
    static let warehouse = "DE-EDGE-U"

    @Test("a user the centre unbinds from the warehouse loses it at the edge; password changes follow")
    func unbinding() async throws {
        try await withTestStore(.sqlite) { edgeTest in
            try await withTestStore(.sqlite) { centreTest in
                let edge = try #require(edgeTest.store as? any ReplicaStore)
                let centre = try #require(centreTest.store as? any ReplicaStore)
                try await SyncFixture.seedMaster(centre, warehouse: Self.warehouse)
                func user(_ name: String, _ role: Role, _ warehouses: [String], _ hash: String) -> User {
                    User(username: name, role: role, warehouses: warehouses, passwordHash: hash, createdAt: Date())
                }
                try await centre.save(user("op-a", .operator, [Self.warehouse, "FR-PAR1"], "hash-a1"))
                try await centre.save(user("op-b", .operator, [Self.warehouse], "hash-b1"))
                try await centre.save(user("mgr", .warehouseManager, [Self.warehouse], "hash-m1"))
                // Known only at the edge: an administrator (not bound) and an operator of another warehouse.
                try await edge.save(user("edge-admin", .admin, [], "hash-x"))
                try await edge.save(user("op-far", .operator, ["FR-PAR1"], "hash-f"))
                let server = try await SyncServer.start(store: centre)
                let agent = SyncAgent(
                    store: edge,
                    client: SyncClient(
                        central: URL(string: "http://127.0.0.1:\(server.port)")!, token: server.token, timeout: 60),
                    configuration: SyncConfiguration(node: "edge-u", warehouses: [Self.warehouse], batchSize: 40),
                    rules: nil)
                _ = try await agent.round()
                #expect(try await edge.user("op-b")?.warehouses == [Self.warehouse])
                #expect(try await edge.user("mgr")?.passwordHash == "hash-m1")

                // At the centre: op-b moves to Paris, the manager is promoted to admin, op-a changes password.
                try await centre.save(user("op-b", .operator, ["FR-PAR1"], "hash-b1"))
                try await centre.save(user("mgr", .admin, [], "hash-m1"))
                try await centre.save(user("op-a", .operator, [Self.warehouse, "FR-PAR1"], "hash-a2"))
                let report = try await agent.round()
                #expect(report.usersUnbound.sorted() == ["mgr", "op-b"])
                #expect(try await edge.user("op-b")?.warehouses == [])
                // Promoted at the centre, the old bound copy here loses the warehouse (admins are not pulled).
                #expect(try await edge.user("mgr")?.warehouses == [])
                #expect(try await edge.user("op-a")?.passwordHash == "hash-a2")
                #expect(try await edge.user("op-a")?.warehouses == [Self.warehouse, "FR-PAR1"])
                // Users the centre never spoke for are left alone.
                #expect(try await edge.user("edge-admin")?.role == .admin)
                #expect(try await edge.user("op-far")?.warehouses == ["FR-PAR1"])
                // Nothing changed: the master data is not sent again and nobody is unbound.
                #expect(try await agent.round().usersUnbound.isEmpty)
                await server.stop()
            }
        }
    }
}
