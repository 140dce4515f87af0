import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WMSCore

@testable import Service

/// Drives the outbound flow over HTTP in the Ningbo bonded warehouse: T-shirts with complete master data, sold
/// to Germany without an IOSS number, so the assessment asks for an H7 declaration.
enum FlowSupport {
    static let warehouse = "CN-NGB1"
    static let sku = "TEE-API"
    static let gtin = "4006381333948"
    static let day = "2026-11-28"

    /// A product the compliance gate can release to the EU, and stock of it at A-01-1 and B-02-1.
    static func seed(_ harness: Harness, units: Int64 = 100) async throws {
        let store = harness.service.store
        try await store.save(
            Product(
                sku: sku, gtin: try GTIN(gtin), description: "Cotton T-shirt, white", hsCode: "610910",
                originCountry: "CN", netWeightGrams: 200, lengthMillimetres: 300, widthMillimetres: 200,
                heightMillimetres: 30, category: "clothing", manufacturerCountry: "CN",
                euResponsiblePerson: "Acme EU GmbH, Berlin"))
        _ = try await store.post(
            Posting(
                clientOperationID: "api-flow-stock-\(units)", warehouse: warehouse, actor: "test",
                movements: [
                    .receipt(sku: sku, quantity: units, to: StockPosition(location: "A-01-1", bucket: .available)),
                    .receipt(sku: sku, quantity: units, to: StockPosition(location: "B-02-1", bucket: .available)),
                ]))
    }

    /// An order as JSON in `OrderIntake`'s field names.
    static func order(_ id: String, quantity: Int = 2, country: String = "DE") -> String {
        """
        {"channel":"web","channelOrderID":"\(id)","orderedAt":"2026-11-27T10:00:00Z","currency":"EUR",\
        "shippingService":"standard","shipTo":{"name":"Jana Keller","line1":"Bergstrasse 12","city":"Leipzig",\
        "postalCode":"04109","country":"\(country)"},"lines":[{"lineID":"1","sku":"\(sku)","quantity":\(quantity),\
        "unitPrice":"19.90"}]}
        """
    }

    static func path(_ rest: String) -> String { "/v1/warehouses/\(warehouse)/\(rest)" }

    /// Imports, allocates, releases and plans a wave for `ids` (as admin); returns the pick sessions.
    static func release(_ ids: [String], quantity: Int = 2, client: any TestClientProtocol, harness: Harness)
        async throws -> [String]
    {
        let body = "[" + ids.map { order($0, quantity: quantity) }.joined(separator: ",") + "]"
        let imported = try await client.send(.post, path("orders"), as: "admin", harness: harness, json: body)
        #expect(imported.status == .created, "\(imported.text)")
        let allocated = try await client.send(
            .post, path("orders/allocate"), as: "admin", harness: harness, json: #"{"date":"\#(day)"}"#)
        #expect((allocated.object["allocated"] as? [String])?.count == ids.count, "\(allocated.text)")
        let released = try await client.send(
            .post, path("orders/release"), as: "admin", harness: harness, json: #"{"date":"\#(day)"}"#)
        #expect((released.object["released"] as? [String])?.count == ids.count, "\(released.text)")
        let wave = try await client.send(.post, path("waves"), as: "admin", harness: harness, json: "{}")
        #expect(wave.status == .created, "\(wave.text)")
        return (wave.object["waves"] as? [[String: Any]] ?? []).flatMap { $0["sessions"] as? [String] ?? [] }
    }

    /// Scans every task of `session` (location, then the item's GTIN for each unit).
    static func pickAll(_ session: String, client: any TestClientProtocol, harness: Harness) async throws {
        while true {
            let list = try await client.send(.get, path("picks/\(session)"), as: "admin", harness: harness)
            guard let next = list.object["next"] as? [String: Any], let location = next["location"] as? String,
                let quantity = next["quantity"] as? Int, let picked = next["picked"] as? Int
            else { return }
            let at = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"location":"\#(location)"}"#)
            #expect(at.status == .ok, "\(at.text)")
            let item = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"item":"\#(gtin)","quantity":\#(quantity - picked)}"#)
            #expect(item.status == .ok, "\(item.text)")
        }
    }

    /// Packs a picked order of `units` T-shirts (200 g each, 150 g of packaging).
    static func pack(_ id: String, units: Int, client: any TestClientProtocol, harness: Harness) async throws
        -> TestResponse
    {
        let scans = Array(repeating: "\"\(gtin)\"", count: units).joined(separator: ",")
        return try await client.send(
            .post, path("orders/web-\(id)/pack"), as: "admin", harness: harness,
            json: #"{"scans":[\#(scans)],"grossGrams":\#(units * 200 + 150),"date":"\#(day)"}"#)
    }

    /// Takes `ids` from import to shipped; returns the ship answers.
    static func ship(_ ids: [String], client: any TestClientProtocol, harness: Harness) async throws
        -> [TestResponse]
    {
        for session in try await release(ids, client: client, harness: harness) {
            try await pickAll(session, client: client, harness: harness)
        }
        var answers: [TestResponse] = []
        for id in ids {
            #expect(try await pack(id, units: 2, client: client, harness: harness).status == .ok)
            answers.append(
                try await client.send(.post, path("orders/web-\(id)/ship"), as: "admin", harness: harness))
        }
        return answers
    }
}
