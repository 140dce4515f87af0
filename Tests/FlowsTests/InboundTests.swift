import BondedTesting
import Foundation
import Testing
import WMSCore

@Suite("Inbound: ASN import, first mile, customs holds, receiving")
struct InboundTests {
    @Test("CSV rows with bad cells are all reported with row, column and value")
    func csvErrors() throws {
        let text = """
            container,sku,quantity,lot,expiry,hs_code,origin
            C1,GN-01,5,,,610910,CN
            C1,GN-02,zero,,,6109,China
            ,GN-03,3,,2029-02-30,,
            """
        do {
            _ = try ASNCSVParser.parse(text, id: "A1", warehouse: "W")
            Issue.record("expected a rejection")
        } catch {
            let cells = error.issues.map { "\($0.row):\($0.column):\($0.value)" }
            #expect(
                cells == [
                    "3:quantity:zero", "3:hs_code:6109", "3:origin:China", "4:container:", "4:expiry:2029-02-30",
                    "4:lot:",
                ])
        }
    }

    @Test("a header without a required column is refused")
    func csvHeader() {
        #expect(throws: FlowError(.importRejected, "")) {
            _ = try ASNCSVParser.parse("container,sku,qty\nC1,A,1\n", id: "A", warehouse: "W")
        }
    }

    @Test("quoted cells keep commas and quotes")
    func csvQuoting() throws {
        let notice = try ASNCSVParser.parse(
            "container,carton,sku,quantity\r\n\"C1\",\"box \"\"7\"\", top\",GN-01,4\r\n", id: "A", warehouse: "W")
        #expect(notice.lines.count == 1)
        #expect(notice.lines[0].carton == "box \"7\", top")
    }

    @Test("first-mile transitions")
    func firstMile() throws {
        var machine = FirstMile()
        #expect(!machine.canReceive)
        #expect(throws: FlowError(.transitionNotAllowed, "")) { _ = try machine.handle(.release) }
        #expect(try machine.handle(.arrive) == .record)
        #expect(try machine.handle(.inspect) == .freeze)
        #expect(try machine.handle(.release) == .unfreeze)
        #expect(machine.status == .released)
        #expect(throws: FlowError(.transitionNotAllowed, "")) { _ = try machine.handle(.arrive) }
        var quick = FirstMile()
        _ = try quick.handle(.arrive)
        #expect(try quick.handle(.release) == .record)
    }

    @Test("an import with unknown SKUs lists them and writes nothing", arguments: TestBackend.allCases)
    func unknownSKUs(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await FlowFixture.setUp(test.store)
            let inbound = InboundService(store: test.store)
            let before = try await test.store.chainHead(warehouse: FlowFixture.warehouse)
            let csv = "container,sku,quantity,lot\nC1,GN-01,5,\nC1,NOPE-1,2,\nC1,PF-01,3,\nC1,NOPE-2,1,\nC1,NOPE-3,x,\n"
            do {
                _ = try await inbound.importCSV(
                    csv, id: "ASN-BAD", warehouse: FlowFixture.warehouse, operationID: "imp-bad", actor: "t")
                Issue.record("expected a rejection")
            } catch let error as FlowError {
                #expect(error.code == .importRejected)
                #expect(
                    error.issues.map { "\($0.row):\($0.column):\($0.value)" } == [
                        "3:sku:NOPE-1", "4:lot:", "5:sku:NOPE-2", "6:quantity:x", "6:sku:NOPE-3",
                    ])
            }
            #expect(try await test.store.chainHead(warehouse: FlowFixture.warehouse) == before)
            #expect(try await inbound.shipment("ASN-BAD", warehouse: FlowFixture.warehouse) == nil)
        }
    }

    @Test(
        "receiving: holds, over-receipt flag, damaged to defective, short on close, idempotent",
        arguments: TestBackend.allCases)
    func receiving(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            let store = test.store
            let w = FlowFixture.warehouse
            try await FlowFixture.setUp(store)
            let inbound = InboundService(store: store)
            let csv = """
                container,carton,sku,quantity,lot,expiry
                C1,1,GN-01,10,,
                C1,2,PF-01,6,LA,2029-01-31
                C1,3,GN-02,5,,
                """
            let (shipment, _) = try await inbound.importCSV(
                csv, id: "ASN-1", warehouse: w, operationID: "imp-1", actor: "t")
            #expect(shipment.firstMile.status == .inTransit)
            // A replayed import writes nothing new.
            let head = try await store.chainHead(warehouse: w)
            let (_, replayed) = try await inbound.importCSV(
                csv, id: "ASN-1", warehouse: w, operationID: "imp-1", actor: "t")
            #expect(replayed)
            #expect(try await store.chainHead(warehouse: w) == head)
            #expect(try await inTransit(store, w) == 21)

            let scan = ReceiveRequest(
                clientOperationID: "rcv-early", warehouse: w, asnID: "ASN-1", dock: "DOCK-1",
                scans: [ReceiptScan(container: "C1", sku: "GN-01", quantity: 1)], actor: "t")
            await #expect(throws: FlowError(.transitionNotAllowed, "")) { _ = try await inbound.receive(scan) }
            _ = try await inbound.arrive("ASN-1", warehouse: w, operationID: "arr-1", actor: "t")
            _ = try await inbound.inspect(
                "ASN-1", warehouse: w, items: [], allLotsOf: ["PF-01"], location: "DOCK-2", operationID: "insp-1",
                actor: "customs")
            #expect(try await frozen(store, w, "PF-01") == 6)
            var perfume = scan
            perfume.clientOperationID = "rcv-pf"
            perfume.scans = [ReceiptScan(container: "C1", sku: "PF-01", lot: "LA", quantity: 6)]
            await #expect(throws: FlowError(.customsHold, "")) { _ = try await inbound.receive(perfume) }
            _ = try await inbound.release("ASN-1", warehouse: w, operationID: "rel-1", actor: "customs")
            #expect(try await frozen(store, w, "PF-01") == 0)

            var over = scan
            over.clientOperationID = "rcv-over"
            over.scans = [ReceiptScan(container: "C1", sku: "GN-01", quantity: 12, damaged: 1)]
            await #expect(throws: FlowError(.overReceipt, "")) { _ = try await inbound.receive(over) }
            over.allowOverReceipt = true
            let report = try await inbound.receive(over)
            let line = report[0].lines.first { $0.sku == "GN-01" }
            #expect(line?.good == 9 && line?.damaged == 1 && line?.over == 2)
            let entries = try await store.entries(warehouse: w, after: 0, limit: 1000).count
            _ = try await inbound.receive(over)  // replay
            #expect(try await store.entries(warehouse: w, after: 0, limit: 1000).count == entries)
            _ = try await inbound.receive(perfume)
            let closed = try await inbound.closeContainer(
                "ASN-1", warehouse: w, container: "C1", operationID: "close-1", actor: "t")
            #expect(closed.discrepancies.map(\.sku).sorted() == ["GN-01", "GN-02"])
            #expect(closed.lines.first { $0.sku == "GN-02" }?.short == 5)
            #expect(try await inTransit(store, w) == 0)
            let dock = try await store.balances(warehouse: w, sku: "GN-01").filter { $0.location == "DOCK-1" }
            #expect(dock.first { $0.bucket == .available }?.quantity == 11)
            #expect(dock.first { $0.bucket == .defective }?.quantity == 1)
            #expect(try await LedgerVerifier(store: store).verify(warehouse: w).isValid)
        }
    }

    func inTransit(_ store: any Store, _ w: String) async throws -> Int64 {
        try await store.balances(warehouse: w, sku: nil).filter { $0.bucket == .inTransit }.reduce(0) {
            $0 + $1.quantity
        }
    }

    func frozen(_ store: any Store, _ w: String, _ sku: String) async throws -> Int64 {
        try await store.balances(warehouse: w, sku: sku).filter { $0.bucket == .frozen }.reduce(0) { $0 + $1.quantity }
    }
}

