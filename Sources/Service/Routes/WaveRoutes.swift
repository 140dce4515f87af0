import Foundation
import HTTPTypes
import WMSCore

/// `POST /v1/warehouses/{warehouse}/waves`: plan waves of the released orders. Without a layout it is derived
/// from the warehouse's locations (one aisle per aisle name, at the aisles' x; a cross aisle in front and behind).
struct WavePlanInput: Codable, Sendable {
    struct Cart: Codable, Sendable {
        var volumeCubicCentimetres: Int64
        var weightGrams: Int64
        var totes: Int
        var toteVolumeCubicCentimetres: Int64
    }
    /// Plan id (1–40 letters, digits, `-`, `_`, `.`); derived from the request's operation id when absent.
    var id: String?
    var layout: WarehouseLayout?
    var cart: Cart?
}

extension BondedService {
    func waveRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/waves", .write, roles: Roles.managers,
                summary: "Plan waves of released orders; each cart trip becomes a pick session in route order"
            ) { [self] call in
                let input: WavePlanInput
                do {
                    input = try call.decodeOptional(WavePlanInput.self) ?? WavePlanInput()
                } catch let error as WMSError where error.code == .configuration {
                    // A layout that decodes but does not make a floor (no aisles, one cross-aisle, unreachable).
                    throw Problem(
                        .unprocessableContent, code: "invalid-layout", error.message, field: error.field ?? "layout",
                        value: error.value)
                }
                let warehouse = try await existingWarehouse(call)
                let layout: WarehouseLayout
                if let given = input.layout { layout = given } else { layout = try await derivedLayout(warehouse.code) }
                let cart = input.cart.map {
                    CartCapacity(
                        volumeCubicCentimetres: $0.volumeCubicCentimetres, weightGrams: $0.weightGrams,
                        totes: $0.totes, toteVolumeCubicCentimetres: $0.toteVolumeCubicCentimetres)
                } ?? CartCapacity(
                    volumeCubicCentimetres: 400_000, weightGrams: 150_000, totes: 12,
                    toteVolumeCubicCentimetres: 40_000)
                let planID =
                    input.id ?? "W-" + TokenMaker.hex(TokenMaker.digest(call.operationID)).prefix(16)
                let record = try await WaveService(orders: orderDesk(call)).plan(
                    warehouse: warehouse.code, layout: layout, cart: cart, planID: planID,
                    actor: call.caller.username)
                return try .json(record, status: .created)
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/waves", .read, roles: Roles.all, query: ["limit", "cursor"],
                summary: "List wave plans"
            ) { [self] call in
                let records = try await WaveService(orders: orderDesk(call)).planRecords(
                    warehouse: call.parameter("warehouse"))
                return try .json(try Pagination(call).page(records))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/waves/{wave}", .read, roles: Roles.all,
                summary: "Show a wave plan with its pick sessions"
            ) { [self] call in
                guard
                    let record = try await WaveService(orders: orderDesk(call)).planRecord(
                        call.parameter("wave"), warehouse: call.parameter("warehouse"))
                else { throw Problem.notFound("wave plan", field: "wave", value: call.parameter("wave")) }
                return try .json(record)
            },
        ]
    }

    /// A single-block layout from the warehouse's picking locations: aisles at their locations' smallest x,
    /// cross aisles at 0 and one bay pitch behind the deepest location.
    func derivedLayout(_ warehouse: String) async throws -> WarehouseLayout {
        var aisles: [String: Int64] = [:]
        var deepest: Int64 = 0
        for location in try await store.locations(warehouse: warehouse) where !location.aisle.isEmpty {
            aisles[location.aisle] = min(aisles[location.aisle] ?? .max, location.xMillimetres)
            deepest = max(deepest, location.yMillimetres)
        }
        guard !aisles.isEmpty else {
            throw Problem(
                .unprocessableContent, code: "no-layout", "the warehouse has no aisles; send a layout",
                field: "layout")
        }
        do {
            return try WarehouseLayout(
                aisles: aisles.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map {
                    WarehouseLayout.Aisle(name: $0.key, xMillimetres: $0.value)
                },
                crossAisleYMillimetres: [0, deepest + 1_500], depotXMillimetres: 0, bayPitchMillimetres: 1_500)
        } catch {
            throw Problem(
                .unprocessableContent, code: "no-layout", "no layout can be derived: \(error); send one",
                field: "layout")
        }
    }
}
