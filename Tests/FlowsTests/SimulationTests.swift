import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Simulation: 30 days of operations with injected count errors")
struct SimulationTests {
    @Test("accuracy report and adjustment entries match the injected errors exactly", arguments: TestBackend.allCases)
    func thirtyDays(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            var rng = SplitMix(2026)
            let inbound = InboundService(store: store)
            let putaway = PutawayService(store: store, classifier: FlowFixture.classifier())
            let moves = MoveService(putaway: putaway)
            let counts = CountService(store: store)
            let skus = FlowFixture.general + FlowFixture.powerBanks + FlowFixture.aerosols
            var injectedGains: Int64 = 0
            var injectedLosses: Int64 = 0
            var records = 0
            var mismatched = 0
            var countIDs: Set<String> = []
            for day in 1...30 {
                // Goods arrive (blind receipts) and are put away.
                let scans = (0..<4).map { _ in
                    ReceiptScan(
                        container: "-", sku: skus[Int(rng.next() % UInt64(skus.count))],
                        quantity: Int64(1 + rng.next() % 30))
                }
                _ = try await inbound.receive(
                    ReceiveRequest(
                        clientOperationID: "d\(day)-rcv", warehouse: w, asnID: nil, dock: "DOCK-1", scans: scans,
                        actor: "sim"))
                _ = try await putaway.putaway(
                    PutawayRequest(clientOperationID: "d\(day)-pa", warehouse: w, from: "DOCK-1", actor: "sim"))
                // A move between shelves of the same zone.
                let stock = try await store.balances(warehouse: w, sku: nil).filter {
                    $0.bucket == .available && $0.location.hasPrefix("GEN")
                }
                let target = String(format: "GEN-%02d", 1 + Int(rng.next() % 20))
                if let balance = stock.randomElement(using: &rng), balance.location != target {
                    _ = try await moves.move(
                        MoveRequest(
                            clientOperationID: "d\(day)-mv", warehouse: w, taskLocation: balance.location,
                            scannedLocation: balance.location, sku: balance.sku, lot: balance.lot,
                            quantity: max(1, balance.quantity / 2), to: target,
                            actor: "sim"))
                }
                // A cycle count of three locations with injected miscounts.
                let held = try await store.balances(warehouse: w, sku: nil).filter {
                    $0.bucket != .inTransit && $0.location != "DOCK-1"
                }
                let chosen = Array(Set(held.map(\.location))).sorted().shuffled(using: &rng).prefix(3)
                let id = "CC-D\(day)"
                countIDs.insert(id)
                _ = try await counts.open(
                    id, warehouse: w, kind: .cycle, locations: Array(chosen), reason: "cycle-count",
                    operationID: "\(id)-open", actor: "sim")
                var perRecord: [String: CountEntry] = [:]
                for balance in held where chosen.contains(balance.location) {
                    perRecord[
                        "\(balance.location)|\(balance.sku)|\(balance.lot)",
                        default: CountEntry(location: balance.location, sku: balance.sku, lot: balance.lot, quantity: 0)
                    ].quantity += balance.quantity
                }
                var entries: [CountEntry] = []
                for key in perRecord.keys.sorted() {
                    var entry = perRecord[key]!
                    let roll = rng.next() % 10
                    var error: Int64 = 0
                    if roll == 0 { error = Int64(1 + rng.next() % 3) }
                    if roll == 1 { error = -min(entry.quantity, Int64(1 + rng.next() % 3)) }
                    entry.quantity += error
                    if error > 0 { injectedGains += error }
                    if error < 0 { injectedLosses -= error }
                    if error != 0 { mismatched += 1 }
                    records += 1
                    entries.append(entry)
                }
                _ = try await counts.record(id, warehouse: w, entries: entries, operationID: "\(id)-rec", actor: "sim")
                _ = try await counts.close(id, warehouse: w, operationID: "\(id)-close", actor: "sim")
            }
            let report = try await counts.accuracy(warehouse: w, ids: countIDs)
            #expect(report.records == records)
            #expect(report.matched == records - mismatched)
            #expect(report.gains == injectedGains && report.losses == injectedLosses)
            #expect(mismatched > 0)
            let adjustments = try await store.entries(warehouse: w, after: 0, limit: 100_000).filter {
                $0.kind == .adjustment
            }
            #expect(adjustments.allSatisfy { $0.reason == "cycle-count" })
            #expect(adjustments.filter { $0.from == nil }.reduce(0) { $0 + $1.quantity } == injectedGains)
            #expect(adjustments.filter { $0.to == nil }.reduce(0) { $0 + $1.quantity } == injectedLosses)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }
}

extension SplitMix: RandomNumberGenerator {}
