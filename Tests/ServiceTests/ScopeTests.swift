import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WMSCore

@testable import Service

/// No route leaks another warehouse's data: every route × every warehouse-bound user × a warehouse it is not
/// bound to (an existing one and a missing one) is refused with 403/404, and every list it may call mentions no
/// foreign warehouse.
@Suite("Warehouse scope")
struct ScopeTests {
    static let demoWarehouses = ["DE-FRA1", "US-LAX1", "CN-NGB1"]

    @Test("route × role × foreign warehouse", arguments: TestBackend.allCases)
    func everyRoute(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let bound = try await harness.service.store.users().filter { $0.role.isWarehouseBound }
            #expect(Set(bound.map(\.role)) == [.warehouseManager, .operator, .integration])
            var checked = 0
            var covered: Set<String> = []
            for route in harness.service.routes where route.kind != .open {
                if route.isWarehouseScoped || route.method == .get { covered.insert("\(route.method) \(route.path)") }
                for user in bound {
                    let foreign = Self.demoWarehouses.filter { !user.warehouses.contains($0) } + ["ZZ-NONE"]
                    if route.isWarehouseScoped {
                        for warehouse in foreign {
                            let response = try await client.send(
                                route.method, Self.uri(route, warehouse: warehouse), as: user.username,
                                harness: harness, json: route.method == .get ? nil : "{}")
                            #expect(
                                [.forbidden, .notFound].contains(response.status),
                                "\(route.method) \(route.path) as \(user.username) on \(warehouse): \(response.status)")
                            #expect(!response.text.contains("\"items\""))
                            checked += 1
                        }
                    } else if route.method == .get {
                        let response = try await client.send(
                            route.method, Self.uri(route, warehouse: ""), as: user.username, harness: harness)
                        if route.roles.contains(user.role) {
                            for warehouse in foreign {
                                #expect(
                                    !response.text.contains(warehouse),
                                    "\(route.path) as \(user.username) mentions \(warehouse)")
                            }
                        } else {
                            #expect(response.status == .forbidden, "\(route.path) as \(user.username)")
                        }
                        checked += 1
                    } else if !route.roles.contains(user.role) {
                        let response = try await client.send(
                            route.method, Self.uri(route, warehouse: ""), as: user.username, harness: harness,
                            json: "{}")
                        #expect(response.status == .forbidden, "\(route.method) \(route.path) as \(user.username)")
                        checked += 1
                    }
                }
            }
            #expect(checked > 100)
            // The outbound and returns routes are in the enumeration like every other warehouse route.
            for path in [
                "/v1/warehouses/{warehouse}/orders", "/v1/warehouses/{warehouse}/orders/{order}/ship",
                "/v1/warehouses/{warehouse}/picks/{session}/scans", "/v1/warehouses/{warehouse}/waves",
                "/v1/warehouses/{warehouse}/returns/{rma}/restock", "/v1/warehouses/{warehouse}/returns/reasons",
            ] {
                #expect(covered.contains { $0.hasSuffix(" " + path) }, "\(path) not enumerated")
            }
            // Nothing was written in a foreign warehouse: every refused write is in the audit trail as 403.
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 1000, warehouse: nil)
            #expect(!audit.isEmpty)
            #expect(audit.allSatisfy { $0.status == 403 })
        }
    }

    /// The route's path with its parameters filled in.
    static func uri(_ route: APIRoute, warehouse: String) -> String {
        var path = route.path
        for name in route.parameters {
            let value: String
            switch name {
            case "warehouse": value = warehouse
            case "kind": value = "h7"
            case "pack": value = "eu-vat"
            case "sku": value = "PB-20000"
            default: value = "X-1"
            }
            path = path.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return path
    }
}
