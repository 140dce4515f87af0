import BondedTesting
import Foundation
import Storage
import Testing
import WMSCore

/// `Store.saveDocuments`: several flow documents saved in one transaction, each over its version, all or none.
@Suite("Store contract: flow documents saved together")
struct DocumentBatchContractTests {
    @Test("a batch saves every document or, on one stale version, none", arguments: TestBackend.allCases)
    func allOrNone(backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let first = try await store.saveDocuments([
                FlowDocument(warehouse: "W1", kind: "order", id: "o-1", status: "picked", data: #"{"n":1}"#),
                FlowDocument(warehouse: "W1", kind: "shipment-document", id: "o-1-label", status: "label", data: "L"),
            ])
            #expect(first.map(\.version) == [1, 1])
            #expect(try await store.document(warehouse: "W1", kind: "order", id: "o-1")?.data == #"{"n":1}"#)

            // The second document already exists (version 0 is stale): the order's update is not saved either.
            var order = try #require(first.first)
            order.status = "packed"
            order.data = #"{"n":2}"#
            await #expect {
                try await store.saveDocuments([
                    FlowDocument(warehouse: "W1", kind: "shipment-document", id: "o-1-h7", status: "h7", data: "H"),
                    FlowDocument(
                        warehouse: "W1", kind: "shipment-document", id: "o-1-label", status: "label", data: "X"),
                    order,
                ])
            } throws: { error in
                (error as? WMSError)?.code == .operationConflict
            }
            let stored = try #require(try await store.document(warehouse: "W1", kind: "order", id: "o-1"))
            #expect(stored.version == 1 && stored.data == #"{"n":1}"# && stored.status == "picked")
            #expect(try await store.document(warehouse: "W1", kind: "shipment-document", id: "o-1-h7") == nil)
            #expect(try await store.document(warehouse: "W1", kind: "shipment-document", id: "o-1-label")?.data == "L")

            // Over the right versions the batch goes through.
            let second = try await store.saveDocuments([
                FlowDocument(warehouse: "W1", kind: "shipment-document", id: "o-1-h7", status: "h7", data: "H"), order,
            ])
            #expect(second.map(\.version) == [1, 2])
            #expect(try await store.document(warehouse: "W1", kind: "order", id: "o-1")?.status == "packed")
        }
    }
}
