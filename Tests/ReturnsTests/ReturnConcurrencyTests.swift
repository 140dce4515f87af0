import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Returns: concurrent authorisations")
struct ReturnConcurrencyTests {
    @Test("12 RMAs racing for the 3 shipped units of a line authorise exactly 3", arguments: TestBackend.allCases)
    func racingAuthorisations(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let w = ReturnsFixture.warehouse
            try await ReturnsFixture.setUp(test.store)
            try await FlowDocumentShippedOrders(store: test.store, warehouses: [w]).record(
                ShippedOrderSummary(
                    orderID: "SO-RACE", warehouse: w, channel: "web", destinationCountry: "DE",
                    shippedAt: ReturnsFixture.now,
                    lines: [ShippedOrderLine(sku: "RT-02", quantity: 3, unitPrice: 10, currency: "EUR")]))
            let service = ReturnsFixture.service(test.store)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await service.authorise(
                                AuthoriseReturnRequest(
                                    rmaID: "RACE-\(n)", orderID: "SO-RACE",
                                    lines: [ReturnRequestLine(sku: "RT-02", quantity: 1, reason: .other)],
                                    returnsLocation: ReturnsFixture.returns, operationID: "race-\(n)", actor: "desk"))
                            return true
                        } catch let error as FlowError where error.code == .overReceipt {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 3)
            let stored = try await test.store.documents(warehouse: w, kind: "rma", status: nil)
            #expect(stored.count == 3)
        }
    }
}
