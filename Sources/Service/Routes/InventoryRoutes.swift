import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func inventoryRoutes() -> [APIRoute] {
        [
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/balances", .read, roles: Roles.all,
                query: ["sku", "limit", "cursor"], summary: "Balances by location, SKU, lot and bucket"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                let balances = try await store.balances(warehouse: call.parameter("warehouse"), sku: call.query["sku"])
                return try .json(try Pagination(call).page(balances))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/stock", .read, roles: Roles.all, query: ["sku", "limit", "cursor"],
                summary: "Available and reserved stock per SKU"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                let levels = try await store.stockLevels(warehouse: call.parameter("warehouse"), sku: call.query["sku"])
                return try .json(try Pagination(call).page(levels))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/staging", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "Put-away worklist: units at docks and pack stations that no open order is waiting for"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                let staged = try await orderDesk(call).unclaimedStaging(warehouse: call.parameter("warehouse"))
                return try .json(try Pagination(call).page(staged))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/ledger/entries", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "Ledger entries in chain order"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                let page = try Pagination(call)
                let after =
                    try page.position.map { text -> Int64 in
                        guard let sequence = Int64(text) else { throw Problem.invalid("cursor", "not a ledger cursor") }
                        return sequence
                    } ?? 0
                let entries = try await store.entries(
                    warehouse: call.parameter("warehouse"), after: after, limit: page.limit + 1)
                return try .json(page.page(fetched: entries) { String($0.sequence) })
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/ledger/head", .read, roles: Roles.all,
                summary: "The ledger's chain head"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                return try .json(try await store.chainHead(warehouse: call.parameter("warehouse")))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/ledger/verify", .read, roles: Roles.all,
                summary: "Recompute the hash chain and every projection"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                return try .json(try await LedgerVerifier(store: store).verify(warehouse: call.parameter("warehouse")))
            },
        ]
    }
}
