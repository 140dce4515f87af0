import ComplianceEngine
import Foundation
import Fulfilment
import HTTPTypes
import Synchronization
import WMSCore

/// `POST /v1/warehouses/{warehouse}/orders/allocate` and `…/release`: which orders (all waiting ones when absent)
/// and the day lots must not have expired by / rules are taken at (today, UTC, when absent).
struct OrderBatchInput: Codable, Sendable {
    var ids: [String]?
    var date: String?
}

/// `POST /v1/warehouses/{warehouse}/orders/{order}/cancel`.
struct CancelInput: Codable, Sendable {
    var reason: String
}

/// `POST /v1/warehouses/{warehouse}/orders?format=amazon|shopee|temu`: the marketplace's payload and the table
/// from its seller SKUs to ours.
struct MarketplaceImportInput: Codable, Sendable {
    var skuMap: [String: String]
}

/// One row of the order list.
struct OrderSummary: Codable, Sendable {
    var id: String
    var status: OrderStatus
    var channel: String
    var channelOrderID: String
    var orderedAt: Date
    var destination: String
    var holds: [String]
    var trackingNumber: String?

    init(_ order: Order) {
        id = order.id
        status = order.status
        channel = order.intake.channel
        channelOrderID = order.intake.channelOrderID
        orderedAt = order.intake.orderedAt
        destination = order.intake.shipTo.country
        holds = order.holds.map(\.rule)
        trackingNumber = order.trackingNumber
    }
}

/// Allocation services by warehouse and day, so that concurrent allocation requests of one warehouse run one
/// after another (the service serialises its own runs).
final class AllocationServices: Sendable {
    private let services = Mutex<[String: AllocationService]>([:])

    func service(_ key: String, make: () -> AllocationService) -> AllocationService {
        services.withLock { services in
            if let service = services[key] { return service }
            if services.count > 1_000 { services.removeAll() }
            let service = make()
            services[key] = service
            return service
        }
    }
}

