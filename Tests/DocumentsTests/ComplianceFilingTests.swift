import Foundation
import Testing

@testable import Documents

/// The CPSC certificate eFiling data: what it carries and what it refuses.
@Suite struct CPSCCertificateTests {
    @Test func assessmentNameMapsToTheKind() {
        #expect(DocumentKind(assessmentName: "CPSC-certificate-efiling") == .cpscCertificate)
    }

    @Test func aToyIsFiledWithItsCertificateAndOtherLinesAreNot() throws {
        let request = try Support.request("cpsc-toy")
        let documents = try Support.engine.requiredDocuments(for: request)
        #expect(documents.map(\.kind) == [.cpscCertificate])
        let xml = documents[0].xml
        try Support.engine.validate(xml: xml, as: .cpscCertificate)
        // One line per element in the formatted output: compare without the indentation.
        let compact = xml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        for fragment in [
            "<ProductID scheme=\"GTIN\">4006381333931</ProductID>", "<CertificateType>CPC</CertificateType>",
            "<Citation>16 CFR 1250</Citation>", "<Citation>16 CFR 1303</Citation>", "<Citation>16 CFR 1501</Citation>",
            "<Manufactured><Month>2026-09</Month><City>Ningbo</City><Country>CN</Country></Manufactured>",
            "<Tested><Month>2026-08</Month><City>Shenzhen</City><Country>CN</Country></Tested>",
            "<CPSCLabID>1234</CPSCLabID>", "<Name>Bonded Toys Import LLC</Name>",
            "<Email>records@bonded.example</Email>",
        ] {
            #expect(compact.contains(fragment), "filing lacks \(fragment)")
        }
        // The T-shirt is not a children's product: one product filed.
        #expect(xml.components(separatedBy: "<Product>").count == 2)
        #expect(!xml.contains("TS-01"))
    }

    @Test func withoutAGTINTheSKUIdentifiesTheProduct() throws {
        var request = try Support.request("cpsc-toy")
        request.lines[0].gtin = nil
        let xml = try Support.engine.xml(.cpscCertificate, for: request)
        try Support.engine.validate(xml: xml, as: .cpscCertificate)
        #expect(xml.contains("<ProductID scheme=\"SKU\">TOY-01</ProductID>"))
    }

