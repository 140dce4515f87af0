import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("A crash between reservation and order save leaves nothing reserved for good")
struct ReservationRecoveryTests {
    static func reserved(_ store: any Store, _ warehouse: String, _ sku: String) async throws -> Int64 {
        try await store.stockLevels(warehouse: warehouse, sku: sku).reduce(0) { $0 + $1.reserved }
    }

    @Test(
        "allocating again adopts the crashed attempt's reservations; orphans of other attempts are released",
        arguments: TestBackend.allCases)
    func recovery(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let eu = OrdersFixture.europe
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.stock(store, units: 20)
            let s = OrdersFixture.services(store)
            _ = try await s.orders.take(OrdersFixture.intake("crash", country: "FR", lines: [("TS-01", 2)]))
            _ = try await s.orders.take(OrdersFixture.intake("moved", country: "FR", lines: [("TS-02", 3)]))
            // The crashed attempt: reservations made (with the ids the first attempt uses), the order never saved;
            // and one for "moved" in the other warehouse, as if that attempt had chosen New Jersey first.
            _ = try await store.reserve(
                ReservationRequest(
                    clientOperationID: "web-crash/a1/\(eu)/0", warehouse: eu, sku: "TS-01", quantity: 2,
                    orderReference: "web-crash"))
            _ = try await store.reserve(
                ReservationRequest(
                    clientOperationID: "web-moved/a1/\(OrdersFixture.america)/0", warehouse: OrdersFixture.america,
                    sku: "TS-02", quantity: 3, orderReference: "web-moved"))
            _ = try await store.reserve(
                ReservationRequest(
                    clientOperationID: "lost/0", warehouse: eu, sku: "TS-03", quantity: 1, orderReference: "no-such"))
            #expect(try await Self.reserved(store, eu, "TS-01") == 2)
            // Orders waiting for allocation keep their reservations: another process may be allocating them.
            #expect(try await s.allocation.releaseOrphanReservations(warehouse: OrdersFixture.america).isEmpty)

            let report = try await s.allocation.allocate(operationID: "alloc")
            #expect(Set(report.allocated) == ["web-crash", "web-moved"])
            let crash = try #require(try await s.orders.order(id: "web-crash"))
            #expect(crash.allocations.map(\.reservationID) == ["web-crash/a1/\(eu)/0"])
            // Adopted, not doubled.
            #expect(try await Self.reserved(store, eu, "TS-01") == 2)

            #expect(try await s.allocation.releaseOrphanReservations(warehouse: eu) == ["lost/0"])
            #expect(
                try await s.allocation.releaseOrphanReservations(warehouse: OrdersFixture.america) == [
                    "web-moved/a1/\(OrdersFixture.america)/0"
                ])
            #expect(try await Self.reserved(store, OrdersFixture.america, "TS-02") == 0)
            #expect(try await Self.reserved(store, eu, "TS-03") == 0)
            #expect(try await Self.reserved(store, eu, "TS-02") == 3)
            // Nothing else is touched, and running it again finds nothing.
            #expect(try await s.allocation.releaseOrphanReservations(warehouse: eu).isEmpty)
            #expect(try await s.orders.order(id: "web-moved")?.status == .allocated)
        }
    }
}
