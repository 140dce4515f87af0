import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func masterDataRoutes() -> [APIRoute] {
        [
            APIRoute(
                .get, "/v1/warehouses", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "List the warehouses the caller may see"
            ) { [self] call in
                let visible = try await store.warehouses().filter { call.caller.canAccess(warehouse: $0.code) }
                return try .json(try Pagination(call).page(visible))
            },
            APIRoute(.post, "/v1/warehouses", .write, roles: Roles.admin, summary: "Create or update a warehouse") {
                [self] call in
                let warehouse = try call.decode(Warehouse.self)
                try await store.save(warehouse)
                return try .json(warehouse, status: .created)
            },
            APIRoute(.get, "/v1/warehouses/{warehouse}", .read, roles: Roles.all, summary: "Show a warehouse") {
                [self] call in
                try .json(try await existingWarehouse(call))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/locations", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "List a warehouse's locations"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                return try .json(
                    try Pagination(call).page(try await store.locations(warehouse: call.parameter("warehouse"))))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/locations", .write, roles: Roles.managers,
                summary: "Create or update a location"
            ) { [self] call in
                let location = try call.decode(Location.self)
                guard location.warehouse == call.parameter("warehouse") else {
                    throw Problem.invalid("warehouse", "must be the warehouse of the path", value: location.warehouse)
                }
                try await store.save(location)
                return try .json(location, status: .created)
            },
            APIRoute(
                .get, "/v1/products", .read, roles: Roles.all, query: ["limit", "cursor"], summary: "List products"
            ) { [self] call in
                let page = try Pagination(call)
                let products = try await store.products(after: page.position ?? "", limit: page.limit + 1)
                return try .json(page.page(fetched: products) { $0.sku })
            },
            APIRoute(.get, "/v1/products/{sku}", .read, roles: Roles.all, summary: "Show a product") { [self] call in
                guard let product = try await store.product(call.parameter("sku")) else {
                    throw Problem.notFound("product", field: "sku", value: call.parameter("sku"))
                }
                return try .json(product)
            },
            APIRoute(
                .post, "/v1/products", .write, roles: [.admin, .warehouseManager, .integration],
                summary: "Create or update a product"
            ) { [self] call in
                let product = try call.decode(Product.self)
                try await store.save(product)
                return try .json(product, status: .created)
            },
        ]
    }

    /// The warehouse the path names, or 404 (the caller is bound to it, or the dispatcher answered 403 already).
    func existingWarehouse(_ call: APICall) async throws -> Warehouse {
        guard let warehouse = try await store.warehouse(call.parameter("warehouse")) else {
            throw Problem.notFound("warehouse", field: "warehouse", value: call.parameter("warehouse"))
        }
        return warehouse
    }
}
