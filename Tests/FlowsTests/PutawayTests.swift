import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Compliant putaway and moves")
struct PutawayTests {
    @Test("the dangerous-goods pack classifies power banks, perfume, aerosols and general goods")
    func classification() throws {
        let classifier = FlowFixture.classifier()
        let products = Dictionary(uniqueKeysWithValues: FlowFixture.products().map { ($0.sku, $0) })
        let bank = classifier.classify(products["PB-01"]!)
        #expect(bank.unNumber == "UN3480" && bank.dgClass == "9" && bank.allowedZones == [.lithiumBatteries])
        let perfume = classifier.classify(products["PF-01"]!)
        #expect(
            perfume.dgClass == "3" && perfume.allowedZones == [.flammables] && perfume.segregation.contains("2:5.1"))
        #expect(classifier.classify(products["AE-01"]!).allowedZones == [.flammables])
        #expect(classifier.classify(products["GN-01"]!).dgClass == nil)
        let unknown = classifier.classify(products["PB-NOWH"]!)
        #expect(unknown.allowedZones == [.quarantine])
        #expect(unknown.quarantineReason?.contains("DG-BATTERY-RATING-MISSING") == true)
        #expect(unknown.rule == "dangerous-goods.rating-missing")
    }

    @Test("a manual putaway that breaks a rule is refused with the rule and source", arguments: TestBackend.allCases)
    func manualRefused(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            _ = try await InboundService(store: store).receive(
                ReceiveRequest(
                    clientOperationID: "blind-1", warehouse: w, asnID: nil, dock: "DOCK-1",
                    scans: [
                        ReceiptScan(container: "-", sku: "PB-01", quantity: 5),
                        ReceiptScan(container: "-", sku: "AE-01", quantity: 5),
                    ], actor: "t"))
            let putaway = PutawayService(store: store, classifier: FlowFixture.classifier())
            do {
                _ = try await putaway.putaway(
                    PutawayRequest(
                        clientOperationID: "pa-bad", warehouse: w, from: "DOCK-1",
                        items: [PutawayItem(sku: "PB-01", quantity: 5)], target: "GEN-01", actor: "t"))
                Issue.record("expected a refusal")
            } catch let error as FlowError {
                #expect(error.code == .forbiddenPlacement)
                #expect(error.rule == "dangerous-goods.identify")
                #expect(error.source?.contains("un-list") == true)
            }
            // An aerosol (2.1) beside the oxidiser at OX-01: flammables shelf FL-01 is 3 m away, 6 m are needed.
            do {
                _ = try await putaway.putaway(
                    PutawayRequest(
                        clientOperationID: "pa-bad-2", warehouse: w, from: "DOCK-1",
                        items: [PutawayItem(sku: "AE-01", quantity: 5)], target: "FL-01", actor: "t"))
                Issue.record("expected a refusal")
            } catch let error as FlowError {
                #expect(error.code == .forbiddenPlacement)
                #expect(error.rule == "dangerous-goods.segregation")
                #expect(error.message.contains("5.1"))
            }
            let placed = try await putaway.putaway(
                PutawayRequest(clientOperationID: "pa-ok", warehouse: w, from: "DOCK-1", actor: "t"))
            #expect(placed.first { $0.sku == "PB-01" }?.zoneKind == .lithiumBatteries)
            #expect(placed.first { $0.sku == "AE-01" }?.location == "FL-05")

            // Moves: the wrong location is refused, a move into a forbidden zone too, a good one goes through.
            let moves = MoveService(putaway: putaway)
            await #expect(throws: FlowError(.wrongLocation, "")) {
                try await moves.move(
                    MoveRequest(
                        clientOperationID: "mv-1", warehouse: w, taskLocation: "LI-01", scannedLocation: "LI-02",
                        sku: "PB-01", quantity: 1, to: "LI-03", actor: "t"))
            }
            await #expect(throws: FlowError(.forbiddenPlacement, "")) {
                try await moves.move(
                    MoveRequest(
                        clientOperationID: "mv-2", warehouse: w, taskLocation: "LI-01", scannedLocation: "LI-01",
                        sku: "PB-01", quantity: 1, to: "GEN-02", actor: "t"))
            }
            let moved = try await moves.move(
                MoveRequest(
                    clientOperationID: "mv-3", warehouse: w, taskLocation: "LI-01", scannedLocation: "LI-01",
                    sku: "PB-01", quantity: 2, to: "LI-04", actor: "t"))
            let again = try await moves.move(
                MoveRequest(
                    clientOperationID: "mv-3", warehouse: w, taskLocation: "LI-01", scannedLocation: "LI-01",
                    sku: "PB-01", quantity: 2, to: "LI-04", actor: "t"))
            #expect(!moved.replayed && again.replayed)
            // A count freezes its locations.
            let counts = CountService(store: store)
            _ = try await counts.open(
                "CC-1", warehouse: w, kind: .cycle, locations: ["LI-04"], operationID: "cc-1", actor: "t")
            await #expect(throws: FlowError(.locationFrozen, "")) {
                try await moves.move(
                    MoveRequest(
                        clientOperationID: "mv-4", warehouse: w, scannedLocation: "LI-01", sku: "PB-01", quantity: 1,
                        to: "LI-04", actor: "t"))
            }
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }

    @Test("a battery without its Wh rating goes to quarantine, frozen, not to a shelf", arguments: TestBackend.allCases)
    func quarantine(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            _ = try await InboundService(store: store).receive(
                ReceiveRequest(
                    clientOperationID: "blind-q", warehouse: w, asnID: nil, dock: "DOCK-1",
                    scans: [ReceiptScan(container: "-", sku: "PB-NOWH", quantity: 3)], actor: "t"))
            let putaway = PutawayService(store: store, classifier: FlowFixture.classifier())
            await #expect(throws: FlowError(.forbiddenPlacement, "")) {
                _ = try await putaway.putaway(
                    PutawayRequest(
                        clientOperationID: "pa-q-bad", warehouse: w, from: "DOCK-1", target: "LI-01", actor: "t"))
            }
            let placed = try await putaway.putaway(
                PutawayRequest(clientOperationID: "pa-q", warehouse: w, from: "DOCK-1", actor: "t"))
            #expect(placed.count == 1 && placed[0].zoneKind == .quarantine && placed[0].bucket == .frozen)
            let stock = try await store.balances(warehouse: w, sku: "PB-NOWH")
            #expect(stock.count == 1 && stock[0].location.hasPrefix("QA-") && stock[0].bucket == .frozen)
        }
    }
}
