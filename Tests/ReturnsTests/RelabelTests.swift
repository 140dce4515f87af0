import BondedTesting
import ComplianceEngine
import Foundation
import Testing
import WMSCore

@Suite("Returns: relabeling with a marking re-check")
struct RelabelTests {
    /// A received return of RT-01 (origin CN) and RT-03 (origin US) to relabel.
    static func received(_ store: any Store) async throws -> ReturnService {
        let w = ReturnsFixture.warehouse
        try await ReturnsFixture.setUp(store)
        try await store.save(Lot(sku: "RT-03", lot: "L03-1"))
        try await FlowDocumentShippedOrders(store: store, warehouses: [w]).record(
            ShippedOrderSummary(
                orderID: "SO-7", warehouse: w, channel: "amazon", destinationCountry: "DE",
                shippedAt: ReturnsFixture.now,
                lines: [
                    ShippedOrderLine(sku: "RT-01", quantity: 2, unitPrice: 30, currency: "EUR"),
                    ShippedOrderLine(sku: "RT-03", lot: "L03-1", quantity: 1, unitPrice: 12, currency: "EUR"),
                ]))
        let service = ReturnsFixture.service(store)
        _ = try await service.authorise(
            AuthoriseReturnRequest(
                rmaID: "R7", orderID: "SO-7",
                lines: [
                    ReturnRequestLine(sku: "RT-01", quantity: 2, reason: .notAsDescribed),
                    ReturnRequestLine(sku: "RT-03", quantity: 1, reason: .noLongerNeeded),
                ],
                returnsLocation: ReturnsFixture.returns, operationID: "a7", actor: "desk"))
        _ = try await service.receive(
            ReceiveReturnRequest(
                warehouse: w, parcel: "R7",
                items: [ReturnItemScan(code: "RT-01", quantity: 2), ReturnItemScan(code: "RT-03", lot: "L03-1")],
                operationID: "r7", actor: "desk"))
        return service
    }

    static let complete = LabelContent(
        code: "NEW-0001", languages: ["de", "en"], originCountry: "CN", productIdentifier: "RT-01/2026-11",
        manufacturer: "Shenzhen Lamp Co., 1 Keji Rd, Shenzhen, lamp@example.cn",
        responsiblePerson: "Acme EU GmbH, Berlin")

    /// (label change, destination, field path, requirement code, rule that must be named).
    static let incomplete: [(String, String?, String, String, String)] = [
        ("languages", nil, "newLabel.languages", "LABEL-LANG-DE", "traceability.label-language"),
        ("languages", "FR", "newLabel.languages", "LABEL-LANG-FR", "traceability.label-language"),
        ("identifier", nil, "newLabel.productIdentifier", "GPSR-PRODUCT-ID", "traceability.gpsr-identifiers"),
        ("manufacturer", nil, "newLabel.manufacturer", "GPSR-MANUFACTURER", "traceability.gpsr-identifiers"),
        (
            "person", nil, "newLabel.responsiblePerson", "GPSR-RESPONSIBLE-PERSON",
            "traceability.gpsr-responsible-person"
        ),
        ("origin", "US", "newLabel.originCountry", "MARK-ORIGIN", "us-cbp.origin-marking"),
        ("wrong-origin", nil, "newLabel.originCountry", "ORIGIN-MISMATCH", "returns.origin-unchanged"),
    ]

    @Test(arguments: TestBackend.allCases, 0..<incomplete.count)
    func aLabelMissingAMarkingIsRefusedNamingTheRule(_ backend: TestBackend, _ index: Int) async throws {
        let (change, destination, field, code, rule) = Self.incomplete[index]
        try await withTestStore(backend) { test in
            let service = try await Self.received(test.store)
            var label = Self.complete
            switch change {
            case "languages": label.languages = ["en"]
            case "identifier": label.productIdentifier = nil
            case "manufacturer": label.manufacturer = ""
            case "person": label.responsiblePerson = nil
            case "origin": label.originCountry = nil
            default: label.originCountry = "DE"
            }
            let error = await #expect(throws: FlowError.self) {
                _ = try await service.relabel(
                    "R7", warehouse: ReturnsFixture.warehouse, sku: "RT-01", quantity: 1, oldLabel: "OLD-0001",
                    newLabel: label, destination: destination, operationID: "rl-\(index)", actor: "desk")
            }
            #expect(error?.code == .complianceHold)
            #expect(error?.field == field, "\(String(describing: error?.debugDescription))")
            #expect(error?.value == code)
            #expect(error?.rule == rule)
            #expect(error?.source?.isEmpty == false)
            #expect(try await service.labelMapping("OLD-0001", warehouse: ReturnsFixture.warehouse) == nil)
            #expect(try await service.rma("R7", warehouse: ReturnsFixture.warehouse)?.relabels.isEmpty == true)
        }
    }

    @Test(
        "a complete label is mapped old → new; replays return it; a second mapping is refused",
        arguments: TestBackend.allCases)
    func relabelMapping(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let w = ReturnsFixture.warehouse
            let service = try await Self.received(test.store)
            let record = try await service.relabel(
                "R7", warehouse: w, sku: "RT-01", quantity: 2, oldLabel: "OLD-0001", newLabel: Self.complete,
                operationID: "rl-1", actor: "desk")
            #expect(record.destination == "DE")
            #expect(record.requiredMarkings == ["GPSR-MANUFACTURER", "GPSR-PRODUCT-ID", "LABEL-LANG-DE"])
            #expect(try await service.labelMapping("OLD-0001", warehouse: w) == record)
            #expect(try await service.rma("R7", warehouse: w)?.relabels == [record])
            let replay = try await service.relabel(
                "R7", warehouse: w, sku: "RT-01", quantity: 2, oldLabel: "OLD-0001", newLabel: Self.complete,
                operationID: "rl-1", actor: "desk")
            #expect(replay == record)
            #expect(try await service.rma("R7", warehouse: w)?.relabels.count == 1)
            var other = Self.complete
            other.code = "NEW-0002"
            let remap = await #expect(throws: FlowError.self) {
                _ = try await service.relabel(
                    "R7", warehouse: w, sku: "RT-01", quantity: 1, oldLabel: "OLD-0001", newLabel: other,
                    operationID: "rl-2", actor: "desk")
            }
            #expect(remap?.field == "oldLabel")
            // Only received units can be relabelled.
            let tooMany = await #expect(throws: FlowError.self) {
                _ = try await service.relabel(
                    "R7", warehouse: w, sku: "RT-01", quantity: 1, oldLabel: "OLD-0009", newLabel: other,
                    operationID: "rl-3", actor: "desk")
            }
            #expect(tooMany?.field == "quantity")
            // US-origin goods sold in the US need no origin marking, but an English label.
            let us = LabelContent(code: "NEW-US-1", languages: ["en"])
            let usRecord = try await service.relabel(
                "R7", warehouse: w, sku: "RT-03", quantity: 1, oldLabel: "OLD-US-1", newLabel: us,
                destination: "US", operationID: "rl-4", actor: "desk")
            #expect(usRecord.requiredMarkings == ["LABEL-LANG-EN"])
            #expect(usRecord.lot == "L03-1")
            // No ledger movement for a relabel: the returned stock stays where it is.
            #expect(try await ReturnsFixture.buckets(test.store, location: ReturnsFixture.returns) == [.frozen: 3])
        }
    }
}
