import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

/// `POST /v1/warehouses/{warehouse}/picks/{session}/scans`: a location or an item (GTIN or SKU), as the scanner
/// read it.
struct PickScanInput: Codable, Sendable {
    var location: String?
    var item: String?
    var quantity: Int64?
}

/// `POST /v1/warehouses/{warehouse}/picks/{session}/short`: how many more units are really at the location.
struct ShortPickInput: Codable, Sendable {
    var found: Int64
}

/// A pick session as the scanner shows it: the tasks in route order and the one to do next.
struct PickListView: Codable, Sendable {
    var session: PickSession
    var status: String
    var next: PickTask?

    init(_ session: PickSession) {
        self.session = session
        status = session.status
        next = session.current.map { session.tasks[$0] }
    }
}

extension BondedService {
    func pickRoutes() -> [APIRoute] {
        [
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/picks/{session}", .read, roles: Roles.all,
                summary: "A pick session's list in route order, with the next task"
            ) { [self] call in
                guard
                    let session = try await pickService(call).session(
                        call.parameter("session"), warehouse: call.parameter("warehouse"))
                else { throw Problem.notFound("pick session", field: "session", value: call.parameter("session")) }
                return try .json(PickListView(session))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/picks/{session}/scans", .write, roles: Roles.floor,
                summary: "Scan a location, then the item; a wrong scan is refused (422) naming what was expected"
            ) { [self] call in
                let input = try call.decode(PickScanInput.self)
                guard (input.location == nil) != (input.item == nil) else {
                    throw Problem.invalid(input.location == nil ? "item" : "location", "send either location or item")
                }
                let result = try await pickService(call).scan(
                    session: call.parameter("session"), warehouse: call.parameter("warehouse"),
                    location: input.location, item: input.item, quantity: input.quantity ?? 1,
                    operationID: call.operationID, actor: call.caller.username)
                if let refusal = result.refusal {
                    let field = input.location == nil ? "item" : "location"
                    throw Problem(
                        .unprocessableContent, code: refusal.code.rawValue, refusal.message, field: field,
                        value: input.location ?? input.item)
                }
                return try .json(result)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/picks/{session}/short", .write, roles: Roles.floor,
                summary: "Report a short pick: a count opens and the rest is re-allocated or back-ordered"
            ) { [self] call in
                let input = try call.decode(ShortPickInput.self)
                return try .json(
                    try await pickService(call).short(
                        session: call.parameter("session"), warehouse: call.parameter("warehouse"),
                        found: input.found, operationID: call.operationID, actor: call.caller.username))
            },
        ]
    }

    func pickService(_ call: APICall) -> PickService {
        PickService(orders: orderDesk(call), today: "\(Day.utc(Date()))")
    }
}