extension BondedService {
    /// Orders over the API: each warehouse keeps its own orders (it is their order desk) and allocates them to
    /// itself, so a warehouse-bound caller sees and moves only its warehouse's orders.
    func orderRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders", .write, roles: Roles.intake, query: ["format"],
                summary: "Import orders (JSON, CSV or a marketplace payload); idempotent by channel and order id"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                let intakes = try Self.intakes(call)
                let results = try await orderDesk(call).take(intakes)
                struct Taken: Codable { var id: String; var status: OrderStatus; var replayed: Bool }
                let items = results.map { Taken(id: $0.order.id, status: $0.order.status, replayed: $0.replayed) }
                return try .json(["items": items], status: items.allSatisfy(\.replayed) ? .ok : .created)
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/orders", .read, roles: Roles.all,
                query: ["status", "limit", "cursor"], summary: "List orders, optionally in one status"
            ) { [self] call in
                let status = try call.query["status"].map {
                    try Self.choice($0, field: "status") { OrderStatus(rawValue: $0) }
                }
                let orders = try await orderDesk(call).orders(status: status)
                return try .json(try Pagination(call).page(orders.map(OrderSummary.init)))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/orders/{order}", .read, roles: Roles.all, query: ["explain"],
                summary: "Show an order with its holds, assessment and single-window state"
            ) { [self] call in
                let order = try await existingOrder(call)
                var object = try Self.jsonObject(order)
                let holds = try await store.holds(warehouse: call.parameter("warehouse"))
                object["singleWindowHold"] = try holds.first { $0.subject == order.id }.map(Self.jsonObject)
                if call.query["explain"] == "true", let id = order.assessment?.documentID,
                    let document = try await store.document(
                        warehouse: call.parameter("warehouse"), kind: ComplianceGate.assessmentKind, id: id)
                {
                    object["assessmentDetail"] = try JSONSerialization.jsonObject(with: Data(document.data.utf8))
                }
                return APIResponse(
                    status: .ok, contentType: "application/json",
                    body: Array(try JSONSerialization.data(withJSONObject: object, options: Self.jsonOptions)))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders/allocate", .write, roles: Roles.managers,
                summary: "Allocate waiting orders in this warehouse (FEFO, reservations); back-orders name a reason"
            ) { [self] call in
                let input = try call.decodeOptional(OrderBatchInput.self) ?? OrderBatchInput()
                let warehouse = try await existingWarehouse(call)
                let today = try Self.day(input.date)
                let service = allocationServices.service("\(warehouse.code)|\(today)") {
                    AllocationService(
                        orders: OrderService(store: store, desk: warehouse.code),
                        network: FulfilmentNetwork(
                            sites: [.init(warehouse: warehouse.code, country: warehouse.country, serves: ["*"])],
                            costs: []),
                        today: today)
                }
                return try .json(try await service.allocate(ids: input.ids, operationID: call.operationID))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders/release", .write, roles: Roles.managers,
                summary: "Assess allocated and held orders; release them or hold them naming the rule"
            ) { [self] call in
                let input = try call.decodeOptional(OrderBatchInput.self) ?? OrderBatchInput()
                guard let packSet = packs.current else {
                    throw Problem(.serviceUnavailable, code: "not-ready", "no pack set")
                }
                guard let day = Day(parsing: try Self.day(input.date)) else { throw Problem.invalid("date", "a day") }
                let gate = ComplianceGate(
                    orders: orderDesk(call), packSet: packSet, day: day, producer: shipmentProducer)
                return try .json(try await gate.release(ids: input.ids, operationID: call.operationID))
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/orders/{order}/cancel", .write, roles: Roles.managers,
                summary: "Cancel an order that has not shipped and release its reservations"
            ) { [self] call in
                let input = try call.decode(CancelInput.self)
                guard !input.reason.isEmpty, input.reason.count <= 200 else {
                    throw Problem.invalid("reason", "a reason of 1 to 200 characters")
                }
                _ = try await existingOrder(call)
                return try .json(
                    try await orderDesk(call).cancel(
                        call.parameter("order"), operation: call.operationID, reason: input.reason))
            },
        ]
    }

    /// The order desk of the warehouse in the path.
    func orderDesk(_ call: APICall) -> OrderService {
        OrderService(store: store, desk: call.parameter("warehouse"))
    }

    /// The order the path names in the path's warehouse, or 404.
    func existingOrder(_ call: APICall) async throws -> Order {
        guard let order = try await orderDesk(call).order(id: call.parameter("order")) else {
            throw Problem.notFound("order", field: "order", value: call.parameter("order"))
        }
        return order
    }

    /// The intakes of an import body in the format `?format=` names (`json` by default).
    static func intakes(_ call: APICall) throws -> [OrderIntake] {
        let text = String(decoding: call.body, as: UTF8.self)
        switch call.query["format"] ?? "json" {
        case "json":
            return try OrderJSONParser.parse(text)
        case "csv":
            return try OrderCSVParser.parse(text)
        case let name:
            let marketplace = try choice(name, field: "format") { Marketplace(rawValue: $0) }
            // `{"skuMap": {...}, "payload": <the marketplace's JSON>}`; the payload is read by its adapter.
            guard let object = (try? JSONSerialization.jsonObject(with: Data(call.body))) as? [String: Any] else {
                throw Problem(.badRequest, code: "malformed-json", "the body is not a JSON object")
            }
            for key in object.keys.sorted() where !["skuMap", "payload"].contains(key) {
                throw Problem(.badRequest, code: "unknown-field", "unknown field '\(key)'", field: key)
            }
            guard let payload = object["payload"], !(payload is NSNull) else {
                throw Problem.invalid("payload", "required field is missing")
            }
            let map = try StrictJSON.decode(
                MarketplaceImportInput.self,
                from: Array(try JSONSerialization.data(withJSONObject: ["skuMap": object["skuMap"] ?? NSNull()])))
            let payloadText = String(
                decoding: try JSONSerialization.data(withJSONObject: payload, options: [.fragmentsAllowed]),
                as: UTF8.self)
            do {
                return try marketplace.orders(from: payloadText, skuMap: SellerSKUMap(map.skuMap))
            } catch let error as WMSError {
                var problem = Problem.from(error)
                problem.field = "payload" + (problem.field.map { $0.hasPrefix("[") ? $0 : "." + $0 } ?? "")
                throw problem
            }
        }
    }

    /// `YYYY-MM-DD` as given, or today (UTC).
    static func day(_ text: String?, field: String = "date") throws -> String {
        guard let text else { return "\(Day.utc(Date()))" }
        guard Day(parsing: text) != nil else { throw Problem.invalid(field, "a day as YYYY-MM-DD", value: text) }
        return text
    }

    static let jsonOptions: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]

    /// A value as a JSON object, to add fields to.
    static func jsonObject<T: Encodable>(_ value: T) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: try JSONEncoder.api.encode(value))) as? [String: Any] ?? [:]
    }
}

extension APICall {
    /// Decodes the body strictly, or nil when there is none.
    func decodeOptional<T: Codable>(_ type: T.Type) throws -> T? {
        body.isEmpty ? nil : try decode(type)
    }
}
