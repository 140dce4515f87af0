import BondedTesting
import ComplianceEngine
import Foundation
import Testing
import WMSCore

@Suite("Returns: authorise, receive by scan, grade, restock")
struct ReturnFlowTests {
    @Test(
        "200 returns graded and restocked: the ledger verifies and every bucket holds what grading decided",
        arguments: TestBackend.allCases)
    func twoHundredReturns(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            try await ReturnsFixture.setUp(store)
            let orders = try await ReturnsFixture.shipOrders(store, count: 200)
            let service = ReturnsFixture.service(store)
            var random = SeededGenerator(seed: 7)
            var expected: [Bucket: Int64] = [:]
            var expectedReasons: [ReturnReasonCount: Int64] = [:]
            var expectedUnits: [String: Int64] = [:]
            for (n, order) in orders.enumerated() {
                let rmaID = "RMA-\(n)"
                // Return a random part of a random subset of the lines.
                var lines: [ReturnRequestLine] = []
                for line in order.lines where Bool.random(using: &random) || line == order.lines[0] {
                    lines.append(
                        ReturnRequestLine(
                            sku: line.sku, quantity: Int64.random(in: 1...line.quantity, using: &random),
                            reason: ReturnReason.allCases.randomElement(using: &random)!))
                }
                let (rma, replayed) = try await service.authorise(
                    AuthoriseReturnRequest(
                        rmaID: rmaID, orderID: order.orderID, lines: lines, returnsLocation: ReturnsFixture.returns,
                        parcel: "TRK\(n)", operationID: "auth-\(n)", actor: "desk"))
                #expect(!replayed && rma.status == "authorised")
                // Scan the parcel (every other one by its tracking number), then the items one scan per unit
                // for the first line and one scan per line for the rest, in two receiving operations.
                var scans: [ReturnItemScan] = []
                for (index, line) in rma.lines.enumerated() {
                    if index == 0 {
                        scans += Array(
                            repeating: ReturnItemScan(code: line.sku, lot: line.lot), count: Int(line.authorised))
                    } else {
                        scans.append(ReturnItemScan(code: line.sku, lot: line.lot, quantity: line.authorised))
                    }
                }
                let half = scans.count / 2
                let parcel = n % 2 == 0 ? rmaID : "TRK\(n)"
                for (part, range) in [(0, 0..<half), (1, half..<scans.count)] where !range.isEmpty {
                    _ = try await service.receive(
                        ReceiveReturnRequest(
                            warehouse: ReturnsFixture.warehouse, parcel: parcel, items: Array(scans[range]),
                            operationID: "recv-\(n)-\(part)", actor: "desk"))
                }
                // Grade every unit, split over random grades; sometimes the inspector finds another reason.
                var entries: [GradeEntry] = []
                for line in rma.lines {
                    var left = line.authorised
                    while left > 0 {
                        let units = Int64.random(in: 1...left, using: &random)
                        let grade = ReturnGrade.allCases.randomElement(using: &random)!
                        let found: ReturnReason? = Int.random(in: 0..<5, using: &random) == 0 ? .damagedInTransit : nil
                        entries.append(
                            GradeEntry(sku: line.sku, lot: line.lot, grade: grade, quantity: units, reason: found))
                        expected[grade.bucket, default: 0] += units
                        expectedReasons[
                            ReturnReasonCount(sku: line.sku, reason: found ?? line.reason, grade: grade, quantity: 0),
                            default: 0] += units
                        expectedUnits[line.sku, default: 0] += units
                        left -= units
                    }
                }
                _ = try await service.grade(
                    rmaID, warehouse: ReturnsFixture.warehouse, entries: entries, operationID: "grade-\(n)",
                    inspector: "qc")
                let restocked = try await service.restock(
                    rmaID, warehouse: ReturnsFixture.warehouse, operationID: "restock-\(n)", actor: "desk")
                #expect(restocked.status == "closed")
            }
            let head = try await store.chainHead(warehouse: ReturnsFixture.warehouse)
            // Replays of every step write nothing.
            for n in [0, 57, 199] {
                let order = orders[n]
                let (_, replayed) = try await service.authorise(
                    AuthoriseReturnRequest(
                        rmaID: "RMA-\(n)", orderID: order.orderID, lines: [], returnsLocation: ReturnsFixture.returns,
                        operationID: "auth-\(n)", actor: "desk"))
                #expect(replayed)
                let rma = try #require(try await service.rma("RMA-\(n)", warehouse: ReturnsFixture.warehouse))
                _ = try await service.receive(
                    ReceiveReturnRequest(
                        warehouse: ReturnsFixture.warehouse, parcel: "RMA-\(n)",
                        items: [ReturnItemScan(code: rma.lines[0].sku, lot: rma.lines[0].lot)],
                        operationID: "recv-\(n)-1", actor: "desk"))
                _ = try await service.grade(
                    "RMA-\(n)", warehouse: ReturnsFixture.warehouse,
                    entries: [GradeEntry(sku: rma.lines[0].sku, grade: .a, quantity: 1)], operationID: "grade-\(n)",
                    inspector: "qc")
                _ = try await service.restock(
                    "RMA-\(n)", warehouse: ReturnsFixture.warehouse, operationID: "restock-\(n)", actor: "desk")
                #expect(try await service.rma("RMA-\(n)", warehouse: ReturnsFixture.warehouse) == rma)
            }
            #expect(try await store.chainHead(warehouse: ReturnsFixture.warehouse) == head)
            // Conservation: the returns location holds exactly what grading decided, nothing is left frozen.
            let buckets = try await ReturnsFixture.buckets(store, location: ReturnsFixture.returns)
            #expect(buckets[.frozen] == nil)
            #expect(buckets == expected.filter { $0.value > 0 })
            let report = try await LedgerVerifier(store: store).verify(warehouse: ReturnsFixture.warehouse)
            #expect(report.isValid, "\(report)")
            // Every returned unit entered by a `return` receipt and left the quarantine by a restock transfer.
            let entries = try await store.entries(warehouse: ReturnsFixture.warehouse, after: 0, limit: 100_000)
            let returned = entries.filter { $0.kind == .receipt && $0.reason == "return" }.reduce(Int64(0)) {
                $0 + $1.quantity
            }
            #expect(returned == expected.values.reduce(0, +))
            // Analytics: units by SKU × reason × grade over the period equal what the inspectors recorded.
            let counts = try await service.reasons(
                warehouse: ReturnsFixture.warehouse, from: ReturnsFixture.now.addingTimeInterval(-60),
                to: ReturnsFixture.now.addingTimeInterval(60))
            #expect(counts.count == expectedReasons.count)
            for count in counts {
                let key = ReturnReasonCount(sku: count.sku, reason: count.reason, grade: count.grade, quantity: 0)
                #expect(expectedReasons[key] == count.quantity)
            }
            #expect(counts == counts.sorted { ($0.sku, $0.reason, $0.grade) < ($1.sku, $1.reason, $1.grade) })
            let oneSKU = try await service.reasons(
                warehouse: ReturnsFixture.warehouse, from: ReturnsFixture.now.addingTimeInterval(-60),
                to: ReturnsFixture.now.addingTimeInterval(60), sku: "RT-05")
            #expect(oneSKU.reduce(Int64(0)) { $0 + $1.quantity } == expectedUnits["RT-05"] ?? 0)
            let later = try await service.reasons(
                warehouse: ReturnsFixture.warehouse, from: ReturnsFixture.now.addingTimeInterval(60),
                to: ReturnsFixture.now.addingTimeInterval(3_600))
            #expect(later.isEmpty)
        }
    }

    @Test(
        "refusals write nothing: not shipped, beyond shipped, wrong item, more than authorised, ungraded units",
        arguments: TestBackend.allCases)
    func refusals(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = ReturnsFixture.warehouse
            try await ReturnsFixture.setUp(store)
            let order = ShippedOrderSummary(
                orderID: "SO-1", warehouse: w, channel: "web", destinationCountry: "FR",
                shippedAt: ReturnsFixture.now,
                lines: [
                    ShippedOrderLine(sku: "RT-01", quantity: 3, unitPrice: Decimal(string: "19.90")!, currency: "EUR"),
                    ShippedOrderLine(sku: "RT-03", lot: "L03-0", quantity: 2, unitPrice: 5, currency: "EUR"),
                ])
            try await store.save(Lot(sku: "RT-03", lot: "L03-0"))
            try await FlowDocumentShippedOrders(store: store, warehouses: [w]).record(order)
            let service = ReturnsFixture.service(store)
            func authorise(_ id: String, _ lines: [ReturnRequestLine], location: String = ReturnsFixture.returns)
                async throws -> ReturnAuthorisation
            {
                try await service.authorise(
                    AuthoriseReturnRequest(
                        rmaID: id, orderID: "SO-1", lines: lines, returnsLocation: location, operationID: "op-\(id)",
                        actor: "desk")
                ).rma
            }
            await #expect(throws: FlowError(.unknownDocument, "")) {
                _ = try await service.authorise(
                    AuthoriseReturnRequest(
                        rmaID: "R0", orderID: "SO-404",
                        lines: [ReturnRequestLine(sku: "RT-01", quantity: 1, reason: .other)],
                        returnsLocation: ReturnsFixture.returns, operationID: "x", actor: "desk"))
            }
            let notShipped = await #expect(throws: FlowError.self) {
                _ = try await authorise("R1", [ReturnRequestLine(sku: "RT-02", quantity: 1, reason: .defective)])
            }
            #expect(notShipped?.field == "lines[0].sku")
            let beyond = await #expect(throws: FlowError.self) {
                _ = try await authorise("R1", [ReturnRequestLine(sku: "RT-01", quantity: 4, reason: .defective)])
            }
            #expect(beyond?.code == .overReceipt && beyond?.field == "lines[0].quantity")
            let notReturns = await #expect(throws: FlowError.self) {
                _ = try await authorise(
                    "R1", [ReturnRequestLine(sku: "RT-01", quantity: 1, reason: .defective)], location: "GEN-01")
            }
            #expect(notReturns?.code == .wrongLocation)
            let rma = try await authorise(
                "R1",
                [
                    ReturnRequestLine(sku: "RT-01", quantity: 2, reason: .sizeOrFit),
                    ReturnRequestLine(sku: "RT-03", quantity: 1, reason: .defective),
                ])
            #expect(rma.lines.map(\.lot) == ["", "L03-0"])
            #expect(rma.lines[0].unitPrice == Decimal(string: "19.90")!)
            // A second RMA may only take what the first left.
            let twice = await #expect(throws: FlowError.self) {
                _ = try await authorise("R2", [ReturnRequestLine(sku: "RT-01", quantity: 2, reason: .other)])
            }
            #expect(twice?.code == .overReceipt && twice?.message.contains("only 1 of 3") == true)
            _ = try await authorise("R2", [ReturnRequestLine(sku: "RT-01", quantity: 1, reason: .other)])

            let head = try await store.chainHead(warehouse: w)
            func receive(_ items: [ReturnItemScan], parcel: String = "R1", op: String) async throws
                -> ReturnAuthorisation
            {
                try await service.receive(
                    ReceiveReturnRequest(warehouse: w, parcel: parcel, items: items, operationID: op, actor: "desk"))
            }
            let unknownParcel = await #expect(throws: FlowError.self) {
                _ = try await receive([ReturnItemScan(code: "RT-01")], parcel: "TRK-NONE", op: "r0")
            }
            #expect(unknownParcel?.code == .unknownDocument && unknownParcel?.field == "parcel")
            // A wrong item in the middle of good ones refuses the whole scan.
            let wrong = await #expect(throws: FlowError.self) {
                _ = try await receive(
                    [ReturnItemScan(code: "RT-01"), ReturnItemScan(code: "RT-02"), ReturnItemScan(code: "RT-03")],
                    op: "r1")
            }
            #expect(wrong?.field == "items[1].code" && wrong?.message.contains("wrong item") == true)
            let wrongLot = await #expect(throws: FlowError.self) {
                _ = try await receive([ReturnItemScan(code: "RT-03", lot: "L03-9")], op: "r2")
            }
            #expect(wrongLot?.field == "items[0].code")
            let tooMany = await #expect(throws: FlowError.self) {
                _ = try await receive(
                    [ReturnItemScan(code: "RT-01"), ReturnItemScan(code: "4006381333931", quantity: 2)], op: "r3")
            }
            #expect(tooMany?.code == .overReceipt && tooMany?.field == "items[1].quantity")
            #expect(try await store.chainHead(warehouse: w) == head)
            #expect(try await service.rma("R1", warehouse: w)?.lines.map(\.received) == [0, 0])
            // The GTIN finds the SKU; the lot is the line's only one.
            let received = try await receive(
                [ReturnItemScan(code: "4006381333931"), ReturnItemScan(code: "RT-03")], op: "r4")
            #expect(received.lines.map(\.received) == [1, 1])
            #expect(received.status == "receiving")
            let frozen = try await ReturnsFixture.buckets(store, location: ReturnsFixture.returns)
            #expect(frozen == [.frozen: 2])
            // Grading more than was received is refused; restock with nothing graded writes nothing.
            let overGrade = await #expect(throws: FlowError.self) {
                _ = try await service.grade(
                    "R1", warehouse: w, entries: [GradeEntry(sku: "RT-01", grade: .a, quantity: 2)], operationID: "g1",
                    inspector: "qc")
            }
            #expect(overGrade?.field == "entries[0].quantity")
            let headBefore = try await store.chainHead(warehouse: w)
            _ = try await service.restock("R1", warehouse: w, operationID: "s0", actor: "desk")
            #expect(try await store.chainHead(warehouse: w) == headBefore)
            _ = try await service.grade(
                "R1", warehouse: w,
                entries: [
                    GradeEntry(sku: "RT-01", grade: .a, quantity: 1),
                    GradeEntry(sku: "RT-03", grade: .d, quantity: 1, reason: .damagedInTransit, note: "crushed"),
                ],
                operationID: "g2", inspector: "qc")
            let restocked = try await service.restock(
                "R1", warehouse: w, resellLocation: "GEN-02", operationID: "s1", actor: "desk")
            #expect(restocked.status == "receiving")
            #expect(restocked.lines.map { $0.restocked } == [["A": 1], ["D": 1]])
            let gen2 = try await store.balances(warehouse: w, sku: "RT-01").filter { $0.location == "GEN-02" }
            #expect(gen2.map(\.bucket) == [.available] && gen2.map(\.quantity) == [1])
            #expect(
                try await ReturnsFixture.buckets(store, location: ReturnsFixture.returns) == [.pendingDestruction: 1])
            let restockEntries = try await store.entries(warehouse: w, after: headBefore.sequence, limit: 100)
            #expect(Set(restockEntries.map(\.reason)) == ["return-resell", "return-destroy"])
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }
}
