import BondedTesting
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
            let filing = try await DocumentsAndChargesTests.xml(test.store, toy, .cpscCertificate)
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
