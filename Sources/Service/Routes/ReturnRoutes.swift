import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

/// `POST /v1/warehouses/{warehouse}/returns`: authorise a return (RMA) of units an order of this warehouse shipped.
struct AuthoriseReturnInput: Codable, Sendable {
    struct Line: Codable, Sendable {
        var sku: String
        var lot: String?
        var quantity: Int64
        var reason: ReturnReason
    }
    var rma: String
    var order: String
    var lines: [Line]
    var returnsLocation: String
    /// The return parcel's tracking number, when known.
    var parcel: String?
}

/// `POST /v1/warehouses/{warehouse}/returns/receipts`: the parcel scan (RMA or tracking number), then the items.
struct ReceiveReturnInput: Codable, Sendable {
    struct Item: Codable, Sendable {
        var code: String
        var lot: String?
        var quantity: Int64?
    }
    var parcel: String
    var items: [Item]
    var device: String?
}

/// `POST /v1/warehouses/{warehouse}/returns/{rma}/grades`.
struct GradeInput: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var sku: String
        var lot: String?
        var grade: ReturnGrade
        var quantity: Int64
        var reason: ReturnReason?
        var note: String?
    }
    var entries: [Entry]
}

/// `POST /v1/warehouses/{warehouse}/returns/{rma}/relabel`.
struct RelabelInput: Codable, Sendable {
    var sku: String
    var lot: String?
    var quantity: Int64
    var oldLabel: String
    var newLabel: LabelContent
    /// Country the goods will be sold to (the warehouse's by default).
    var destination: String?
}

/// `POST /v1/warehouses/{warehouse}/returns/{rma}/restock`.
struct RestockInput: Codable, Sendable {
    var resellLocation: String?
}

extension BondedService {
    func returnRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/returns", .write, roles: Roles.inbound,
                summary: "Authorise a return of shipped units (never more than shipped)"
            ) { [self] call in
                let input = try call.decode(AuthoriseReturnInput.self)
                let (rma, replayed) = try await returnService(call).authorise(
                    AuthoriseReturnRequest(
                        rmaID: input.rma, orderID: input.order,
                        lines: input.lines.map {
                            ReturnRequestLine(sku: $0.sku, lot: $0.lot ?? "", quantity: $0.quantity, reason: $0.reason)
                        }, returnsLocation: input.returnsLocation, parcel: input.parcel,
                        operationID: call.operationID, actor: call.caller.username))
                return try Self.returnView(rma, status: replayed ? .ok : .created)
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/returns/reasons", .read, roles: Roles.all,
                query: ["from", "to", "sku"], summary: "Returned units per SKU × reason × grade over a period"
            ) { [self] call in
                let from = try Self.instant(call.query["from"], field: "from") ?? Date(timeIntervalSince1970: 0)
                let to = try Self.instant(call.query["to"], field: "to") ?? Date().addingTimeInterval(86_400)
                let counts = try await returnService(call).reasons(
                    warehouse: call.parameter("warehouse"), from: from, to: to, sku: call.query["sku"])
                return try .json(["items": counts])
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/returns/{rma}", .read, roles: Roles.all,
                summary: "Show a return with its lines, gradings and relabels"
            ) { [self] call in
                try Self.returnView(try await existingReturn(call))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/returns/receipts", .write, roles: Roles.floor,
                summary: "Receive a return parcel by scan into the returns location (frozen until graded)"
            ) { [self] call in
                let input = try call.decode(ReceiveReturnInput.self)
                let rma = try await returnService(call).receive(
                    ReceiveReturnRequest(
                        warehouse: call.parameter("warehouse"), parcel: input.parcel,
                        items: input.items.map {
                            ReturnItemScan(code: $0.code, lot: $0.lot ?? "", quantity: $0.quantity ?? 1)
                        }, operationID: call.operationID, actor: call.caller.username, device: input.device ?? ""))
                return try Self.returnView(rma)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/returns/{rma}/grades", .write, roles: Roles.floor,
                summary: "Grade received units: A resell, B refurbish, C defective, D destroy"
            ) { [self] call in
                let input = try call.decode(GradeInput.self)
                _ = try await existingReturn(call)
                let rma = try await returnService(call).grade(
                    call.parameter("rma"), warehouse: call.parameter("warehouse"),
                    entries: input.entries.map {
                        GradeEntry(
                            sku: $0.sku, lot: $0.lot ?? "", grade: $0.grade, quantity: $0.quantity, reason: $0.reason,
                            note: $0.note ?? "")
                    }, operationID: call.operationID, inspector: call.caller.username)
                return try Self.returnView(rma)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/returns/{rma}/relabel", .write, roles: Roles.floor,
                summary: "Relabel returned units; the new label is checked against the marking rules"
            ) { [self] call in
                let input = try call.decode(RelabelInput.self)
                _ = try await existingReturn(call)
                let record = try await returnService(call).relabel(
                    call.parameter("rma"), warehouse: call.parameter("warehouse"), sku: input.sku, lot: input.lot ?? "",
                    quantity: input.quantity, oldLabel: input.oldLabel, newLabel: input.newLabel,
                    destination: input.destination, operationID: call.operationID, actor: call.caller.username)
                return try .json(record)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/returns/{rma}/restock", .write, roles: Roles.floor,
                summary: "Restock graded units by grade (A available, B/C defective, D pending destruction)"
            ) { [self] call in
                let input = try call.decodeOptional(RestockInput.self) ?? RestockInput()
                _ = try await existingReturn(call)
                let rma = try await returnService(call).restock(
                    call.parameter("rma"), warehouse: call.parameter("warehouse"),
                    resellLocation: input.resellLocation, operationID: call.operationID, actor: call.caller.username)
                return try Self.returnView(rma)
            },
        ]
    }

    func returnService(_ call: APICall) throws -> ReturnService {
        guard let packSet = packs.current else { throw Problem(.serviceUnavailable, code: "not-ready", "no pack set") }
        return ReturnService(
            store: store, orders: FlowDocumentShippedOrders(store: store, warehouses: [call.parameter("warehouse")]),
            packSet: packSet)
    }

    func existingReturn(_ call: APICall) async throws -> ReturnAuthorisation {
        guard let rma = try await returnService(call).rma(call.parameter("rma"), warehouse: call.parameter("warehouse"))
        else { throw Problem.notFound("return", field: "rma", value: call.parameter("rma")) }
        return rma
    }

    /// A return as JSON with its status (`authorised`, `receiving`, `closed`).
    static func returnView(_ rma: ReturnAuthorisation, status: HTTPResponse.Status = .ok) throws -> APIResponse {
        var object = try jsonObject(rma)
        object["status"] = rma.status
        object["operations"] = nil
        return APIResponse(
            status: status, contentType: "application/json",
            body: Array(try JSONSerialization.data(withJSONObject: object, options: jsonOptions)))
    }

    /// An ISO 8601 instant or day from the query, or nil.
    static func instant(_ text: String?, field: String) throws -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) ?? formatter.date(from: text + "T00:00:00Z") { return date }
        throw Problem.invalid(field, "an ISO 8601 date or instant", value: text)
    }
}