@Suite("ABC cycle counting")
struct CycleCountPlannerTests {
    @Test("busy locations are class A and come due first")
    func abc() {
        let planner = CycleCountPlanner()
        let locations = (1...10).map { "L\($0)" }
        let activity = Dictionary(uniqueKeysWithValues: locations.enumerated().map { ($1, $0 * 10) })
        let classes = planner.classify(locations: locations, activity: activity)
        #expect(classes["L10"] == .a && classes["L9"] == .a && classes["L8"] == .b && classes["L1"] == .c)
        let counted = Dictionary(uniqueKeysWithValues: locations.map { ($0, 100) })
        #expect(
            planner.due(locations: locations, activity: activity, lastCounted: counted, today: 131) == ["L10", "L9"])
        #expect(planner.due(locations: locations, activity: activity, lastCounted: counted, today: 190).count == 5)
        #expect(planner.due(locations: locations, activity: activity, lastCounted: [:], today: 0).first == "L10")
    }
}

@Suite("XLSX import")
struct XLSXImportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/asn.xlsx")

    @Test("the first worksheet reads like the CSV: shared, rich and inline strings, numbers, date serials")
    func rows() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.fixture))
        let rows = try XLSXSheetReader.rows(bytes)
        #expect(rows.count == 203)
        #expect(rows[0] == ["container", "carton", "sku", "quantity", "lot", "expiry"])
        #expect(rows[1] == ["MSCU1", "A&B <top>", "PF-01", "6", "LX-1", "47149"])
        #expect(rows[2] == ["MSCU1", "2", "GN-01", "10"])
    }

    @Test("a damaged workbook is an import error, not a crash")
    func damaged() throws {
        var bytes = [UInt8](try Data(contentsOf: Self.fixture))
        for index in stride(from: 60, to: min(bytes.count, 1_500), by: 7) { bytes[index] ^= 0x5A }
        #expect(throws: XLSXSheetReader.Failure.self) { _ = try XLSXSheetReader.rows(bytes) }
        #expect(throws: XLSXSheetReader.Failure.self) { _ = try XLSXSheetReader.rows(Array(bytes.prefix(100))) }
    }

    @Test("an XLSX ASN imports into in-transit with its lot expiry", arguments: TestBackend.allCases)
    func importWorkbook(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await FlowFixture.setUp(test.store)
            let bytes = [UInt8](try Data(contentsOf: Self.fixture))
            let (shipment, _) = try await InboundService(store: test.store).importXLSX(
                bytes, id: "ASN-X", warehouse: FlowFixture.warehouse, operationID: "x-imp", actor: "t")
            #expect(shipment.lines.count == 202)
            #expect(shipment.lines[0].carton == "A&B <top>" && shipment.lines[0].expiry == "2029-01-31")
            #expect(try await test.store.lot(sku: "PF-01", lot: "LX-1")?.expiry == "2029-01-31")
            let inTransit = try await test.store.balances(warehouse: FlowFixture.warehouse, sku: nil)
                .filter { $0.bucket == .inTransit }.reduce(0) { $0 + $1.quantity }
            #expect(inTransit == shipment.lines.reduce(0) { $0 + $1.quantity })
        }
    }
}
