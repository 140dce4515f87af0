import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("End to end: a 40-ft container ASN from import to a full count")
struct EndToEndTests {
    @Test(
        "520-line ASN: import, customs hold, receive with short/damaged lines, putaway, full count at 100%",
        arguments: TestBackend.allCases)
    func containerToCount(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            let inbound = InboundService(store: store)
            let csv = FlowFixture.asnCSV(lines: 520)
            let (shipment, _) = try await inbound.importCSV(
                csv, id: "ASN-E2E", warehouse: w, billOfLading: "MEDU9876543", operationID: "e2e-import", actor: "edi")
            #expect(shipment.lines.count == 520)
            let imported = shipment.lines.reduce(0) { $0 + $1.quantity }
            #expect(Set(shipment.lines.map(\.sku)).isSuperset(of: ["PB-01", "PF-01", "AE-01", "GN-01"]))

            _ = try await inbound.arrive("ASN-E2E", warehouse: w, operationID: "e2e-arrive", actor: "gate")
            _ = try await inbound.inspect(
                "ASN-E2E", warehouse: w, items: [], allLotsOf: ["PF-01", "PB-02"], location: "DOCK-2",
                operationID: "e2e-inspect", actor: "customs")
            let held = try await store.balances(warehouse: w, sku: nil).filter { $0.bucket == .frozen }
            #expect(Set(held.map(\.sku)) == ["PF-01", "PB-02"])
            _ = try await inbound.release("ASN-E2E", warehouse: w, operationID: "e2e-release", actor: "customs")

            // Receive every line as scanned; every 17th line comes short by 2, every 23rd has a damaged unit.
            var short: Int64 = 0
            var damaged: Int64 = 0
            var scans: [ReceiptScan] = []
            for (index, line) in shipment.lines.enumerated() {
                var quantity = line.quantity
                if index % 17 == 5, quantity > 2 {
                    quantity -= 2
                    short += 2
                }
                let broken: Int64 = index % 23 == 3 ? 1 : 0
                damaged += broken
                scans.append(
                    ReceiptScan(
                        container: line.container, sku: line.sku, lot: line.lot, quantity: quantity, damaged: broken))
            }
            for (batch, start) in stride(from: 0, to: scans.count, by: 100).enumerated() {
                _ = try await inbound.receive(
                    ReceiveRequest(
                        clientOperationID: "e2e-rcv-\(batch)", warehouse: w, asnID: "ASN-E2E", dock: "DOCK-1",
                        scans: Array(scans[start..<min(start + 100, scans.count)]), actor: "scanner-1"))
            }
            var reports: [ContainerDiscrepancy] = []
            for container in ["MSCU1234567", "MSCU7654321"] {
                reports.append(
                    try await inbound.closeContainer(
                        "ASN-E2E", warehouse: w, container: container, operationID: "e2e-close-\(container)",
                        actor: "supervisor"))
            }
            #expect(reports.flatMap(\.lines).reduce(0) { $0 + $1.short } == short)
            #expect(reports.flatMap(\.lines).reduce(0) { $0 + $1.damaged } == damaged)
            #expect(!reports.flatMap(\.discrepancies).isEmpty)

            let putaway = PutawayService(store: store, classifier: FlowFixture.classifier())
            let placements = try await putaway.putaway(
                PutawayRequest(clientOperationID: "e2e-putaway", warehouse: w, from: "DOCK-1", actor: "reach-truck"))
            #expect(!placements.isEmpty)

            let locations = Dictionary(uniqueKeysWithValues: FlowFixture.locations().map { ($0.code, $0) })
            let products = Dictionary(uniqueKeysWithValues: FlowFixture.products().map { ($0.sku, $0) })
            let stock = try await store.balances(warehouse: w, sku: nil)
            #expect(stock.allSatisfy { $0.location != "DOCK-1" && $0.bucket != .inTransit })
            let oxidiser = try #require(locations["OX-01"])
            for balance in stock {
                let product = try #require(products[balance.sku])
                let location = try #require(locations[balance.location])
                if balance.bucket == .defective {
                    #expect(location.zoneKind == .quarantine, "\(balance.sku) defective at \(balance.location)")
                } else if product.battery != nil {
                    #expect(location.zoneKind == .lithiumBatteries, "\(balance.sku) at \(balance.location)")
                }
                if product.hazardClass == "3" || product.hazardClass == "2.1" {
                    let dx = Double(location.xMillimetres - oxidiser.xMillimetres)
                    let dy = Double(location.yMillimetres - oxidiser.yMillimetres)
                    #expect(
                        (dx * dx + dy * dy).squareRoot() >= 6_000, "\(balance.sku) beside 5.1 at \(balance.location)")
                }
            }
            let total = stock.reduce(0) { $0 + $1.quantity }
            #expect(total == imported - short + 40)

            // A full count that finds exactly what the ledger holds.
            let counts = CountService(store: store)
            _ = try await counts.open(
                "FULL-1", warehouse: w, kind: .full, operationID: "e2e-count-open", actor: "counter")
            var entries: [String: CountEntry] = [:]
            for balance in stock {
                let key = "\(balance.location)|\(balance.sku)|\(balance.lot)"
                entries[
                    key,
                    default: CountEntry(location: balance.location, sku: balance.sku, lot: balance.lot, quantity: 0)
                ]
                .quantity += balance.quantity
            }
            _ = try await counts.record(
                "FULL-1", warehouse: w, entries: Array(entries.values), operationID: "e2e-count-record",
                actor: "counter")
            let closed = try await counts.close(
                "FULL-1", warehouse: w, operationID: "e2e-count-close", actor: "counter")
            #expect(closed.lines.count == entries.count)
            let report = try await counts.accuracy(warehouse: w, ids: ["FULL-1"])
            #expect(report.accuracy == 1 && report.records == entries.count)
            let adjustments = try await store.entries(warehouse: w, after: 0, limit: 100_000)
                .filter { $0.kind == .adjustment && $0.reason != "short-shipped" }
            #expect(adjustments.isEmpty)
            let verification = try await LedgerVerifier(store: store).verify(warehouse: w)
            #expect(verification.isValid, "\(verification.projectionMismatches)")
        }
    }
}
