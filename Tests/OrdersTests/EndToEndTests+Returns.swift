import BondedTesting
import Foundation
import Testing
import WMSCore

extension EndToEndTests {
    /// What the returns part of the run did, per `warehouse/SKU`.
    struct Returned {
        var rmas = 0
        var units: [String: Int64] = [:]
        var destroyed: [String: Int64] = [:]
        var grades: [String: Int64] = [:]
        /// Units restocked per `warehouse/bucket` at the returns desk, as grading decided.
        var buckets: [String: Int64] = [:]
        var destroyedUnits: Int64 = 0
        var blocked = 0
    }

    /// Every k-th shipped order comes back whole: authorised against the order as shipped (the order service is the
    /// returns flow's shipped-order lookup), received by GTIN scan, graded A–D line by line, restocked by grade;
    /// then what was graded D is destroyed with evidence, except apparel, which the ESPR ban keeps (checked).
    static func returns(
        _ s: (
            orders: OrderService, allocation: AllocationService, gate: ComplianceGate, waves: WaveService,
            picks: PickService, pack: PackService, returns: ReturnService
        ), store: any Store, shipped: [Order], count: Int
    ) async throws -> Returned {
        var result = Returned()
        guard count > 0 else { return result }
        let gtins = OrdersFixture.gtins
        // Only shipped orders can be returned.
        if let held = try await s.orders.orders(status: .held).first {
            #expect(try await s.orders.shippedOrder(held.id) == nil)
            await #expect(throws: FlowError.self) {
                _ = try await s.returns.authorise(
                    AuthoriseReturnRequest(
                        rmaID: "RMA-HELD", orderID: held.id,
                        lines: [ReturnRequestLine(sku: held.intake.lines[0].sku, quantity: 1, reason: .other)],
                        returnsLocation: OrdersFixture.returns, operationID: "auth-held", actor: "desk"))
            }
        }
        let step = max(1, shipped.count / count)
        let chosen = stride(from: 0, to: shipped.count, by: step).prefix(count).map { shipped[$0] }
        for (n, order) in chosen.enumerated() {
            let summary = try #require(try await s.orders.shippedOrder(order.id))
            #expect(summary.warehouse == order.warehouse && summary.channel == order.intake.channel)
            #expect(summary.lines.reduce(0) { $0 + $1.quantity } == order.shippedLines.reduce(0) { $0 + $1.quantity })
            let reason = ReturnReason.allCases[n % ReturnReason.allCases.count]
            let rmaID = "RMA-\(n)"
            let (rma, replayed) = try await s.returns.authorise(
                AuthoriseReturnRequest(
                    rmaID: rmaID, orderID: order.id,
                    lines: summary.lines.map {
                        ReturnRequestLine(sku: $0.sku, lot: $0.lot, quantity: $0.quantity, reason: reason)
                    }, returnsLocation: OrdersFixture.returns, parcel: "RT\(n)", operationID: "auth-\(n)",
                    actor: "desk"))
            #expect(!replayed && rma.warehouse == summary.warehouse)
            if n == 0 {
                // Everything shipped is authorised already: a second RMA for the order is refused.
                await #expect(throws: FlowError.self) {
                    _ = try await s.returns.authorise(
                        AuthoriseReturnRequest(
                            rmaID: "RMA-AGAIN", orderID: order.id,
                            lines: [ReturnRequestLine(sku: summary.lines[0].sku, quantity: 1, reason: reason)],
                            returnsLocation: OrdersFixture.returns, operationID: "auth-again", actor: "desk"))
                }
            }
            _ = try await s.returns.receive(
                ReceiveReturnRequest(
                    warehouse: summary.warehouse, parcel: n % 2 == 0 ? rmaID : "RT\(n)",
                    items: rma.lines.map {
                        ReturnItemScan(code: gtins[$0.sku] ?? $0.sku, lot: $0.lot, quantity: $0.authorised)
                    }, operationID: "recv-\(n)", actor: "desk"))
            var entries: [GradeEntry] = []
            for (index, line) in rma.lines.enumerated() {
                let grade = ReturnGrade.allCases[(n + index) % ReturnGrade.allCases.count]
                entries.append(GradeEntry(sku: line.sku, lot: line.lot, grade: grade, quantity: line.authorised))
                result.grades[grade.rawValue, default: 0] += line.authorised
                result.units["\(summary.warehouse)/\(line.sku)", default: 0] += line.authorised
                result.buckets["\(summary.warehouse)/\(grade.bucket.rawValue)", default: 0] += line.authorised
            }
            _ = try await s.returns.grade(
                rmaID, warehouse: summary.warehouse, entries: entries, operationID: "grade-\(n)", inspector: "qc")
            let restocked = try await s.returns.restock(
                rmaID, warehouse: summary.warehouse, operationID: "restock-\(n)", actor: "desk")
            #expect(restocked.status == "closed")
            result.rmas += 1
        }
        // Grade D waits in pending-destruction at the returns desk; destroy it where the rules allow.
        let destruction = DestructionService(store: store, packSet: OrdersFixture.packSet, day: OrdersFixture.day)
        for warehouse in [OrdersFixture.europe, OrdersFixture.america] {
            let balances = try await store.balances(warehouse: warehouse, sku: nil)
            var buckets: [Bucket: Int64] = [:]
            for balance in balances where balance.location == OrdersFixture.returns {
                buckets[balance.bucket, default: 0] += balance.quantity
            }
            // Nothing stays frozen at the desk: every received unit is in the bucket its grade decided.
            for bucket in [Bucket.available, .frozen, .defective, .pendingDestruction] {
                #expect(
                    (buckets[bucket] ?? 0) == (result.buckets["\(warehouse)/\(bucket.rawValue)"] ?? 0),
                    "\(warehouse) \(bucket.rawValue) at the returns desk")
            }
            for balance in balances
            where balance.location == OrdersFixture.returns && balance.bucket == .pendingDestruction
                && balance.quantity > 0
            {
                let key = "\(warehouse)/\(balance.sku)"
                do {
                    _ = try await destruction.destroy(
                        warehouse: warehouse, sku: balance.sku, lot: balance.lot, quantity: balance.quantity,
                        location: balance.location, reason: "return graded D",
                        evidence: DestructionEvidence(reference: "CERT-\(warehouse)-\(balance.sku)", witness: "qc"),
                        companySize: "large", operationID: "destroy-\(warehouse)-\(balance.sku)-\(balance.lot)",
                        actor: "desk")
                    #expect(!balance.sku.hasPrefix("TS-"), "apparel \(balance.sku) was destroyed")
                    result.destroyed[key, default: 0] += balance.quantity
                    result.destroyedUnits += balance.quantity
                } catch let error as FlowError where error.code == .destructionBlocked {
                    #expect(balance.sku.hasPrefix("TS-"), "\(balance.sku): \(error)")
                    result.blocked += 1
                }
            }
        }
        #expect(result.rmas == count)
        #expect(ReturnGrade.allCases.allSatisfy { (result.grades[$0.rawValue] ?? 0) > 0 })
        return result
    }
}
