import BondedTesting
import Documents
import Foundation
import Fulfilment
import Testing
import WMSCore

@Suite("End to end: mixed orders from intake to shipment, then returns")
struct EndToEndTests {
    /// Orders in the run: 600 by default (debug builds, both backends in parallel), `BONDED_E2E_ORDERS` to change
    /// (`make test-orders-e2e` runs the 2,000 of the acceptance). A tenth of that many shipped orders come back.
    static let orderCount = ProcessInfo.processInfo.environment["BONDED_E2E_ORDERS"].flatMap { Int($0) } ?? 600

    struct Expected {
        var holds: Set<String> = []
    }

    /// Mixed orders: several countries, channels and services; mostly single items; DG items (power banks,
    /// perfume); products that must be held (no EU responsible person, no HS code); a delivery charge on some.
    static func orders(_ count: Int, seed: UInt64 = 42) -> [(OrderIntake, Expected)] {
        var rng = SplitMix(seed)
        let europe = ["DE", "FR", "IT", "ES", "NL", "PL", "GB"]
        let channels = ["web", "amazon", "shopee", "temu"]
        var result: [(OrderIntake, Expected)] = []
        for n in 0..<count {
            let american = rng.next() % 5 == 0
            let country = american ? (rng.next() % 4 == 0 ? "CA" : "US") : europe[Int(rng.next() % 7)]
            let express = rng.next() % 10 == 0
            let lineCount = rng.next() % 10 < 6 ? 1 : 2 + Int(rng.next() % 2)
            var skus: [String] = []
            for _ in 0..<lineCount {
                let roll = rng.next() % 100
                var sku: String
                switch roll {
                case 0..<8: sku = "PF-01"
                case 8..<16: sku = american ? "TEA-01" : "PB-01"
                case 16..<21: sku = "MUG-01"
                case 21..<23: sku = "GIFT-01"
                case 23..<27: sku = "TEA-01"
                default: sku = OrdersFixture.shirts[Int(rng.next() % UInt64(OrdersFixture.shirts.count))]
                }
                if skus.contains(sku) { sku = OrdersFixture.shirts[n % OrdersFixture.shirts.count] }
                if !skus.contains(sku) { skus.append(sku) }
            }
            let single = lineCount == 1 && rng.next() % 4 != 0
            let lines = skus.map { ($0, single ? 1 : 1 + Int(rng.next() % 2)) }
            var expected = Expected()
            if skus.contains("GIFT-01") {
                expected.holds = ["HS-CODE-MISSING"]
            } else {
                if skus.contains("MUG-01"), FulfilmentNetwork.region(of: country) == "EU" {
                    expected.holds.insert("GPSR-RESPONSIBLE-PERSON")
                }
                // Batteries alone fly on cargo aircraft only; by road they ship with their shipper's declaration.
                if skus.contains("PB-01"), express { expected.holds.insert("DG-CARGO-AIRCRAFT-ONLY") }
            }
            let intake = OrdersFixture.intake(
                String(format: "E%05d", n), channel: channels[Int(rng.next() % 4)], country: country,
                service: express ? "express" : "standard", lines: lines,
                price: Decimal(string: ["9.90", "19.90", "34.50", "59.00"][Int(rng.next() % 4)])!, minute: n,
                shipping: [nil, Decimal(string: "4.90"), Decimal(0)][Int(rng.next() % 3)])
            result.append((intake, expected))
        }
        return result
    }

