import BondedTesting
import Foundation
import Testing

@testable import WMSCore

@Suite("Flow operations survive a crash between the document and the ledger")
struct RecoveryTests {
    @Test("a pending operation left by a crash is completed by the next operation", arguments: TestBackend.allCases)
    func pendingCompleted(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            let inbound = InboundService(store: store)
            _ = try await inbound.importCSV(
                "container,sku,quantity\nC1,GN-01,10\nC1,GN-02,4\n", id: "ASN-R", warehouse: w, operationID: "r-imp",
                actor: "t")
            _ = try await inbound.arrive("ASN-R", warehouse: w, operationID: "r-arr", actor: "t")
            // The process saved the receiving state with its operation pending, then died before posting.
            let document = try #require(try await store.document(warehouse: w, kind: InboundShipment.kind, id: "ASN-R"))
            var state = try FlowCoding.decode(InboundShipment.self, document)
            let key = ReceiptKey(container: "C1", sku: "GN-01").text
            state.good[key] = 6
            state.operations["r-crashed"] = FlowOperation(
                applied: false, documentReference: "ASN-R", actor: "t", device: "",
                postings: [
                    [
                        .transfer(
                            sku: "GN-01", quantity: 6, from: StockPosition(location: "", bucket: .inTransit),
                            to: StockPosition(location: "DOCK-1", bucket: .available), reason: "receipt")
                    ]
                ])
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: w, kind: InboundShipment.kind, id: "ASN-R", status: state.status,
                    data: try FlowCoding.encode(state), version: document.version))
            // The next scan finishes the crashed operation first, then applies its own.
            _ = try await inbound.receive(
                ReceiveRequest(
                    clientOperationID: "r-next", warehouse: w, asnID: "ASN-R", dock: "DOCK-1",
                    scans: [ReceiptScan(container: "C1", sku: "GN-01", quantity: 4)], actor: "t"))
            let shipment = try #require(try await inbound.shipment("ASN-R", warehouse: w))
            #expect(shipment.operations.values.allSatisfy { $0.applied })
            #expect(shipment.containers[0].lines.first { $0.sku == "GN-01" }?.good == 10)
            let dock = try await store.balances(warehouse: w, sku: "GN-01").filter { $0.location == "DOCK-1" }
            #expect(dock.map(\.quantity) == [10])
            let entries = try await store.entries(warehouse: w, after: 0, limit: 100)
            #expect(entries.filter { $0.clientOperationID == "r-crashed" }.count == 1)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }
}
