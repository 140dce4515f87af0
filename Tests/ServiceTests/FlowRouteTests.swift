import BondedTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WMSCore

@testable import Service

/// Orders, waves, picks, pack and ship over HTTP, on SQLite and PostgreSQL.
@Suite("API: outbound flow")
struct FlowRouteTests {
    static let endpoints = ["h7": "http://127.0.0.1:9/single-window"]

    @Test("import → allocate → release → wave → pick scans → pack → ship", arguments: TestBackend.allCases)
    func orderToShip(backend: TestBackend) async throws {
        try await Harness.with(backend, configuration: Harness.configuration(endpoints: Self.endpoints)) {
            harness, client in
            try await FlowSupport.seed(harness)
            let path = FlowSupport.path
            // The marketplace integration of the warehouse imports; a replay of the same orders changes nothing.
            let body = "[" + FlowSupport.order("A-1") + "," + FlowSupport.order("A-2", quantity: 1) + "]"
            let imported = try await client.send(
                .post, path("orders"), as: "integration-ngb", harness: harness, json: body)
            #expect(imported.status == .created)
            let again = try await client.send(
                .post, path("orders"), as: "integration-ngb", harness: harness, json: body)
            #expect(again.status == .ok)
            #expect((again.object["items"] as? [[String: Any]])?.allSatisfy { $0["replayed"] as? Bool == true } == true)
            // Integrations take orders in but do not allocate.
            #expect(
                try await client.send(.post, path("orders/allocate"), as: "integration-ngb", harness: harness)
                    .status == .forbidden)

            let allocated = try await client.send(
                .post, path("orders/allocate"), as: "admin", harness: harness, json: #"{"date":"2026-11-28"}"#)
            #expect(allocated.object["allocated"] as? [String] == ["web-A-1", "web-A-2"], "\(allocated.text)")
            let released = try await client.send(
                .post, path("orders/release"), as: "admin", harness: harness, json: #"{"date":"2026-11-28"}"#)
            #expect(released.object["released"] as? [String] == ["web-A-1", "web-A-2"], "\(released.text)")

            // The list filters by status and pages.
            let page = try await client.send(
                .get, path("orders?status=released&limit=1"), as: "integration-ngb", harness: harness)
            #expect((page.object["items"] as? [[String: Any]])?.first?["id"] as? String == "web-A-1")
            let cursor = try #require(page.object["nextCursor"] as? String)
            let rest = try await client.send(
                .get, path("orders?status=released&limit=1&cursor=\(cursor)"), as: "admin", harness: harness)
            #expect((rest.object["items"] as? [[String: Any]])?.first?["id"] as? String == "web-A-2")
            #expect(rest.object["nextCursor"] == nil)
            let badStatus = try await client.send(.get, path("orders?status=lost"), as: "admin", harness: harness)
            #expect(badStatus.status == .badRequest && badStatus.problemField == "status")

            // One order with its assessment and the full explanation.
            let shown = try await client.send(
                .get, path("orders/web-A-1?explain=true"), as: "admin", harness: harness)
            #expect(shown.object["status"] as? String == "released")
            #expect(((shown.object["assessment"] as? [String: Any])?["documents"] as? [String])?.contains("H7") == true)
            #expect((shown.object["assessmentDetail"] as? [String: Any])?["explanation"] != nil)
            #expect(
                try await client.send(.get, path("orders/web-NONE"), as: "admin", harness: harness).status == .notFound)

            let wave = try await client.send(
                .post, path("waves"), as: "admin", harness: harness, json: #"{"id":"WAVE-1"}"#)
            #expect(wave.status == .created, "\(wave.text)")
            let sessions = (wave.object["waves"] as? [[String: Any]] ?? []).flatMap {
                $0["sessions"] as? [String] ?? []
            }
            #expect(!sessions.isEmpty)
            #expect(
                try await client.send(.get, path("waves/WAVE-1"), as: "integration-ngb", harness: harness).object["id"]
                    as? String == "WAVE-1")
            #expect(
                (try await client.send(.get, path("waves"), as: "admin", harness: harness).object["items"] as? [Any])?
                    .count == 1)

            // Wrong scans are refused naming what the task expects; nothing is recorded.
            let session = sessions[0]
            let list = try await client.send(.get, path("picks/\(session)"), as: "admin", harness: harness)
            let next = try #require(list.object["next"] as? [String: Any])
            let location = try #require(next["location"] as? String)
            let wrongPlace = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness, json: #"{"location":"LI-01"}"#)
            #expect(wrongPlace.status == .unprocessableContent)
            #expect(wrongPlace.object["type"] as? String == "/problems/wrong-location")
            #expect(wrongPlace.problemField == "location")
            #expect((wrongPlace.object["detail"] as? String)?.contains(location) == true)
            let early = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"item":"\#(FlowSupport.gtin)"}"#)
            #expect(early.object["type"] as? String == "/problems/scan-location-first")
            _ = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"location":"\#(location)"}"#)
            let wrongItem = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness, json: #"{"item":"PB-20000"}"#)
            #expect(wrongItem.object["type"] as? String == "/problems/wrong-item")
            #expect(wrongItem.problemField == "item")
            let both = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"item":"X","location":"Y"}"#)
            #expect(both.status == .badRequest)
            for session in sessions { try await FlowSupport.pickAll(session, client: client, harness: harness) }
            let picked = try await client.send(.get, path("orders?status=picked"), as: "admin", harness: harness)
            #expect((picked.object["items"] as? [Any])?.count == 2)

            // Pack: the scale must agree with the master data; then documents and a label.
            let heavy = try await client.send(
                .post, path("orders/web-A-1/pack"), as: "admin", harness: harness,
                json: #"{"scans":["\#(FlowSupport.gtin)","\#(FlowSupport.gtin)"],"grossGrams":900}"#)
            #expect(heavy.status == .badRequest && heavy.problemField == "grossGrams")
            let packed = try await FlowSupport.pack("A-1", units: 2, client: client, harness: harness)
            #expect(packed.status == .ok, "\(packed.text)")
            let kinds = (packed.object["documents"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(Set(kinds) == ["h7", "label"])
            let label = try await client.send(
                .get, path("orders/web-A-1/documents/label"), as: "integration-ngb", harness: harness)
            #expect(label.headers[.contentType] == "application/xml")
            #expect(label.text.hasPrefix("<?xml"))

            // Ship: tracking number, stock leaves the ledger, the H7 is queued with the shipment; a replay with the
            // same key answers the same and queues nothing more.
            let before = try await harness.service.store.stockLevels(warehouse: FlowSupport.warehouse, sku: "TEE-API")
            let balancesBefore = try await harness.service.store.balances(
                warehouse: FlowSupport.warehouse, sku: "TEE-API")
            let key: HTTPFields = [.idempotencyKey: "ship-A-1"]
            let shipped = try await client.send(
                .post, path("orders/web-A-1/ship"), as: "admin", harness: harness, headers: key)
            #expect(shipped.status == .ok, "\(shipped.text)")
            #expect((shipped.object["trackingNumber"] as? String)?.hasPrefix("BD") == true)
            #expect(shipped.object["declarations"] as? [String] == ["CN-NGB1-web-A-1-h7"])
            let replay = try await client.send(
                .post, path("orders/web-A-1/ship"), as: "admin", harness: harness, headers: key)
            #expect(replay.headers[.idempotencyReplayed] == "true")
            #expect(replay.text == shipped.text)
            let after = try await harness.service.store.stockLevels(warehouse: FlowSupport.warehouse, sku: "TEE-API")
            #expect(before.reduce(0) { $0 + $1.available } - after.reduce(0) { $0 + $1.available } == 2)
            // The picked units left from the pack station they were staged at, not again from their bin.
            let balancesAfter = try await harness.service.store.balances(
                warehouse: FlowSupport.warehouse, sku: "TEE-API")
            func units(_ balances: [Balance], atPackStation: Bool) -> Int64 {
                balances.filter { ($0.location == "PACK-1") == atPackStation }.reduce(0) { $0 + $1.quantity }
            }
            #expect(units(balancesBefore, atPackStation: true) - units(balancesAfter, atPackStation: true) == 2)
            #expect(units(balancesBefore, atPackStation: false) == units(balancesAfter, atPackStation: false))
            let order = try await client.send(.get, path("orders/web-A-1"), as: "admin", harness: harness)
            #expect(order.object["shippedAt"] is String, "\(order.text)")
            let messages = try await harness.service.store.outboxMessages(
                warehouse: FlowSupport.warehouse, offset: 0, limit: 10)
            #expect(messages.map(\.subject) == ["web-A-1"])
            #expect(messages.first?.payload.contains("<?xml") == true)
            // A second ship of the same order is a conflict, not a second shipment.
            let twice = try await client.send(.post, path("orders/web-A-1/ship"), as: "admin", harness: harness)
            #expect(twice.status == .conflict)

            // Every write is in the audit trail.
            let audit = try await harness.service.store.auditRecords(after: 0, limit: 200, warehouse: "CN-NGB1")
            let actions = Set(audit.map(\.action))
            for action in [
                "POST /v1/warehouses/{warehouse}/orders", "POST /v1/warehouses/{warehouse}/orders/allocate",
                "POST /v1/warehouses/{warehouse}/orders/release", "POST /v1/warehouses/{warehouse}/waves",
                "POST /v1/warehouses/{warehouse}/picks/{session}/scans",
                "POST /v1/warehouses/{warehouse}/orders/{order}/pack",
                "POST /v1/warehouses/{warehouse}/orders/{order}/ship",
            ] {
                #expect(actions.contains(action), "\(action) not audited")
            }
        }
    }

    @Test("imports: CSV and marketplace payloads; bad input names the field", arguments: TestBackend.allCases)
    func imports(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            let path = FlowSupport.path
            let csv = """
                channel,channel_order_id,ordered_at,currency,name,line1,city,postal_code,country,line_id,sku,quantity,unit_price
                web,C-1,2026-11-27T10:00:00Z,EUR,Jana Keller,Bergstrasse 12,Leipzig,04109,DE,1,TSHIRT-BLK-M,2,19.90
                web,C-1,2026-11-27T10:00:00Z,EUR,Jana Keller,Bergstrasse 12,Leipzig,04109,DE,2,PB-20000,1,25.00
                """
            let fromCSV = try await client.send(
                .post, path("orders?format=csv"), as: "integration-ngb", harness: harness, json: csv)
            #expect(fromCSV.status == .created, "\(fromCSV.text)")
            let order = try await client.send(.get, path("orders/web-C-1"), as: "admin", harness: harness)
            #expect(((order.object["intake"] as? [String: Any])?["lines"] as? [Any])?.count == 2)

            let fixture = try String(
                contentsOfFile: Harness.root + "/Tests/ReturnsTests/Fixtures/amazon-order.json", encoding: .utf8)
            let unmapped = try await client.send(
                .post, path("orders?format=amazon"), as: "integration-ngb", harness: harness,
                json: #"{"skuMap":{},"payload":\#(fixture)}"#)
            #expect(unmapped.status == .unprocessableContent, "\(unmapped.text)")
            #expect(unmapped.problemField?.hasPrefix("payload.") == true, "\(unmapped.text)")
            let skus = Set(
                (fixture.components(separatedBy: "\"SellerSKU\": \"").dropFirst()).map {
                    String($0.prefix { $0 != "\"" })
                })
            let fullMap = "{" + skus.sorted().map { #""\#($0)":"TSHIRT-BLK-M""# }.joined(separator: ",") + "}"
            let amazon = try await client.send(
                .post, path("orders?format=amazon"), as: "integration-ngb", harness: harness,
                json: #"{"skuMap":\#(fullMap),"payload":\#(fixture)}"#)
            #expect(amazon.status == .created, "\(amazon.text)")
            #expect(
                (amazon.object["items"] as? [[String: Any]])?.first?["id"] as? String == "amazon-302-4839120-7745921")

            let wrongType = try await client.send(
                .post, path("orders"), as: "integration-ngb", harness: harness,
                json: FlowSupport.order("B-1").replacingOccurrences(of: #""quantity":2"#, with: #""quantity":"two""#))
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.problemField == "lines[0].quantity", "\(wrongType.text)")
            let unknown = try await client.send(
                .post, path("orders"), as: "integration-ngb", harness: harness,
                json: FlowSupport.order("B-2").replacingOccurrences(of: #""currency""#, with: #""colour":null,"currency""#))
            #expect(unknown.status == .badRequest)
            #expect(unknown.problemField == "colour", "\(unknown.text)")
            let format = try await client.send(
                .post, path("orders?format=xml"), as: "integration-ngb", harness: harness, json: "{}")
            #expect(format.status == .badRequest && format.problemField == "format")
            // Nothing of the refused imports was written.
            let all = try await client.send(.get, path("orders"), as: "admin", harness: harness)
            #expect((all.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
                == ["amazon-302-4839120-7745921", "web-C-1"])
        }
    }

    @Test("short pick re-allocates; cancel releases the reservation", arguments: TestBackend.allCases)
    func shortAndCancel(backend: TestBackend) async throws {
        try await Harness.with(backend) { harness, client in
            try await FlowSupport.seed(harness, units: 4)
            let path = FlowSupport.path
            let sessions = try await FlowSupport.release(["S-1"], quantity: 3, client: client, harness: harness)
            let session = try #require(sessions.first)
            let list = try await client.send(.get, path("picks/\(session)"), as: "admin", harness: harness)
            let next = try #require(list.object["next"] as? [String: Any])
            let location = try #require(next["location"] as? String)
            let refused = try await client.send(
                .post, path("picks/\(session)/short"), as: "admin", harness: harness, json: #"{"found":1}"#)
            #expect(refused.object["type"] as? String == "/problems/wrong-location", "\(refused.text)")
            _ = try await client.send(
                .post, path("picks/\(session)/scans"), as: "admin", harness: harness,
                json: #"{"location":"\#(location)"}"#)
            let short = try await client.send(
                .post, path("picks/\(session)/short"), as: "admin", harness: harness, json: #"{"found":1}"#)
            #expect(short.status == .ok, "\(short.text)")
            #expect(short.object["missing"] as? Int == Int(next["quantity"] as? Int ?? 0) - 1)
            #expect(short.object["count"] as? String != nil)

            // Cancel a second, released order: its reservation is given back.
            _ = try await client.send(
                .post, path("orders"), as: "admin", harness: harness, json: FlowSupport.order("X-1", quantity: 1))
            _ = try await client.send(.post, path("orders/allocate"), as: "admin", harness: harness)
            let reserved = try await harness.service.store.reservations(warehouse: FlowSupport.warehouse)
                .filter { $0.orderReference == "web-X-1" }
            #expect(reserved.count == 1)
            let noReason = try await client.send(
                .post, path("orders/web-X-1/cancel"), as: "admin", harness: harness, json: "{}")
            #expect(noReason.status == .badRequest && noReason.problemField == "reason")
            #expect(
                try await client.send(
                    .post, path("orders/web-X-1/cancel"), as: "operator-fra", harness: harness,
                    json: #"{"reason":"x"}"#
                ).status == .forbidden)
            let cancelled = try await client.send(
                .post, path("orders/web-X-1/cancel"), as: "admin", harness: harness,
                json: #"{"reason":"customer changed their mind"}"#)
            #expect(cancelled.object["status"] as? String == "cancelled", "\(cancelled.text)")
            let open = try await harness.service.store.reservations(warehouse: FlowSupport.warehouse)
                .filter { $0.orderReference == "web-X-1" && $0.remaining > 0 && $0.status == .open }
            #expect(open.isEmpty)
            let again = try await client.send(
                .post, path("orders/web-X-1/cancel"), as: "admin", harness: harness, json: #"{"reason":"again"}"#)
            #expect(again.status == .conflict)

            // The unit found by the short pick waits at the pack station for its order: not on the put-away
            // worklist, until the order is cancelled.
            let waiting = try await client.send(.get, path("staging"), as: "admin", harness: harness)
            #expect(waiting.status == .ok && (waiting.object["items"] as? [Any])?.isEmpty == true, "\(waiting.text)")
            let dropped = try await client.send(
                .post, path("orders/web-S-1/cancel"), as: "admin", harness: harness,
                json: #"{"reason":"out of stock"}"#)
            #expect(dropped.object["status"] as? String == "cancelled", "\(dropped.text)")
            let worklist = try await client.send(.get, path("staging"), as: "admin", harness: harness)
            let items = try #require(worklist.object["items"] as? [[String: Any]], "\(worklist.text)")
            #expect(items.count == 1, "\(worklist.text)")
            #expect(items.first?["location"] as? String == "PACK-1" && items.first?["zoneKind"] as? String == "packing")
            #expect(items.first?["sku"] as? String == FlowSupport.sku && items.first?["unclaimed"] as? Int == 1)
            #expect(items.first?["onHand"] as? Int == 1 && items.first?["claimed"] as? Int == 0)
        }
    }
}
