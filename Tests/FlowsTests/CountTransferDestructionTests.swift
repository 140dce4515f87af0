import BondedTesting
import ComplianceEngine
import Foundation
import Testing
import WMSCore

@Suite("Counts, transfers and destruction")
struct CountTransferDestructionTests {
    @Test(
        "count variances post adjustments with the reason; accuracy is the share of matching records",
        arguments: TestBackend.allCases)
    func countVariances(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            _ = try await store.post(
                Posting(
                    clientOperationID: "stock", warehouse: w, actor: "t",
                    movements: [
                        .receipt(sku: "GN-01", quantity: 10, to: StockPosition(location: "GEN-01", bucket: .available)),
                        .receipt(sku: "GN-02", quantity: 7, to: StockPosition(location: "GEN-01", bucket: .available)),
                        .receipt(sku: "GN-02", quantity: 3, to: StockPosition(location: "GEN-01", bucket: .defective)),
                        .receipt(sku: "GN-03", quantity: 4, to: StockPosition(location: "GEN-02", bucket: .available)),
                    ]))
            let counts = CountService(store: store)
            let sheet = try await counts.open(
                "CC-9", warehouse: w, kind: .cycle, locations: ["GEN-01", "GEN-02"], reason: "cycle-count",
                operationID: "cc9-open", actor: "counter")
            #expect(sheet.isOpen && sheet.covers(location: "GEN-02"))
            await #expect(throws: FlowError(.invalidRequest, "")) {
                _ = try await counts.open(
                    "DYN-1", warehouse: w, kind: .dynamic, locations: ["GEN-03", "GEN-04"], operationID: "dyn-1",
                    actor: "picker")
            }
            await #expect(throws: FlowError(.locationFrozen, "")) {
                _ = try await counts.open(
                    "DYN-2", warehouse: w, kind: .dynamic, locations: ["GEN-01"], operationID: "dyn-2", actor: "picker")
            }
            let dynamic = try await counts.open(
                "DYN-3", warehouse: w, kind: .dynamic, locations: ["GEN-05"], operationID: "dyn-3", actor: "picker")
            #expect(dynamic.countKind == .dynamic && dynamic.covers(location: "GEN-05"))
            _ = try await counts.record(
                "CC-9", warehouse: w,
                entries: [
                    CountEntry(location: "GEN-01", sku: "GN-01", quantity: 12),
                    CountEntry(location: "GEN-01", sku: "GN-02", quantity: 1),
                ], operationID: "cc9-rec1", actor: "counter")
            await #expect(throws: FlowError(.countIncomplete, "")) {
                _ = try await counts.close("CC-9", warehouse: w, operationID: "cc9-close", actor: "counter")
            }
            _ = try await counts.record(
                "CC-9", warehouse: w, entries: [CountEntry(location: "GEN-02", sku: "GN-03", quantity: 4)],
                operationID: "cc9-rec2", actor: "counter")
            let closed = try await counts.close("CC-9", warehouse: w, operationID: "cc9-close", actor: "counter")
            #expect(!closed.isOpen && closed.matched == 1 && closed.lines.count == 3)
            let report = try await counts.accuracy(warehouse: w)
            #expect(report.records == 3 && report.matched == 1 && report.gains == 2 && report.losses == 9)
            let adjustments = try await store.entries(warehouse: w, after: 0, limit: 100).filter {
                $0.kind == .adjustment
            }
            // A loss leaves available stock first: what cannot be found must not be promised.
            #expect(adjustments.map(\.quantity).sorted() == [2, 2, 7])
            #expect(adjustments.allSatisfy { $0.reason == "cycle-count" })
            let gn2 = try await store.balances(warehouse: w, sku: "GN-02")
            #expect(gn2.count == 1 && gn2[0].quantity == 1 && gn2[0].bucket == .defective)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }

    @Test(
        "a transfer ships through in-transit and records the documents the assessment lists",
        arguments: TestBackend.allCases)
    func transfer(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            _ = try await store.post(
                Posting(
                    clientOperationID: "stock", warehouse: w, actor: "t",
                    movements: [
                        .receipt(sku: "GN-01", quantity: 10, to: StockPosition(location: "GEN-01", bucket: .available))
                    ]))
            let transfers = TransferService(store: store, packSet: FlowFixture.packSet, day: FlowFixture.day)
            let dispatched = try await transfers.dispatch(
                "TR-1", from: w, to: "FR-PAR1", lines: [TransferLine(sku: "GN-01", quantity: 4, location: "GEN-01")],
                operationID: "tr1", actor: "t")
            #expect(!dispatched.received)
            let replay = try await transfers.dispatch(
                "TR-1", from: w, to: "FR-PAR1", lines: [TransferLine(sku: "GN-01", quantity: 4, location: "GEN-01")],
                operationID: "tr1", actor: "t")
            #expect(replay == dispatched)
            #expect(try await store.balances(warehouse: "FR-PAR1", sku: "GN-01").map(\.bucket) == [.inTransit])
            #expect(try await store.stockLevels(warehouse: w, sku: "GN-01").first?.available == 6)
            let received = try await transfers.receive(
                "TR-1", from: w, dock: "DOCK-1", operationID: "tr1-rcv", actor: "t")
            #expect(received.received)
            let there = try await store.balances(warehouse: "FR-PAR1", sku: "GN-01")
            #expect(there.count == 1 && there[0].location == "DOCK-1" && there[0].quantity == 4)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: "FR-PAR1").isValid)
            // Across the Atlantic by sea: the assessment lists the export/import documents, recorded as required.
            let ocean = try await transfers.dispatch(
                "TR-2", from: w, to: "US-NJ1",
                lines: [TransferLine(sku: "GN-01", quantity: 2, location: "GEN-01", unitValue: "12.50")],
                transport: "sea", operationID: "tr2", actor: "t")
            #expect(ocean.requiredDocuments.contains("commercial-invoice"))
            #expect(try await LedgerVerifier(store: store).verify(warehouse: "US-NJ1").isValid)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }

    @Test(
        "destruction needs evidence and is blocked for apparel of large companies, naming the rule",
        arguments: TestBackend.allCases)
    func destruction(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            _ = try await store.post(
                Posting(
                    clientOperationID: "stock", warehouse: w, actor: "t",
                    movements: [
                        .receipt(sku: "GN-01", quantity: 5, to: StockPosition(location: "QA-01", bucket: .defective)),
                        .receipt(sku: "GN-02", quantity: 5, to: StockPosition(location: "QA-01", bucket: .defective)),
                    ]))
            let service = DestructionService(store: store, packSet: FlowFixture.packSet, day: FlowFixture.day)
            for sku in ["GN-01", "GN-02"] {
                try await service.markPending(
                    warehouse: w, sku: sku, quantity: 5, location: "QA-01", reason: "damaged-beyond-repair",
                    operationID: "pd-\(sku)", actor: "t")
            }
            // GN-01 is a T-shirt (HS 6109): a large company may not destroy it.
            do {
                _ = try await service.destroy(
                    warehouse: w, sku: "GN-01", quantity: 5, location: "QA-01", reason: "damaged",
                    evidence: DestructionEvidence(reference: "CERT-1", witness: "A. Witness"), companySize: "large",
                    operationID: "ds-1", actor: "t")
                Issue.record("expected a block")
            } catch let error as FlowError {
                #expect(error.code == .destructionBlocked)
                #expect(error.rule == "traceability.espr-no-destruction")
                #expect(error.source?.contains("ESPR") == true)
            }
            await #expect(throws: FlowError(.missingEvidence, "")) {
                _ = try await service.destroy(
                    warehouse: w, sku: "GN-02", quantity: 5, location: "QA-01", reason: "damaged",
                    evidence: DestructionEvidence(reference: "CERT-2", witness: ""), companySize: "large",
                    operationID: "ds-2", actor: "t")
            }
            let record = try await service.destroy(
                warehouse: w, sku: "GN-02", quantity: 5, location: "QA-01", reason: "damaged",
                evidence: DestructionEvidence(reference: "CERT-2", witness: "A. Witness"), companySize: "large",
                operationID: "ds-2", actor: "t")
            #expect(record.evidence.reference == "CERT-2")
            _ = try await service.destroy(
                warehouse: w, sku: "GN-02", quantity: 5, location: "QA-01", reason: "damaged",
                evidence: DestructionEvidence(reference: "CERT-2", witness: "A. Witness"), companySize: "large",
                operationID: "ds-2", actor: "t")
            #expect(try await store.balances(warehouse: w, sku: "GN-02").isEmpty)
            #expect(try await store.balances(warehouse: w, sku: "GN-01").first?.bucket == .pendingDestruction)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }
}
