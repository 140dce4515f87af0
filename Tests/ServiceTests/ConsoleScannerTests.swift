import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WMSCore

@testable import Service

/// The scanner pages call the warehouse services: each scan is a form submit (text + Enter).
@Suite("Web console scanner")
struct ConsoleScannerTests {
    /// Submits scans on one scanner page, carrying the page's hidden state like a browser; returns the last page.
    static func scan(
        _ browser: inout ConsoleClient, kind: String, warehouse: String, _ codes: [String]
    ) async throws -> [TestResponse] {
        var page = try await browser.get("/console/scan/\(kind)?warehouse=\(warehouse)")
        #expect(page.text.contains("id=\"scan\" name=\"scan\" autofocus"))
        var responses: [TestResponse] = []
        for code in codes {
            var fields: [(String, String)] = []
            var rest = Substring(page.text)
            while let range = rest.range(of: "<input type=\"hidden\" name=\"") {
                let tail = rest[range.upperBound...]
                guard let nameEnd = tail.firstIndex(of: "\""),
                    let valueStart = tail.range(of: "value=\"")?.upperBound,
                    let valueEnd = tail[valueStart...].firstIndex(of: "\"")
                else { break }
                fields.append((String(tail[..<nameEnd]), Self.unescape(String(tail[valueStart..<valueEnd]))))
                rest = tail[valueEnd...]
            }
            fields.append(("scan", code))
            page = try await browser.post("/console/scan/\(kind)", fields)
            responses.append(page)
        }
        return responses
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func quantity(_ store: any Store, _ warehouse: String, _ location: String, _ sku: String) async throws -> Int64 {
        try await store.balances(warehouse: warehouse, sku: sku).filter { $0.location == location }
            .reduce(0) { $0 + $1.quantity }
    }

    @Test("receive, put away and count by scans; errors are shown", arguments: TestBackend.allCases)
    func scanning(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            let store = harness.service.store
            var browser = try await ConsoleClient.signedIn("operator-fra", harness: harness, client: client)
            let received = try await Self.scan(
                &browser, kind: "receive", warehouse: "DE-FRA1", ["DOCK-1", "CONT-7", "TSHIRT-BLK-M", "TSHIRT-BLK-M"])
            #expect(received.map(\.status) == [.ok, .ok, .ok, .ok])
            #expect(received.last?.text.contains("class=\"message ok\" id=\"scan-result\"") == true)
            #expect(try await Self.quantity(store, "DE-FRA1", "DOCK-1", "TSHIRT-BLK-M") == 2)
            let unknown = try await Self.scan(&browser, kind: "receive", warehouse: "DE-FRA1", ["NO-SUCH-DOCK"])
            #expect(unknown[0].status == .unprocessableContent)
            #expect(unknown[0].text.contains("class=\"message error\" id=\"scan-result\""))
            #expect(unknown[0].text.contains("NO-SUCH-DOCK"))

            let put = try await Self.scan(&browser, kind: "putaway", warehouse: "DE-FRA1", ["DOCK-1", "TSHIRT-BLK-M"])
            #expect(put.map(\.status) == [.ok, .ok])
            #expect(put[1].text.contains("1 × TSHIRT-BLK-M → "))
            #expect(try await Self.quantity(store, "DE-FRA1", "DOCK-1", "TSHIRT-BLK-M") == 1)

            _ = try await CountService(store: store).open(
                "CNT-1", warehouse: "DE-FRA1", kind: .cycle, locations: ["B-02-1"], operationID: "open-cnt-1",
                actor: "manager-fra")
            let counted = try await Self.scan(
                &browser, kind: "count", warehouse: "DE-FRA1", ["CNT-1", "B-02-1", "TSHIRT-BLK-M", "TSHIRT-BLK-M"])
            #expect(counted.map(\.status) == [.ok, .ok, .ok, .ok])
            let closed = try await CountService(store: store).close(
                "CNT-1", warehouse: "DE-FRA1", uncountedAreZero: true, operationID: "close-cnt-1", actor: "manager-fra")
            #expect(closed.lines.first { $0.sku == "TSHIRT-BLK-M" && $0.location == "B-02-1" }?.counted == 2)

            let pick = try await Self.scan(&browser, kind: "pick", warehouse: "DE-FRA1", ["PICK-NONE"])
            #expect(pick[0].status == .unprocessableContent || pick[0].status == .badRequest)
            #expect(pick[0].text.contains("PICK-NONE"))
            // Every scan is in the audit trail, in the operator's warehouse.
            let audit = try await store.auditRecords(after: 0, limit: 500, warehouse: "DE-FRA1")
            #expect(audit.filter { $0.actor == "operator-fra" && $0.action.hasPrefix("POST /console/scan") }.count >= 10)
        }
    }

    @Test("pick by scans: wrong location refused, item picked, counted on the dashboard", arguments: TestBackend.allCases)
    func picking(backend: TestBackend) async throws {
        try await ConsoleTests.with(backend) { harness, client in
            let store = harness.service.store
            let session = PickSession(
                id: "PS-1", warehouse: "DE-FRA1", wave: "W-1", kind: "discrete", routeMillimetres: 0,
                routeMethod: "test",
                tasks: [PickTask(orderID: "ORD-1", allocationIndex: 0, sku: "TSHIRT-BLK-M", location: "A-01-1", quantity: 2, tote: 1)])
            let data = String(decoding: try JSONEncoder().encode(session), as: UTF8.self)
            _ = try await store.saveDocument(
                FlowDocument(warehouse: "DE-FRA1", kind: PickService.kind, id: "PS-1", status: "open", data: data))
            // The session's order, being picked: each item scan stages units on it and moves them to PACK-1.
            var order = ConsoleDashboardTests.order("ORD-1", warehouse: "DE-FRA1", status: .picking, orderedAt: Date())
            order.allocations = [
                OrderAllocation(
                    lineIndex: 0, sku: "TSHIRT-BLK-M", lot: "", location: "A-01-1", quantity: 2, reservationID: "r-ORD-1")
            ]
            try await ConsoleDashboardTests.save(store, order, desk: "DE-FRA1")
            var browser = try await ConsoleClient.signedIn("operator-fra", harness: harness, client: client)
            let scans = try await Self.scan(
                &browser, kind: "pick", warehouse: "DE-FRA1", ["PS-1", "B-02-1", "A-01-1", "TSHIRT-BLK-M"])
            #expect(scans.map(\.status) == [.ok, .unprocessableContent, .ok, .ok])
            #expect(scans[0].text.contains("A-01-1"))
            #expect(scans[1].text.contains("class=\"message error\""))
            #expect(scans[3].text.contains("1 × TSHIRT-BLK-M"))
            let stored = try #require(
                try await PickService(orders: OrderService(store: store, desk: "DE-FRA1"), today: "2026-11-29")
                    .session("PS-1", warehouse: "DE-FRA1"))
            #expect(stored.tasks[0].picked == 1)
            let staged = try await store.balances(warehouse: "DE-FRA1", sku: "TSHIRT-BLK-M").filter {
                $0.location == "PACK-1"
            }
            #expect(staged.map(\.quantity) == [1])
            let dashboard = try await browser.get("/console/dashboard")
            #expect(dashboard.text.contains("<title>operator-fra: 1"))
        }
    }
}