    @Test func aToyWithoutCertificateDataIsRefusedNamingEachField() throws {
        let found = try Support.issues(.cpscCertificate, "cpsc-toy") { $0.lines[0].certificate = nil }
        let at = "lines[0].certificate"
        #expect(
            Set(found.map(\.path)) == [
                "\(at).type", "\(at).citations", "\(at).manufacturer.phone", "\(at).manufacturer.name",
                "\(at).manufacturer.street", "\(at).manufacturer.city", "\(at).manufacturer.country",
                "\(at).manufactured", "\(at).manufactured_at.city", "\(at).manufactured_at.country", "\(at).tested",
                "\(at).tested_at.city", "\(at).tested_at.country", "\(at).certifier.phone", "\(at).certifier.name",
                "\(at).certifier.street", "\(at).certifier.city", "\(at).certifier.country",
                "\(at).records_keeper.phone", "\(at).records_keeper.name", "\(at).records_keeper.street",
                "\(at).records_keeper.city", "\(at).records_keeper.country",
            ])
    }

    @Test(arguments: [
        ("type", "lines[0].certificate.type"), ("citations", "lines[0].certificate.citations"),
        ("manufacturer", "lines[0].certificate.manufacturer.name"),
        ("manufactured", "lines[0].certificate.manufactured"),
        ("manufactured_at", "lines[0].certificate.manufactured_at.city"),
        ("tested", "lines[0].certificate.tested"), ("tested_at", "lines[0].certificate.tested_at.country"),
        ("laboratory", "lines[0].certificate.laboratory.number"),
        ("certifier", "lines[0].certificate.certifier.street"),
        ("records_keeper", "lines[0].certificate.records_keeper.phone"),
    ])
    func eachMissingFieldIsNamed(field: String, path: String) throws {
        let found = try Support.issues(.cpscCertificate, "cpsc-toy") {
            var c = $0.lines[0].certificate!
            switch field {
            case "type": c.type = nil
            case "citations": c.citations = []
            case "manufacturer": c.manufacturer = nil
            case "manufactured": c.manufactured = nil
            case "manufactured_at": c.manufacturedAt = nil
            case "tested": c.tested = nil
            case "tested_at": c.testedAt = nil
            case "laboratory": c.laboratory?.number = nil
            case "certifier": c.certifier?.street = nil
            default: c.recordsKeeper?.email = nil
            }
            $0.lines[0].certificate = c
        }
        #expect(found.map(\.path).contains(path), "\(found.map(\.path))")
        #expect(found.allSatisfy { $0.path.hasPrefix("lines[0].certificate.") })
    }

    @Test func malformedValuesAreRefused() throws {
        let found = try Support.issues(.cpscCertificate, "cpsc-toy") {
            $0.lines[0].certificate?.type = "COC"
            $0.lines[0].certificate?.manufactured = "2026-13"
            $0.lines[0].certificate?.tested = "2026-08-14"
            $0.lines[0].gtin = "4006381333932"
            $0.to = "CA"
        }
        #expect(
            Set(found.map(\.path)) == [
                "to", "lines[0].gtin", "lines[0].certificate.type", "lines[0].certificate.manufactured",
                "lines[0].certificate.tested",
            ])
    }

    @Test func aGeneralCertificateNeedsNoThirdPartyLaboratory() throws {
        var request = try Support.request("cpsc-toy")
        request.lines[0].category = "household"
        request.lines[0].certificate?.type = "GCC"
        request.lines[0].certificate?.laboratory = nil
        let xml = try Support.engine.xml(.cpscCertificate, for: request)
        try Support.engine.validate(xml: xml, as: .cpscCertificate)
        #expect(xml.contains("<CertificateType>GCC</CertificateType>"))
        #expect(!xml.contains("<Laboratory>"))
    }

    @Test func noRegulatedLineMeansNothingToFile() throws {
        let found = try Support.issues(.cpscCertificate, "cpsc-toy") { $0.lines.removeFirst() }
        #expect(found.map(\.path) == ["lines"])
    }

    @Test(arguments: [
        (#""certificate":{"type":"CPC","lab":"x"}"#, "$.lines[0].certificate.lab"),
        (#""certificate":{"citations":"16 CFR 1250"}"#, "$.lines[0].certificate.citations"),
        (#""dds":{"reference":"A1","token":"x"}"#, "$.lines[0].dds.token"),
        (#""dds":{"reference":26}"#, "$.lines[0].dds.reference"),
    ])
    func unknownFieldsAndWrongTypesAreRefusedWithTheirPath(field: String, path: String) throws {
        let json =
            #"{"id":"1","date":"2026-11-28","from":"CN","to":"US","currency":"USD","seller":{},"#
            + #""lines":[{"sku":"a","quantity":1,"unit_price":"1.00","# + field + "}]}"
        let error = #expect(throws: DocumentError.self) { try DocumentRequest.decode(json: Data(json.utf8)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.issues.first?.path == path)
    }
}

/// The EUDR due-diligence statement references: what they carry and what they refuse.
@Suite struct EUDRStatementTests {
    @Test func assessmentNameMapsToTheKind() {
        #expect(DocumentKind(assessmentName: "EUDR-due-diligence-statement") == .eudrStatement)
    }

    @Test func coffeeCarriesItsStatementAndOtherLinesAreLeftOut() throws {
        let request = try Support.request("eudr-coffee")
        let documents = try Support.engine.requiredDocuments(for: request)
        #expect(documents.map(\.kind) == [.eudrStatement])
        let xml = documents[0].xml
        try Support.engine.validate(xml: xml, as: .eudrStatement)
        for fragment in [
            "<SKU>COF-01</SKU>", "<HSCode>0901210000</HSCode>", "<Quantity>3</Quantity>",
            "<NetMass unit=\"kg\">3</NetMass>", "<CountryOfProduction>BR</CountryOfProduction>",
            "<Statement documentCode=\"C716\">", "<ReferenceNumber>26DEABCDEF1234</ReferenceNumber>",
            "<VerificationNumber>KX7P2M9Q</VerificationNumber>", "<Name>Bonded Imports GmbH</Name>",
        ] {
            #expect(xml.contains(fragment), "statement references lack \(fragment)")
        }
        #expect(xml.components(separatedBy: "<Line>").count == 2)
        #expect(!xml.contains("TS-01"))
    }

    @Test func aCommodityLineWithoutStatementIsRefusedNamingThePath() throws {
        let found = try Support.issues(.eudrStatement, "eudr-coffee") { $0.lines[0].dds = nil }
        #expect(Set(found.map(\.path)) == ["lines[0].dds.reference", "lines[0].dds.verification"])
    }

    @Test(arguments: [
        ("hs", "lines[0].hs"), ("net_kg", "lines[0].net_kg"), ("origin", "lines[0].origin"),
        ("description", "lines[0].description"), ("reference", "lines[0].dds.reference"),
        ("verification", "lines[0].dds.verification"),
    ])
    func eachMissingFieldIsNamed(field: String, path: String) throws {
        let found = try Support.issues(.eudrStatement, "eudr-coffee") {
            switch field {
            case "hs": $0.lines[0].hs = nil
            case "net_kg": $0.lines[0].netKg = nil
            case "origin": $0.lines[0].origin = nil
            case "description": $0.lines[0].description = nil
            case "reference": $0.lines[0].dds?.reference = nil
            default: $0.lines[0].dds?.verification = " "
            }
        }
        #expect(found.map(\.path) == [path])
    }

    @Test func malformedReferencesAndANonEUDestinationAreRefused() throws {
        let found = try Support.issues(.eudrStatement, "eudr-coffee") {
            $0.to = "CH"
            $0.lines[0].dds?.reference = "26DE ABC/123"
        }
        #expect(Set(found.map(\.path)) == ["to", "lines[0].dds.reference"])
    }

    @Test func noCommodityLineMeansNothingToReference() throws {
        let found = try Support.issues(.eudrStatement, "eudr-coffee") { $0.lines.removeFirst() }
        #expect(found.map(\.path) == ["lines"])
    }
}
