import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

/// `POST /v1/warehouses/{warehouse}/asns`: an advance shipping notice.
struct ASNInput: Codable, Sendable {
    struct Line: Codable, Sendable {
        var container: String
        var carton: String?
        var sku: String
        var quantity: Int64
        var lot: String?
        var expiry: String?
        var hsCode: String?
        var origin: String?
    }
    var id: String
    var billOfLading: String?
    var lines: [Line]
}

/// `POST /v1/warehouses/{warehouse}/receipts`: scans at a dock, against an ASN or blind.
struct ReceiptInput: Codable, Sendable {
    struct Scan: Codable, Sendable {
        var container: String
        var sku: String
        var lot: String?
        var quantity: Int64
        var damaged: Int64?
    }
    var asn: String?
    var dock: String
    var scans: [Scan]
    var allowOverReceipt: Bool?
    var device: String?
}

/// `POST /v1/warehouses/{warehouse}/putaway`.
struct PutawayInput: Codable, Sendable {
    struct Item: Codable, Sendable {
        var sku: String
        var lot: String?
        var quantity: Int64
        var bucket: Bucket?
    }
    var from: String
    var items: [Item]?
    var target: String?
    var device: String?
}

extension BondedService {
    func inboundRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/asns", .write, roles: Roles.inbound,
                summary: "Import an ASN into in-transit (all or nothing)"
            ) { [self] call in
                let input = try call.decode(ASNInput.self)
                let lines = input.lines.enumerated().map { index, line in
                    ASNLine(
                        row: index + 1, container: line.container, carton: line.carton ?? "", sku: line.sku,
                        quantity: line.quantity, lot: line.lot ?? "", expiry: line.expiry, hsCode: line.hsCode,
                        origin: line.origin)
                }
                let notice = AdvanceShippingNotice(
                    id: input.id, warehouse: call.parameter("warehouse"), billOfLading: input.billOfLading ?? "",
                    lines: lines)
                let (shipment, replayed) = try await InboundService(store: store).importNotice(
                    notice, operationID: call.operationID, actor: call.caller.username)
                return try .json(shipment, status: replayed ? .ok : .created)
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/asns", .read, roles: Roles.all,
                query: ["status", "limit", "cursor"], summary: "List inbound shipments"
            ) { [self] call in
                let documents = try await store.documents(
                    warehouse: call.parameter("warehouse"), kind: "asn", status: call.query["status"])
                struct Summary: Codable, Sendable {
                    var id: String
                    var status: String
                }
                return try .json(try Pagination(call).page(documents.map { Summary(id: $0.id, status: $0.status) }))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/asns/{asn}", .read, roles: Roles.all,
                summary: "Show an inbound shipment"
            ) { [self] call in
                guard
                    let shipment = try await InboundService(store: store).shipment(
                        call.parameter("asn"), warehouse: call.parameter("warehouse"))
                else { throw Problem.notFound("ASN", field: "asn", value: call.parameter("asn")) }
                return try .json(shipment)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/asns/{asn}/arrive", .write, roles: Roles.inbound,
                summary: "Record that a shipment arrived"
            ) { [self] call in
                if !call.body.isEmpty { _ = try call.decode([String: String].self) }
                let shipment = try await InboundService(store: store).arrive(
                    call.parameter("asn"), warehouse: call.parameter("warehouse"), operationID: call.operationID,
                    actor: call.caller.username)
                return try .json(shipment)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/receipts", .write, roles: Roles.floor,
                summary: "Receive scans at a dock"
            ) { [self] call in
                let input = try call.decode(ReceiptInput.self)
                let scans = input.scans.map {
                    ReceiptScan(
                        container: $0.container, sku: $0.sku, lot: $0.lot ?? "", quantity: $0.quantity,
                        damaged: $0.damaged ?? 0)
                }
                let discrepancies = try await InboundService(store: store).receive(
                    ReceiveRequest(
                        clientOperationID: call.operationID, warehouse: call.parameter("warehouse"), asnID: input.asn,
                        dock: input.dock, scans: scans, allowOverReceipt: input.allowOverReceipt ?? false,
                        actor: call.caller.username, device: input.device ?? ""))
                return try .json(["containers": discrepancies], status: .created)
            },
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/putaway", .write, roles: Roles.floor,
                summary: "Put stock away into allowed zones (dangerous-goods rules)"
            ) { [self] call in
                let input = try call.decode(PutawayInput.self)
                let warehouse = try await existingWarehouse(call)
                guard let packSet = packs.current else {
                    throw Problem(.serviceUnavailable, code: "not-ready", "no pack set")
                }
                let classifier = DangerousGoodsClassifier(
                    packSet: packSet, country: warehouse.country, day: Day.utc(Date()))
                let items = input.items?.map {
                    PutawayItem(sku: $0.sku, lot: $0.lot ?? "", quantity: $0.quantity, bucket: $0.bucket ?? .available)
                }
                let placements = try await PutawayService(store: store, classifier: classifier).putaway(
                    PutawayRequest(
                        clientOperationID: call.operationID, warehouse: warehouse.code, from: input.from, items: items,
                        target: input.target, actor: call.caller.username, device: input.device ?? ""))
                return try .json(["placements": placements], status: .created)
            },
        ]
    }
}
