import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Allocation: warehouse by rule, FEFO, back-order reasons, no overselling")
struct AllocationTests {
    static let eu = OrdersFixture.europe

    @Test("the warehouse serving the destination with stock is chosen, cheapest first", arguments: TestBackend.allCases)
    func warehouseRule(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.stock(store, units: 20)
            let s = OrdersFixture.services(store)
            _ = try await s.orders.take(OrdersFixture.intake("de", country: "DE", lines: [("TS-01", 1)]))
            _ = try await s.orders.take(OrdersFixture.intake("us", country: "US", lines: [("TS-01", 1)]))
            _ = try await s.orders.take(OrdersFixture.intake("jp", country: "JP", lines: [("TS-01", 1)]))
            let report = try await s.allocation.allocate(operationID: "alloc-1")
            #expect(Set(report.allocated) == ["web-de", "web-us"])
            #expect(report.backOrdered["web-jp"]?.code == .destinationNotServed)
            #expect(try await s.orders.order(id: "web-de")?.warehouse == OrdersFixture.europe)
            #expect(try await s.orders.order(id: "web-us")?.warehouse == OrdersFixture.america)
            #expect(try await s.orders.order(id: "web-us")?.route?.transport == "road")
            // A replay changes nothing and reserves nothing more.
            let again = try await s.allocation.allocate(operationID: "alloc-1")
            #expect(again.allocated.isEmpty)
            let levels = try await store.stockLevels(warehouse: OrdersFixture.europe, sku: "TS-01")
            #expect(levels.first?.reserved == 1)
            // Cancelling gives the stock back.
            let cancelled = try await s.orders.cancel("web-de", operation: "cancel-1", reason: "customer")
            #expect(cancelled.status == .cancelled)
            #expect(try await store.stockLevels(warehouse: OrdersFixture.europe, sku: "TS-01").first?.reserved == 0)
        }
    }

    @Test(
        "without stock in the cheapest warehouse the next one serving the destination is used",
        arguments: TestBackend.allCases)
    func fallback(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.stock(store, units: 20)
            var network = OrdersFixture.network
            network.sites[1].serves.append("*")
            network.costs.append(.init(warehouse: OrdersFixture.america, destination: "*", amount: 5_000))
            let orders = OrderService(store: store, desk: OrdersFixture.desk)
            let allocator = AllocationService(orders: orders, network: network, today: OrdersFixture.today)
            #expect(
                network.candidates(for: "FR", service: "standard").map(\.warehouse) == [Self.eu, OrdersFixture.america])
            _ = try await orders.take(OrdersFixture.intake("small", country: "FR", lines: [("TS-02", 5)], minute: 1))
            _ = try await orders.take(
                OrdersFixture.intake("big", country: "FR", lines: [("TS-01", 18), ("TS-02", 16)], minute: 2))
            let report = try await allocator.allocate(operationID: "a")
            #expect(Set(report.allocated) == ["web-small", "web-big"])
            #expect(try await orders.order(id: "web-small")?.warehouse == Self.eu)
            let big = try #require(try await orders.order(id: "web-big"))
            #expect(big.warehouse == OrdersFixture.america)
            #expect(big.route?.transport == "air" && big.route?.aircraft == "cargo")
            // Nothing of the order stays reserved in Frankfurt (no split shipments).
            #expect(try await store.stockLevels(warehouse: Self.eu, sku: "TS-01").first?.reserved == 0)
        }
    }

    @Test("FEFO: the earliest expiry first, never an expired lot", arguments: TestBackend.allCases)
    func fefo(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.receive(
                store, "tea",
                [
                    ("TEA-01", "T-OLD", 50, "A-01", .available), ("TEA-01", "T-LATE", 5, "A-02", .available),
                    ("TEA-01", "T-SOON", 3, "A-03", .available),
                ])
            let s = OrdersFixture.services(store)
            _ = try await s.orders.take(OrdersFixture.intake("t1", lines: [("TEA-01", 4)], minute: 1))
            _ = try await s.orders.take(OrdersFixture.intake("t2", lines: [("TEA-01", 4)], minute: 2))
            _ = try await s.orders.take(OrdersFixture.intake("t3", lines: [("TEA-01", 1)], minute: 3))
            let report = try await s.allocation.allocate(operationID: "a")
            #expect(report.allocated == ["web-t1", "web-t2"])
            let t1 = try #require(try await s.orders.order(id: "web-t1"))
            #expect(t1.allocations.map(\.lot) == ["T-SOON", "T-LATE"])
            #expect(t1.allocations.map(\.quantity) == [3, 1])
            // 4 sellable units are left (T-LATE); 50 expired units never count.
            let t2 = try #require(try await s.orders.order(id: "web-t2"))
            #expect(t2.status == .allocated)
            #expect(t2.allocations.map(\.lot) == ["T-LATE"])
            let t3 = try #require(try await s.orders.order(id: "web-t3"))
            #expect(t3.status == .backOrdered)
            #expect(t3.backOrder?.code == .noStock)
            #expect(t3.backOrder?.message.contains("50 more only in expired lots") == true)
        }
    }

    @Test("back-orders always say why: frozen, quarantined, count-frozen, no stock", arguments: TestBackend.allCases)
    func backOrderReasons(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.receive(
                store, "seed",
                [
                    ("TS-01", "", 5, "A-01", .frozen), ("TS-02", "", 5, "QA-01", .frozen),
                    ("TS-03", "", 5, "B-01", .available), ("TS-04", "", 2, "B-02", .available),
                    ("TS-05", "", 3, "C-01", .defective),
                ])
            _ = try await CountService(store: store).open(
                "CC-1", warehouse: Self.eu, kind: .cycle, locations: ["B-01"], operationID: "count", actor: "test")
            let s = OrdersFixture.services(store)
            for (n, sku) in ["TS-01", "TS-02", "TS-03", "TS-04", "TS-05"].enumerated() {
                _ = try await s.orders.take(OrdersFixture.intake("r\(n)", lines: [(sku, 3)], minute: n))
            }
            let report = try await s.allocation.allocate(operationID: "a")
            #expect(report.allocated.isEmpty)
            #expect(report.backOrdered["web-r0"]?.code == .stockFrozen)
            #expect(report.backOrdered["web-r1"]?.code == .complianceHold)
            #expect(report.backOrdered["web-r2"]?.code == .stockFrozen)
            #expect(report.backOrdered["web-r3"]?.code == .noStock)
            #expect(report.backOrdered["web-r4"]?.code == .stockFrozen)
            for order in try await s.orders.orders(status: .backOrdered) {
                #expect(order.backOrder != nil && !(order.backOrder!.message.isEmpty))
            }
            // Closing the count unfreezes B-01: the next run allocates the TS-03 order.
            _ = try await CountService(store: store).record(
                "CC-1", warehouse: Self.eu, entries: [CountEntry(location: "B-01", sku: "TS-03", quantity: 5)],
                operationID: "rec", actor: "test")
            _ = try await CountService(store: store).close(
                "CC-1", warehouse: Self.eu, operationID: "close", actor: "test")
            let next = try await s.allocation.allocate(operationID: "b")
            #expect(next.allocated == ["web-r2"])
        }
    }

    @Test("1,000 orders racing for 100 units allocate exactly 100", arguments: TestBackend.allCases)
    func race(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await OrdersFixture.setUp(store)
            try await OrdersFixture.receive(store, "seed", [("MUG-01", "", 100, "D-04", .available)])
            let orders = OrderService(store: store, desk: OrdersFixture.desk)
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for n in 0..<1_000 {
                    group.addTask {
                        try await orders.take(OrdersFixture.intake("race-\(n)", lines: [("MUG-01", 1)], minute: n))
                            .order.id
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }.sorted()
            }
            // 16 independent allocators (as if 16 processes) race, each through its share of the orders.
            let allocated = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<16 {
                    let share = ids.enumerated().filter { $0.offset % 16 == worker }.map(\.element)
                    group.addTask {
                        let allocator = AllocationService(
                            orders: orders, network: OrdersFixture.network, today: OrdersFixture.today)
                        return try await allocator.allocate(ids: share, operationID: "race").allocated.count
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(allocated == 100)
            #expect(try await orders.orders(status: .allocated).count == 100)
            let backOrdered = try await orders.orders(status: .backOrdered)
            #expect(backOrdered.count == 900)
            #expect(backOrdered.allSatisfy { $0.backOrder?.code == .noStock })
            let level = try #require(try await store.stockLevels(warehouse: Self.eu, sku: "MUG-01").first)
            #expect(level.reserved == 100)
            #expect(level.available - level.reserved == 0)
        }
    }
}