    /// No balance negative, available never below reserved, in both warehouses.
    static func expectATPNeverNegative(_ store: any Store, _ phase: String) async throws {
        for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
            for level in try await store.stockLevels(warehouse: warehouse, sku: nil) {
                #expect(
                    level.availableToPromise >= 0, "\(phase): \(warehouse) \(level.sku) ATP \(level.availableToPromise)"
                )
            }
            for balance in try await store.balances(warehouse: warehouse, sku: nil) {
                #expect(balance.quantity >= 0, "\(phase): negative balance \(balance)")
            }
        }
    }

    /// Both ledgers verify, and every SKU holds what was received plus `change` (per `warehouse/SKU`).
    static func expectLedger(_ store: any Store, count: Int, change: [String: Int64], _ phase: String) async throws {
        for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
            let report = try await LedgerVerifier(store: store).verify(warehouse: warehouse)
            #expect(report.isValid, "\(phase): \(report)")
            for product in OrdersFixture.products() {
                let held = try await store.balances(warehouse: warehouse, sku: product.sku).reduce(0) {
                    $0 + $1.quantity
                }
                let received = (product.sku == "PF-01" ? Int64(max(4, count / 60)) : Int64(count)) / 2 * 2
                let key = "\(warehouse)/\(product.sku)"
                #expect(held == received + (change[key] ?? 0), "\(phase): \(key)")
            }
        }
    }

    @Test("orders → allocation → gate → waves → routes → picks → pack → ship", arguments: TestBackend.allCases)
    func endToEnd(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let started = Date()
            let store = test.store
            let count = Self.orderCount
            try await OrdersFixture.setUp(store)
            // Perfume is short on purpose (a tenth of demand): later perfume orders must be back-ordered, with reason.
            try await OrdersFixture.stock(store, units: Int64(count), overrides: ["PF-01": Int64(max(4, count / 60))])
            let s = OrdersFixture.services(store)
            let generated = Self.orders(count)
            let expected = Dictionary(uniqueKeysWithValues: generated.map { ($0.0.orderID, $0.1) })
            let taken = try await s.orders.take(generated.map(\.0))
            #expect(taken.count == count && taken.allSatisfy { !$0.replayed })

            // Allocation.
            let allocation = try await s.allocation.allocate(operationID: "e2e-alloc")
            #expect(allocation.allocated.count + allocation.backOrdered.count == count)
            #expect(!allocation.backOrdered.isEmpty)
            for (id, reason) in allocation.backOrdered {
                #expect(reason.code == .noStock && reason.sku == "PF-01", "\(id): \(reason)")
            }
            try await Self.expectATPNeverNegative(store, "allocation")

            // Compliance gate: the held orders are held for exactly the expected reasons.
            let gate = try await s.gate.release(operationID: "e2e-gate")
            #expect(gate.released.count + gate.held.count == allocation.allocated.count)
            var holdCounts: [String: Int] = [:]
            for id in allocation.allocated {
                let want = expected[id]!.holds
                let got = Set(gate.held[id]?.map(\.code) ?? [])
                #expect(got == want, "\(id): held for \(gate.held[id] ?? []), expected \(want)")
                for hold in gate.held[id] ?? [] {
                    #expect(!hold.rule.isEmpty && !hold.source.isEmpty)
                    holdCounts[hold.code, default: 0] += 1
                }
            }
            // Each reason is held by the rule that owns it, and every document the packs ask for can be made now.
            for (code, rule) in [
                ("DG-CARGO-AIRCRAFT-ONLY", "dangerous-goods.passenger-aircraft"),
                ("GPSR-RESPONSIBLE-PERSON", "traceability.gpsr-responsible-person"),
                ("HS-CODE-MISSING", "order-gate.hs-code"),
            ] {
                let expectedCount = allocation.allocated.filter { expected[$0]!.holds.contains(code) }.count
                #expect(expectedCount > 0 && holdCounts[code] == expectedCount, "\(code): \(holdCounts[code] ?? 0)")
                #expect(gate.held.values.allSatisfy { $0.allSatisfy { $0.code != code || $0.rule == rule } })
            }
            #expect(holdCounts["DOCUMENT-UNAVAILABLE"] == nil)

            // Waves and routes, then picking by scan.
            let (sessions, routeMillimetres) = try await OrdersFixture.pickAll(s, planID: "E2E")
            let picked = try await s.orders.orders(status: .picked)
            // Every picked unit was moved in the ledger to its warehouse's pack station, and is claimed there.
            for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
                let atStation = try await store.balances(warehouse: warehouse, sku: nil).filter {
                    $0.location == OrdersFixture.packStation && $0.bucket == .available
                }.reduce(0) { $0 + $1.quantity }
                let pickedHere = picked.filter { $0.warehouse == warehouse }.flatMap(\.allocations)
                #expect(atStation == pickedHere.reduce(0) { $0 + $1.picked } && atStation > 0, "\(warehouse)")
                #expect(
                    pickedHere.allSatisfy { $0.stagedUnits == $0.picked && $0.stagedAt == OrdersFixture.packStation })
            }
            #expect(picked.count == gate.released.count)

            // Packing (with a few wrong parcels refused first) and shipping.
            let gtins = OrdersFixture.gtins
            var refused = 0
            for (n, order) in picked.enumerated() {
                let (scans, net, marks) = OrdersFixture.parcel(order)
                if n % 97 == 0 {
                    for attempt in [
                        (Array(scans.dropLast()), net + 150, marks), (scans, net + 2_000, marks),
                        (scans + [gtins["TS-01"]!], net + 150, marks),
                    ] {
                        await #expect(throws: FlowError.self) {
                            _ = try await s.pack.pack(
                                order.id, scans: attempt.0, grossGrams: attempt.1, marks: attempt.2,
                                operationID: "bad-\(order.id)-\(attempt.1)-\(attempt.0.count)")
                        }
                        refused += 1
                    }
                    if !marks.isEmpty {
                        await #expect(throws: FlowError.self) {
                            _ = try await s.pack.pack(
                                order.id, scans: scans, grossGrams: net + 150, marks: [],
                                operationID: "nomarks-\(order.id)")
                        }
                    }
                }
                let packed = try await s.pack.pack(
                    order.id, scans: scans, grossGrams: net + 150 + Int64(n % 40), marks: marks,
                    operationID: "pack-\(order.id)")
                #expect(packed.status == .packed)
                _ = try await s.pack.ship(order.id, operationID: "ship-\(order.id)", actor: "dock")
            }
            #expect(refused > 0)
            try await Self.expectATPNeverNegative(store, "shipping")
            // Parcels shipped from the pack stations: nothing is left there.
            for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
                let left = try await store.balances(warehouse: warehouse, sku: nil).filter {
                    $0.location == OrdersFixture.packStation && $0.quantity > 0
                }
                #expect(left.isEmpty, "\(warehouse): \(left)")
            }

            // Every shipped order has its assessment and its documents; the ledger verifies.
            let shipped = try await s.orders.orders(status: .shipped)
            #expect(shipped.count == gate.released.count)
            var shippedUnits: [String: Int64] = [:]
            var powerBanks = 0
            for order in shipped {
                let assessment = try #require(order.assessment)
                #expect(
                    try await store.document(
                        warehouse: OrdersFixture.desk, kind: ComplianceGate.assessmentKind, id: assessment.documentID)
                        != nil)
                let documents = try #require(order.parcel?.documents)
                #expect(documents.contains { $0.kind == "label" })
                for required in assessment.documents where required == "commercial-invoice" {
                    #expect(documents.contains { $0.kind == "invoice" }, "\(order.id) lacks \(required)")
                }
                for required in assessment.documents {
                    guard let kind = DocumentKind(assessmentName: required) else { continue }
                    #expect(documents.contains { $0.kind == kind.rawValue }, "\(order.id) lacks \(required)")
                }
                // No power bank ever flies on a passenger aircraft, and none ships without its declaration.
                if order.intake.lines.contains(where: { $0.sku == "PB-01" }) {
                    powerBanks += 1
                    #expect(order.route?.aircraft != "passenger")
                    let declaration = try #require(documents.first { $0.kind == DocumentKind.dgDeclaration.rawValue })
                    let xml = try #require(try await s.pack.document(declaration.id)).content
                    #expect(xml.contains("<UNNumber>UN3480</UNNumber>"))
                    #expect(xml.contains("<Regulations>ADR</Regulations>"))
                    try OrdersFixture.engine.validate(xml: xml, as: .dgDeclaration)
                }
                #expect(order.trackingNumber?.count == 13)
                let lines = order.shippedLines
                #expect(
                    lines.reduce(0) { $0 + $1.quantity } == order.intake.lines.reduce(0) { $0 + Int64($1.quantity) })
                for line in lines { shippedUnits["\(line.warehouse)/\(line.sku)", default: 0] += line.quantity }
            }
            let sample = try #require(shipped.first?.parcel?.documents.first)
            let stored = try #require(try await s.pack.document(sample.id))
            #expect(ContentDigest.sha256Hex(Data(stored.content.utf8)) == sample.sha256)
            // What left is exactly what shipped.
            try await Self.expectLedger(store, count: count, change: shippedUnits.mapValues { -$0 }, "shipping")
            for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
                for reservation in try await store.reservations(warehouse: warehouse) where reservation.status == .open
                {
                    let order = try await s.orders.order(id: reservation.orderReference)
                    #expect(order?.status == .held, "open reservation of \(reservation.orderReference)")
                }
            }
            #expect(powerBanks > 0)
            let shippedAt = Date()

            // Returns: a tenth of the orders (every k-th shipped one) comes back, is received, graded and restocked.
            let returned = try await Self.returns(
                s, store: store, shipped: shipped, count: min(count / 10, shipped.count))
            try await Self.expectATPNeverNegative(store, "returns")
            // What is left is what was received, less what shipped, plus what came back, less what was destroyed.
            var change = shippedUnits.mapValues { -$0 }
            for (key, units) in returned.units { change[key, default: 0] += units }
            for (key, units) in returned.destroyed { change[key, default: 0] -= units }
            try await Self.expectLedger(store, count: count, change: change, "returns")
            let seconds = Date().timeIntervalSince(started)
            print(
                "E2E \(backend): \(count) orders, \(allocation.backOrdered.count) back-ordered, "
                    + "\(gate.held.count) held "
                    + "\(holdCounts.sorted { $0.key < $1.key }), \(shipped.count) shipped (\(powerBanks) with power "
                    + "banks) in \(sessions.count) pick sessions, route \(routeMillimetres / 1000) m, "
                    + "\(String(format: "%.1f", shippedAt.timeIntervalSince(started))) s; \(returned.rmas) returns "
                    + "graded \(returned.grades.sorted { $0.key < $1.key }), "
                    + "\(returned.destroyedUnits) units destroyed, \(returned.blocked) destructions blocked, "
                    + "\(String(format: "%.1f", Date().timeIntervalSince(shippedAt))) s; "
                    + "total \(String(format: "%.1f", seconds)) s")
        }
    }
}
