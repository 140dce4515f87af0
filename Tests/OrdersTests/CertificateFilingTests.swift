import BondedTesting
import ComplianceEngine
import Documents
import Foundation
import Testing
import WMSCore

@Suite("CPSC certificate eFiling through the outbound flow")
struct CertificateFilingTests {
    @Test(
        "a toy to the US ships with its certificate filing; a toy without certificate data is held naming the gap",
        arguments: TestBackend.allCases)
    func toysToTheUS(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            // Frankfurt also serves the US here.
            let network = FulfilmentNetwork(
                sites: [.init(warehouse: OrdersFixture.europe, country: "DE", serves: ["EU", "UK", "US"])],
                costs: [])
            let (gate, shipped) = try await DocumentsAndChargesTests.run(
                test.store,
                [
                    OrdersFixture.intake("toy", country: "US", lines: [("TOY-01", 2), ("TS-01", 1)]),
                    OrdersFixture.intake("toy-bare", country: "US", lines: [("TOY-02", 1)]),
                ], network: network)
            #expect(gate.released == ["web-toy"])
            let hold = try #require(gate.held["web-toy-bare"]?.first)
            #expect(gate.held["web-toy-bare"]?.map(\.code) == ["DOCUMENT-DATA-MISSING"])
            #expect(hold.message.contains("lines[0] TOY-02: product.certificate"), "\(hold.message)")
            #expect(Set(shipped.keys) == ["web-toy"])

            let toy = try #require(shipped["web-toy"])
            #expect(toy.assessment?.documents.contains("CPSC-certificate-efiling") == true)
            let xml = try await DocumentsAndChargesTests.xml(test.store, toy, .cpscCertificate)
            // One line per element in the formatted output: compare without the indentation.
            let filing = xml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            for fragment in [
                "<ProductID scheme=\"GTIN\">\(OrdersFixture.gtin(700).digits)</ProductID>",
                "<CertificateType>CPC</CertificateType>", "<Citation>16 CFR 1250</Citation>",
                "<Citation>16 CFR 1501</Citation>",
                "<Manufactured><Month>2026-09</Month><City>Braga</City><Country>PT</Country></Manufactured>",
                "<Tested><Month>2026-08</Month><City>Porto</City><Country>PT</Country></Tested>",
                "<CPSCLabID>1234</CPSCLabID>", "<Email>records@bonded.example</Email>",
            ] {
                #expect(filing.contains(fragment), "filing lacks \(fragment)")
            }
            // The T-shirt in the same parcel is not a children's product.
            #expect(filing.components(separatedBy: "<Product>").count == 2)
        }
    }

    @Test("a stored product keeps its certificate; a certificate without the CPSC laboratory id is refused")
    func certificateMasterData() async throws {
        try await withTestStore(.sqlite) { test in
            let toy = try #require(OrdersFixture.products().first { $0.sku == "TOY-01" })
            try await test.store.save(toy)
            #expect(try await test.store.product("TOY-01")?.certificate == OrdersFixture.toyCertificate)
            var bad = toy
            bad.certificate?.laboratory?.identifier = nil
            let error = #expect(throws: WMSError.self) { try bad.validate() }
            #expect(error?.field == "product.certificate.laboratory.identifier")
            bad.certificate = OrdersFixture.toyCertificate
            bad.certificate?.manufactured = "2026-9"
            let month = #expect(throws: WMSError.self) { try bad.validate() }
            #expect(month?.field == "product.certificate.manufactured")
        }
    }
}

@Suite("EUDR due-diligence statement references through the outbound flow")
struct DueDiligenceFlowTests {
    @Test(
        "from 2026-12-30 coffee into the EU ships with its statement reference; without one it is held naming the gap",
        arguments: TestBackend.allCases)
    func coffeeIntoTheEU(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await OrdersFixture.setUp(test.store)
            try await OrdersFixture.stock(test.store, units: 40)
            let s = OrdersFixture.services(test.store)
            _ = try await s.orders.take(
                OrdersFixture.intake("cof", country: "FR", lines: [("COF-01", 2), ("TS-01", 1)]))
            _ = try await s.orders.take(OrdersFixture.intake("cof-bare", country: "FR", lines: [("COF-02", 1)]))
            _ = try await s.allocation.allocate(operationID: "alloc")
            // The EUDR applies to large operators from 2026-12-30: gate on the first working day after.
            let gate = ComplianceGate(
                orders: s.orders, packSet: OrdersFixture.packSet, day: Day(parsing: "2027-01-04")!,
                producer: OrdersFixture.producer)
            let report = try await gate.release(operationID: "gate")
            #expect(report.released == ["web-cof"])
            #expect(report.held["web-cof-bare"]?.map(\.code) == ["DOCUMENT-DATA-MISSING"])
            let message = report.held["web-cof-bare"]?.first?.message ?? ""
            #expect(message.contains("lines[0] COF-02: product.dueDiligence"), "\(message)")

            _ = try await OrdersFixture.pickAll(s, planID: "P")
            let order = try #require(try await s.orders.order(id: "web-cof"))
            let (scans, net, marks) = OrdersFixture.parcel(order)
            _ = try await s.pack.pack(order.id, scans: scans, grossGrams: net + 150, marks: marks, operationID: "pack")
            let shipped = try await s.pack.ship(order.id, operationID: "ship", actor: "dock")
            #expect(shipped.assessment?.documents.contains("EUDR-due-diligence-statement") == true)
            let xml = try await DocumentsAndChargesTests.xml(test.store, shipped, .eudrStatement)
            for fragment in [
                "<SKU>COF-01</SKU>", "<HSCode>090121</HSCode>", "<Quantity>2</Quantity>",
                "<NetMass unit=\"kg\">2</NetMass>", "<CountryOfProduction>BR</CountryOfProduction>",
                "<ReferenceNumber>26DEABCDEF1234</ReferenceNumber>",
                "<VerificationNumber>KX7P2M9Q</VerificationNumber>",
            ] {
                #expect(xml.contains(fragment), "statement references lack \(fragment)")
            }
            #expect(xml.components(separatedBy: "<Line>").count == 2)
        }
    }
}
