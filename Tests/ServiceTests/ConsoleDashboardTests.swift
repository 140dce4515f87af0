import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WMSCore

@testable import Service

/// The dashboard's figures come from the store: orders of every desk, the ledger's shipments, RMAs and holds,
/// each counted only for the warehouses the user may see.
@Suite("Web console dashboard")
struct ConsoleDashboardTests {
    static func save(_ store: any Store, _ order: Order, desk: String) async throws {
        let data = String(decoding: try JSONEncoder().encode(order), as: UTF8.self)
        _ = try await store.saveDocument(
            FlowDocument(warehouse: desk, kind: OrderService.kind, id: order.id, status: order.status.rawValue, data: data))
    }

    static func order(_ id: String, warehouse: String, status: OrderStatus, orderedAt: Date, shipBy: Date? = nil) -> Order {
        var order = Order(
            id: id,
            intake: OrderIntake(
                channel: "web", channelOrderID: id, orderedAt: orderedAt, shipBy: shipBy, currency: "EUR",
                shipTo: PostalAddress(name: "C", line1: "Street 1", city: "Berlin", postalCode: "10115", country: "DE"),
                lines: [OrderIntakeLine(lineID: "1", sku: "TSHIRT-BLK-M", quantity: 1, unitPrice: Decimal(string: "9.90")!)]))
        order.status = status
        order.warehouse = warehouse
        return order
    }

    @Test("orders, cut-off, timeliness, returns and holds from the store, scoped", arguments: TestBackend.allCases)
    func figures(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            let store = harness.service.store
            let now = Date()
            var held = Self.order("ORD-A", warehouse: "DE-FRA1", status: .held, orderedAt: now - 3 * 86_400)
            held.holds = [OrderHold(code: "DG", message: "cargo aircraft only", rule: "dangerous-goods.cargo-only", source: "iata-dgr")]
            try await Self.save(store, held, desk: "DE-FRA1")
            try await Self.save(
                store, Self.order("ORD-B", warehouse: "DE-FRA1", status: .shipped, orderedAt: now - 3600, shipBy: now + 86_400),
                desk: "DE-FRA1")
            try await Self.save(
                store, Self.order("ORD-C", warehouse: "US-LAX1", status: .received, orderedAt: now - 3600), desk: "DE-FRA1")
            _ = try await store.post(
                Posting(
                    clientOperationID: "ship-ORD-B", warehouse: "DE-FRA1", documentReference: "ORD-B", actor: "test",
                    movements: [.shipment(sku: "TSHIRT-BLK-M", quantity: 1, from: "A-01-1")]))
            _ = try await store.saveDocument(
                FlowDocument(warehouse: "DE-FRA1", kind: "rma", id: "RMA-1", status: "authorised", data: "{}"))

            var manager = try await ConsoleClient.signedIn("manager-fra", harness: harness, client: client)
            let page = try await manager.get("/console/dashboard").text
            for title in [
                "held: 1", "shipped: 1", "past cut-off: 1", "shipped by cut-off: 1 100.0 %",
                "DE-FRA1: 1 of 1 shipped · 100.0 %", "dangerous-goods.cargo-only: 1", "DE-FRA1 · available: 274",
            ] {
                #expect(page.contains("<title>\(HTML.escape(title))</title>"), "\(title)")
            }
            #expect(!page.contains("<title>received: "))
            var admin = try await ConsoleClient.signedIn("admin", harness: harness, client: client)
            let all = try await admin.get("/console/dashboard").text
            #expect(all.contains("<title>received: 1</title>"))
            let lax = try await admin.get("/console/dashboard?warehouse=US-LAX1").text
            #expect(lax.contains("<title>received: 1</title>"))
            #expect(!lax.contains("<title>held: 1</title>"))
        }
    }
}
