import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Compliance gate, pick by scan, short picks, packing checks")
struct GateAndPickTests {
    static let eu = OrdersFixture.europe

    /// Takes, allocates and gates `intakes`; returns the gate report.
    static func prepare(_ store: any Store, _ intakes: [OrderIntake]) async throws -> ComplianceGate.Report {
        try await OrdersFixture.setUp(store)
        try await OrdersFixture.stock(store, units: 40)
        let s = OrdersFixture.services(store)
        for intake in intakes { _ = try await s.orders.take(intake) }
        _ = try await s.allocation.allocate(operationID: "alloc")
        return try await s.gate.release(operationID: "gate")
    }

    @Test("holds name the rule that fired; the assessment is stored with the order", arguments: TestBackend.allCases)
    func gate(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let report = try await Self.prepare(
                test.store,
                [
                    OrdersFixture.intake("ok", country: "FR", lines: [("TS-01", 1)]),
                    OrdersFixture.intake("air", country: "FR", service: "express", lines: [("PB-01", 1)]),
                    OrdersFixture.intake("gpsr", country: "IT", lines: [("MUG-01", 1)]),
                    OrdersFixture.intake("hs", country: "DE", lines: [("GIFT-01", 1)]),
                    OrdersFixture.intake("us-mug", country: "US", lines: [("MUG-01", 1)]),
                ])
            #expect(Set(report.released) == ["web-ok", "web-us-mug"])
            #expect(
                report.held["web-air"]?.contains {
                    $0.code == "DG-CARGO-AIRCRAFT-ONLY" && $0.rule == "dangerous-goods.passenger-aircraft"
                } == true)
            #expect(report.held["web-gpsr"]?.map(\.code) == ["GPSR-RESPONSIBLE-PERSON"])
            #expect(report.held["web-gpsr"]?.first?.rule == "traceability.gpsr-responsible-person")
            #expect(report.held["web-hs"]?.map(\.rule) == ["order-gate.hs-code"])
            let s = OrdersFixture.services(test.store)
            let ok = try #require(try await s.orders.order(id: "web-ok"))
            let assessment = try #require(ok.assessment)
            #expect(assessment.decision == "release")
            let stored = try #require(
                try await test.store.document(
                    warehouse: OrdersFixture.desk, kind: ComplianceGate.assessmentKind, id: assessment.documentID))
            #expect(stored.data.contains("\"explanation\""))
            let air = try #require(try await s.orders.order(id: "web-air"))
            #expect(air.status == .held && air.assessment?.decision == "hold")
            // Fixing the master data and running the gate again releases the order.
            var gift = try #require(try await test.store.product("GIFT-01"))
            gift.hsCode = "420292"
            try await test.store.save(gift)
            let again = try await s.gate.release(ids: ["web-hs"], operationID: "gate-2")
            #expect(again.released == ["web-hs"])
            // Held orders cannot join a wave.
            let plan = try await s.waves.plan(
                warehouse: Self.eu, layout: OrdersFixture.layout, cart: OrdersFixture.cart, planID: "P1")
            #expect(plan.waves.reduce(0) { $0 + $1.orders } == 2)
            #expect(try await s.orders.order(id: "web-air")?.status == .held)
        }
    }

    @Test(
        "wrong scans are refused with a reason and record nothing; over-picks are impossible",
        arguments: TestBackend.allCases)
    func scanRefusals(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            _ = try await Self.prepare(
                test.store, [OrdersFixture.intake("p", country: "DE", lines: [("TS-01", 2), ("TS-02", 1)])])
            let s = OrdersFixture.services(test.store)
            let plan = try await s.waves.plan(
                warehouse: Self.eu, layout: OrdersFixture.layout, cart: OrdersFixture.cart, planID: "P1")
            let id = try #require(plan.waves.first?.sessions.first)
            let session = try #require(try await s.picks.session(id, warehouse: Self.eu))
            let first = session.tasks[0]
            let other = session.tasks.first { $0.sku != first.sku }!
            var r = try await s.picks.scan(session: id, warehouse: Self.eu, item: first.sku, operationID: "s1")
            #expect(r.refusal?.code == .scanLocationFirst)
            r = try await s.picks.scan(session: id, warehouse: Self.eu, location: "F-09", operationID: "s2")
            #expect(r.refusal?.code == .wrongLocation)
            r = try await s.picks.scan(session: id, warehouse: Self.eu, location: first.location, operationID: "s3")
            #expect(r.accepted)
            r = try await s.picks.scan(session: id, warehouse: Self.eu, item: other.sku, operationID: "s4")
            #expect(r.refusal?.code == .wrongItem)
            r = try await s.picks.scan(
                session: id, warehouse: Self.eu, item: first.sku, quantity: first.quantity + 1, operationID: "s5")
            #expect(r.refusal?.code == .overPick)
            let gtin = try #require(try await test.store.product(first.sku)?.gtin?.digits)
            r = try await s.picks.scan(
                session: id, warehouse: Self.eu, item: gtin, quantity: first.quantity, operationID: "s6")
            #expect(r.accepted && r.task?.state == .done)
            // A replayed scan changes nothing.
            _ = try await s.picks.scan(
                session: id, warehouse: Self.eu, item: gtin, quantity: first.quantity, operationID: "s6")
            let after = try #require(try await s.picks.session(id, warehouse: Self.eu))
            #expect(after.tasks[0].picked == first.quantity)
            #expect(after.operations == ["s3", "s6"])
        }
    }

    @Test(
        "a short pick opens a dynamic count, then re-allocates elsewhere or back-orders with the reason",
        arguments: TestBackend.allCases, [false, true])
    func shortPick(_ backend: TestBackend, stockElsewhere: Bool) async throws {
        try await withTestStore(backend) { test in
            // TS-01 lies in A-01 and A-06 (20 each): s1 gets 15 from A-01, s2 all 20 of A-06.
            _ = try await Self.prepare(
                test.store,
                [
                    OrdersFixture.intake("s1", country: "DE", lines: [("TS-01", 15)], minute: 1),
                    OrdersFixture.intake("s2", country: "DE", lines: [("TS-01", 20)], minute: 2),
                ])
            if stockElsewhere {
                try await OrdersFixture.receive(test.store, "more", [("TS-01", "", 30, "C-03", .available)])
            }
            let s = OrdersFixture.services(test.store)
            let plan = try await s.waves.plan(
                warehouse: Self.eu, layout: OrdersFixture.layout, cart: OrdersFixture.cart, planID: "P1")
            let id = try #require(plan.waves.first?.sessions.first)
            var session = try #require(try await s.picks.session(id, warehouse: Self.eu))
            let task = try #require(session.tasks.first { $0.orderID == "web-s1" })
            #expect(session.tasks[0] == task && task.location == "A-01" && task.quantity == 15)
            _ = try await s.picks.scan(session: id, warehouse: Self.eu, location: "A-01", operationID: "l1")
            // A-01 holds only 1 more unit: 14 are missing.
            let result = try await s.picks.short(
                session: id, warehouse: Self.eu, found: 1, operationID: "short-1", actor: "picker")
            #expect(result.missing == 14)
            let count = try #require(result.count)
            let sheet = try #require(try await CountService(store: test.store).sheet(count, warehouse: Self.eu))
            #expect(sheet.countKind == .dynamic && sheet.locations == ["A-01"] && sheet.isOpen)
            let order = try #require(try await s.orders.order(id: "web-s1"))
            session = try #require(try await s.picks.session(id, warehouse: Self.eu))
            if stockElsewhere {
                #expect(result.backOrder == nil)
                #expect(result.reallocated.map(\.location) == ["C-03"] && result.reallocated.map(\.quantity) == [14])
                #expect(order.status == .picking)
                #expect(order.allocations.map(\.quantity) == [1, 14])
                #expect(session.tasks.last?.location == "C-03" && session.tasks.last?.quantity == 14)
            } else {
                // A-06 is all promised to s2: nothing sellable is left.
                let reason = try #require(result.backOrder)
                #expect(reason.code == .noStock && reason.message.contains("short pick at A-01"))
                #expect(reason.message.contains(count))
                #expect(order.status == .backOrdered && order.allocations.isEmpty)
                #expect(order.history.last?.note.contains("1 of TS-01 at \(OrdersFixture.packStation)") == true)
                #expect(session.tasks.filter { $0.orderID == "web-s1" }.allSatisfy { $0.state != .open })
                let level = try #require(try await test.store.stockLevels(warehouse: Self.eu, sku: "TS-01").first)
                #expect(level.reserved == 20)
            }
            // The frozen location is not allocated again while the count is open.
            _ = try await s.orders.take(OrdersFixture.intake("s3", country: "DE", lines: [("TS-01", 1)], minute: 3))
            _ = try await s.allocation.allocate(operationID: "alloc-2")
            let s3 = try #require(try await s.orders.order(id: "web-s3"))
            #expect(!s3.allocations.contains { $0.location == "A-01" })
            // The counter finds 5 units left in A-01. The unit picked went to the pack station in the ledger at
            // the short pick: the count expects A-01's 19 and books a loss of 14, not 15.
            let counts = CountService(store: test.store)
            _ = try await counts.record(
                count, warehouse: Self.eu, entries: [CountEntry(location: "A-01", sku: "TS-01", quantity: 5)],
                operationID: "count-1", actor: "counter")
            let closed = try await counts.close(
                count, warehouse: Self.eu, uncountedAreZero: false, operationID: "count-2", actor: "counter")
            let line = try #require(closed.lines.first { $0.location == "A-01" && $0.sku == "TS-01" })
            #expect(line.expected == 19 && line.variance == -14)
            let balances = try await test.store.balances(warehouse: Self.eu, sku: "TS-01")
            let a01 = balances.filter { $0.location == "A-01" }
            #expect(a01.reduce(0) { $0 + $1.quantity } == 5)
            // The picked unit waits at the pack station: for s1 when it was re-allocated, free (to put away)
            // when s1 was back-ordered.
            #expect(balances.filter { $0.location == OrdersFixture.packStation }.map(\.quantity) == [1])
            if stockElsewhere {
                #expect(order.allocations.first?.stagedUnits == 1)
                #expect(order.allocations.first?.stagedAt == OrdersFixture.packStation)
            }
        }
    }

    @Test(
        "picked units move to the pack station; a count mid-pick is right; a cancelled order's units wait there",
        arguments: TestBackend.allCases)
    func pickToPackStation(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            _ = try await Self.prepare(
                test.store, [OrdersFixture.intake("p1", country: "DE", lines: [("TS-01", 3)], minute: 1)])
            let s = OrdersFixture.services(test.store)
            let plan = try await s.waves.plan(
                warehouse: Self.eu, layout: OrdersFixture.layout, cart: OrdersFixture.cart, planID: "P1")
            let id = try #require(plan.waves.first?.sessions.first)
            let task = try #require(try await s.picks.session(id, warehouse: Self.eu)?.tasks.first)
            #expect(task.location == "A-01" && task.quantity == 3)
            let station = OrdersFixture.packStation
            func held(_ location: String) async throws -> Int64 {
                try await test.store.balances(warehouse: Self.eu, sku: "TS-01").filter {
                    $0.location == location && $0.bucket == .available
                }.reduce(0) { $0 + $1.quantity }
            }
            _ = try await s.picks.scan(session: id, warehouse: Self.eu, location: "A-01", operationID: "l1")
            for _ in 0..<2 {  // the second scan is a replay of the first
                let scan = try await s.picks.scan(
                    session: id, warehouse: Self.eu, item: "TS-01", quantity: 2, operationID: "i1")
                #expect(scan.accepted)
            }
            #expect(try await held("A-01") == 18)
            #expect(try await held(station) == 2)
            var order = try #require(try await s.orders.order(id: "web-p1"))
            #expect(order.status == .picking && order.allocations.first?.stagedUnits == 2)
            #expect(order.allocations.first?.stagedAt == station)
            #expect(try await s.picks.session(id, warehouse: Self.eu)?.packStation == station)
            // Staged for an order still being picked: claimed, so not on the put-away worklist.
            #expect(try await s.orders.unclaimedStaging(warehouse: Self.eu).isEmpty)

            // A count the supervisor opens mid-pick finds 18 on the shelf, as the ledger says: no variance.
            let counts = CountService(store: test.store)
            _ = try await counts.open(
                "C1", warehouse: Self.eu, kind: .cycle, locations: ["A-01"], operationID: "c-open", actor: "sv")
            _ = try await counts.record(
                "C1", warehouse: Self.eu, entries: [CountEntry(location: "A-01", sku: "TS-01", quantity: 18)],
                operationID: "c-record", actor: "counter")
            // While the count is open the bin's stock stays still: the next unit waits.
            let frozen = try await s.picks.scan(session: id, warehouse: Self.eu, item: "TS-01", operationID: "i-frozen")
            #expect(!frozen.accepted && frozen.refusal?.code == .locationFrozen)
            #expect(try await held("A-01") == 18)
            let closed = try await counts.close("C1", warehouse: Self.eu, operationID: "c-close", actor: "counter")
            #expect(closed.lines.map(\.variance) == [0] && closed.lines.first?.expected == 18)

            // Cancelled before the last unit: the last scan is refused and moves nothing.
            order = try await s.orders.cancel("web-p1", operation: "cancel", reason: "customer cancelled")
            #expect(order.history.last?.note.contains("2 of TS-01 at \(station)") == true)
            let late = try await s.picks.scan(session: id, warehouse: Self.eu, item: "TS-01", operationID: "i2")
            #expect(!late.accepted && late.refusal?.code == .orderNotPicking)
            #expect(try await held("A-01") == 18)
            #expect(try await held(station) == 2)
            let level = try #require(try await test.store.stockLevels(warehouse: Self.eu, sku: "TS-01").first)
            #expect(level.reserved == 0 && level.available == 40)
            // Nobody waits for them now: the put-away worklist lists them.
            #expect(
                try await s.orders.unclaimedStaging(warehouse: Self.eu) == [
                    StagedStock(
                        location: station, zoneKind: .packing, sku: "TS-01", lot: "", onHand: 2, claimed: 0,
                        unclaimed: 2)
                ])

            // Put away from the pack station: never back to a staging location.
            let putaway = PutawayService(
                store: test.store,
                classifier: DangerousGoodsClassifier(
                    packSet: OrdersFixture.packSet, country: "DE", day: OrdersFixture.day))
            let placements = try await putaway.putaway(
                PutawayRequest(clientOperationID: "put-back", warehouse: Self.eu, from: station, actor: "packer"))
            #expect(placements.reduce(0) { $0 + $1.quantity } == 2)
            #expect(placements.allSatisfy { !$0.zoneKind.isStaging })
            #expect(try await held(station) == 0)
            #expect(try await s.orders.unclaimedStaging(warehouse: Self.eu).isEmpty)
            #expect(try await LedgerVerifier(store: test.store).verify(warehouse: Self.eu).isValid)
        }
    }

    @Test("a warehouse without a pack station refuses the first item scan, naming what to set up")
    func noPackStation() async throws {
        try await withTestStore(.sqlite) { test in
            _ = try await Self.prepare(
                test.store, [OrdersFixture.intake("p1", country: "DE", lines: [("TS-01", 1)], minute: 1)])
            let s = OrdersFixture.services(test.store)
            // Re-save the pack station as a general location: the warehouse has none left.
            try await test.store.save(
                Location(warehouse: Self.eu, code: OrdersFixture.packStation, zone: "PACK", zoneKind: .general))
            let plan = try await s.waves.plan(
                warehouse: Self.eu, layout: OrdersFixture.layout, cart: OrdersFixture.cart, planID: "P1")
            let id = try #require(plan.waves.first?.sessions.first)
            _ = try await s.picks.scan(session: id, warehouse: Self.eu, location: "A-01", operationID: "l1")
            await #expect {
                try await s.picks.scan(session: id, warehouse: Self.eu, item: "TS-01", operationID: "i1")
            } throws: { error in
                (error as? FlowError)?.field == "warehouse" && "\(error)".contains("zone kind 'packing'")
            }
            #expect(try await s.orders.order(id: "web-p1")?.allocations.first?.stagedUnits == 0)
            let a01 = try await test.store.balances(warehouse: Self.eu, sku: "TS-01").filter { $0.location == "A-01" }
            #expect(a01.reduce(0) { $0 + $1.quantity } == 20)
        }
    }
}
