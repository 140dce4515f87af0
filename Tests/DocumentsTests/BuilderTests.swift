import Foundation
import Testing

@testable import Documents

@Suite struct BuilderTests {
    static let cases: [(String, DocumentKind)] = [
        ("eu-ioss", .h7), ("eu-ioss", .cn22), ("eu-ioss", .cn23), ("eu-ioss", .invoice), ("eu-ioss", .label),
        ("us-entry", .usEntry), ("cn-cbec", .ceb311), ("cn-cbec", .ceb621), ("label-lithium", .label),
        ("dg-air", .dgDeclaration), ("dg-road", .dgDeclaration), ("fda-food", .fdaPriorNotice),
        ("uk-import", .importDeclaration),
    ]

    @Test(arguments: cases)
    func xmlMatchesGoldenAndSchema(fixture: String, kind: DocumentKind) throws {
        let request = try Support.request(fixture)
        let document = try Support.engine.document(kind, for: request)
        let xml = document.serialized()
        try Support.expectGolden(xml, "xml/\(fixture).\(kind.rawValue).xml")
        // The canonical form is stable through a parse round trip.
        #expect(try XMLDocument(parsing: xml).canonical() == document.canonical())
        try Support.engine.validate(xml: xml, as: kind)
    }

    @Test(arguments: cases)
    func xmllintAcceptsWhatWeProduce(fixture: String, kind: DocumentKind) throws {
        guard let xmllint = Support.tool("xmllint") else { Issue.record("xmllint missing (libxml2-utils)"); return }
        let xml = try Support.engine.xml(kind, for: Support.request(fixture))
        let file = try Support.temporaryFile("doc.xml", Data(xml.utf8))
        let (status, _, err) = try Support.run(
            xmllint,
            [
                "--noout", "--schema",
                Support.packageRoot + "/Schemas/" + kind.schemaFile, file,
            ])
        #expect(status == 0, "\(err)")
        #expect(err.contains("validates"))
    }

    static let printable: [DocumentKind] = [.cn22, .cn23, .invoice, .label]

    @Test(arguments: printable, DocumentLanguage.allCases)
    func svgMatchesGolden(kind: DocumentKind, language: DocumentLanguage) throws {
        let fixture = kind == .label ? "label-lithium" : "eu-ioss"
        let svg = try Support.engine.output(kind, for: Support.request(fixture), format: .svg, language: language)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        try Support.expectGolden(text, "svg/\(kind.rawValue).\(language.rawValue).svg")
    }

    @Test(arguments: DocumentLanguage.allCases)
    func zplMatchesGolden(language: DocumentLanguage) throws {
        let zpl = try Support.engine.output(
            .label, for: Support.request("label-lithium"), format: .zpl, language: language)
        let text = String(decoding: zpl, as: UTF8.self)
        #expect(text.hasPrefix("^XA"))
        #expect(text.contains("^FD>;>800376104250021234569^FS"))
        #expect(text.contains("^FDMA,BONDED:LBL-2026-0007:RR123456785GB^FS"))
        #expect(text.contains("UN3480"))
        #expect(text.contains("CARGO AIRCRAFT ONLY"))
        try Support.expectGolden(text, "zpl/label.\(language.rawValue).zpl")
    }

    @Test func htmlPreview() throws {
        let html = try Support.engine.output(.h7, for: Support.request("eu-ioss"), format: .html, language: .de)
        let text = String(decoding: html, as: UTF8.self)
        #expect(text.contains("Vorschau: H7Declaration"))
        #expect(text.contains("Cotton T-shirt &lt;men's&gt; &amp; \"crew\""))
        try Support.expectGolden(text, "html/h7.de.html")
    }

    @Test(arguments: cases)
    func htmlPreviewMatchesGolden(fixture: String, kind: DocumentKind) throws {
        let html = try Support.engine.output(kind, for: Support.request(fixture), format: .html, language: .en)
        try Support.expectGolden(String(decoding: html, as: UTF8.self), "html/\(fixture).\(kind.rawValue).en.html")
    }

    @Test func bilingualCN23CarriesDestinationLanguageAndEnglish() throws {
        let svg = try Support.engine.output(.cn23, for: Support.request("eu-ioss"), format: .svg, language: .zh)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("海关申报单 CN 23"))
        #expect(text.contains("CUSTOMS DECLARATION CN 23"))
        #expect(text.contains("内件详细名称 / Detailed description of contents"))
    }

    @Test func labelCarriesDangerousGoodsMarks() throws {
        let svg = try Support.engine.output(.label, for: Support.request("label-lithium"), format: .svg, language: .en)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("UN3480"))
        #expect(text.contains("CARGO AIRCRAFT ONLY"))
        #expect(text.contains("Lithium battery"))
        #expect(text.contains(">9</text>"))
        let plain = try Support.engine.output(.label, for: Support.request("eu-ioss"), format: .svg, language: .en)
        #expect(!String(decoding: plain, as: UTF8.self).contains("CARGO AIRCRAFT ONLY"))
    }

    // MARK: bad input: field-level errors, no partial document

    private func issues(_ kind: DocumentKind, _ fixture: String, _ change: (inout DocumentRequest) -> Void)
        throws -> [DocumentIssue]
    {
        try Support.issues(kind, fixture, change)
    }

    @Test func h7WithoutHSCode() throws {
        let found = try issues(.h7, "eu-ioss") {
            $0.lines[1].hs = nil; $0.lines[0].netKg = nil
        }
        #expect(found.map(\.path) == ["lines[0].net_kg", "lines[1].hs"])
    }

    @Test func iossParcelWithoutIOSSNumber() throws {
        let found = try issues(.h7, "eu-ioss") { $0.seller.ioss = nil }
        #expect(found.map(\.path) == ["seller.ioss"])
        let malformed = try issues(.h7, "eu-ioss") { $0.seller.ioss = "IM27600001" }
        #expect(malformed.map(\.path) == ["seller.ioss"])
        #expect(malformed.first?.message.hasPrefix("an IOSS number is IM, a 3-digit member-state code and 7 digits") == true)
        let foreign = try issues(.h7, "eu-ioss") { $0.seller.ioss = "IM8400000001" }
        #expect(foreign.map(\.message) == ["840 is not the numeric code of an EU member state (or 900)"])
        var northernIreland = try Support.request("eu-ioss")
        northernIreland.seller.ioss = "IM9000000001"
        _ = try Support.engine.document(.h7, for: northernIreland)
    }

    /// VAT numbers (DOMAIN.md, EU): the prefix and the national check digits — DE ISO 7064 MOD 11,10, IT Luhn,
    /// GB/XI weighted sum mod 97 in {0, 42} (and GD/HA government numbers), EL for Greece; other countries' numbers
    /// need only a prefix. Spaces, dots and hyphens are allowed and dropped.
    @Test(arguments: [
        ("DE136695976", nil), ("de 136 695 976", nil), ("DE136695975", "check digit"), ("DE036695976", "9 digits"),
        ("DE13669597", "9 digits"), ("IT00743110157", nil), ("IT00743110158", "Luhn"), ("IT00000000000", "office"),
        ("GB980780684", nil), ("GB 980 7806 84", nil), ("GB980780683", "mod 97"), ("XI980780684", nil),
        ("GB980780684001", nil), ("GBGD001", nil), ("GBHA499", "GD numbers"), ("GR094259216", "prefix EL"),
        ("EL094259216", nil), ("136695976", "prefix"), ("CHE-123.456.789", nil), ("FR1", "too short"),
    ] as [(String, String?)])
    func vatNumbers(vat: String, problem: String?) throws {
        if let problem {
            let found = try issues(.h7, "eu-ioss") { $0.buyer?.vat = vat }
            #expect(found.map(\.path) == ["buyer.vat"], "\(vat)")
            #expect(found.first?.message.contains(problem) == true, "\(vat): \(found)")
        } else {
            var request = try Support.request("eu-ioss")
            request.buyer?.vat = vat
            #expect(throws: Never.self, "\(vat)") { _ = try Support.engine.document(.h7, for: request) }
        }
    }

    @Test func eoriNumbers() throws {
        var request = try Support.request("eu-ioss")
        request.buyer?.eori = "DE123456789012345"
        _ = try Support.engine.document(.h7, for: request)
        #expect(try issues(.h7, "eu-ioss") { $0.buyer?.eori = "D1234" }.map(\.path) == ["buyer.eori"])
        #expect(try issues(.h7, "eu-ioss") { $0.buyer?.eori = "DE1234567890123456" }.map(\.path) == ["buyer.eori"])
    }

    @Test func validIdentifiersAreWrittenCompact() throws {
        var request = try Support.request("eu-ioss")
        request.buyer?.vat = "de 136.695-976"
        let xml = try Support.engine.xml(.h7, for: request)
        #expect(xml.contains(">DE136695976<"))
    }

    @Test func h7OverEUR150IsRefused() throws {
        let found = try issues(.h7, "eu-ioss") { $0.lines[1].unitPrice = Amount("110.01")! }
        #expect(found.map(\.path) == ["lines"])
    }

    @Test func h7AtExactlyEUR150IsAccepted() throws {
        var request = try Support.request("eu-ioss")
        request.lines[1].unitPrice = Amount("110.00")!
        #expect(throws: Never.self) { try Support.engine.document(.h7, for: request) }
    }

    @Test func cebOrderWhosePaidAmountDoesNotAddUp() throws {
        let found = try issues(.ceb311, "cn-cbec") { $0.paid = Amount("3000.00") }
        #expect(found.count == 1)
        #expect(found.first?.path == "paid")
        #expect(found.first?.message.contains("= 3273.00") == true)
    }

    @Test func cebActuralPaidArithmetic() throws {
        var request = try Support.request("cn-cbec")
        request.shipping = Amount("15.50")
        request.discount = Amount("20.00")
        request.paid = Amount("3268.50")
        let xml = try Support.engine.xml(.ceb311, for: request)
        #expect(xml.contains("<acturalPaid>3268.50</acturalPaid>"))
        #expect(xml.contains("<goodsValue>3000.00</goodsValue>"))
    }

    @Test func cebUnknownCountryAndMissingLegalUnit() throws {
        let found = try issues(.ceb621, "cn-cbec") {
            $0.lines[0].origin = "BR"; $0.lines[0].legalUnit = nil
        }
        #expect(Set(found.map(\.path)) == ["lines[0].origin", "lines[0].legal_unit"])
    }

    @Test func bondedImportNeedsTheBondedZoneCompany() throws {
        let found = try issues(.ceb621, "cn-cbec") { $0.customs?.areaCode = nil }
        #expect(found.map(\.path) == ["customs.area_code"])
        var direct = try Support.request("cn-cbec")
        direct.customs?.tradeMode = "9610"
        direct.customs?.areaCode = nil
        #expect(!(try Support.engine.xml(.ceb621, for: direct)).contains("areaCode"))
    }

    @Test func usEntryNeedsTenDigitHTSUSAndImporterNumber() throws {
        let found = try issues(.usEntry, "us-entry") {
            $0.lines[0].hs = "910521"; $0.buyer?.number = nil
        }
        #expect(found.map(\.path) == ["buyer.number", "lines[0].hs"])
    }

    @Test func usEntryType11AboveLimitIsRefused() throws {
        let found = try issues(.usEntry, "us-entry") {
            $0.customs?.entryType = "11"; $0.lines[0].unitPrice = Amount("3000")!
        }
        #expect(found.map(\.path) == ["customs.entry_type"])
        var request = try Support.request("us-entry")
        request.lines[0].unitPrice = Amount("3000")!
        #expect(try Support.engine.xml(.usEntry, for: request).contains("<EntryType>01</EntryType>"))
    }

    @Test func labelNeedsValidSSCCAndS10() throws {
        let found = try issues(.label, "label-lithium") {
            $0.tracking?.sscc = "376104250021234560"
            $0.tracking?.s10 = "RR123456784GB"
        }
        #expect(found.map(\.path) == ["tracking.s10", "tracking.sscc"])
    }

    @Test func cn22LimitedToFourLines() throws {
        let found = try issues(.cn22, "eu-ioss") { r in r.lines += Array(repeating: r.lines[0], count: 3) }
        #expect(found.map(\.path) == ["lines"])
    }

    @Test func controlCharacterInRequestIsRefusedWithPath() throws {
        var request = try Support.request("eu-ioss")
        request.lines[0].description = "Shirt\u{7}"
        let error = #expect(throws: DocumentError.self) { try Support.engine.xml(.invoice, for: request) }
        #expect(error?.code == .invalidCharacter)
        #expect(error?.issues.first?.path == "/CommercialInvoice/Line[1]/Description")
    }

    @Test func lengthLimitsComeFromTheSchema() throws {
        var request = try Support.request("cn-cbec")
        request.id = String(repeating: "9", count: 61)
        let error = #expect(throws: DocumentError.self) { try Support.engine.xml(.ceb311, for: request) }
        #expect(error?.code == .schemaInvalid)
        #expect(error?.issues.first?.path.hasSuffix("OrderHead/orderNo") == true)
        #expect(error?.issues.first?.line != nil)
    }

    // MARK: request JSON

    @Test func unknownFieldIsRejectedWithItsPath() throws {
        let json =
            #"{"id":"1","date":"2026-11-28","from":"CN","to":"DE","currency":"EUR","seller":{},"#
            + #""lines":[{"sku":"a","quantity":1,"unit_price":"1.00","colour":"red"}]}"#
        let error = #expect(throws: DocumentError.self) { try DocumentRequest.decode(json: Data(json.utf8)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.issues.first?.path == "$.lines[0].colour")
    }

    @Test(arguments: ["12.345678", "1e5", "abc", "-", "1.", "123456789012345"])
    func moneyIsDecimalText(_ bad: String) {
        let json =
            #"{"id":"1","date":"2026-11-28","from":"CN","to":"DE","currency":"EUR","seller":{},"#
            + #""lines":[{"sku":"a","quantity":1,"unit_price":"\#(bad)"}]}"#
        let error = #expect(throws: DocumentError.self) { try DocumentRequest.decode(json: Data(json.utf8)) }
        #expect(error?.issues.first?.path == "$.lines[0].unit_price")
    }

    @Test func amountArithmetic() {
        #expect(Amount("0.1")! + Amount("0.2")! == Amount("0.3")!)
        #expect((Amount("3")! * Amount("19.99")!).rounded(to: 2) == "59.97")
        #expect(Amount("2.005")!.rounded(to: 2) == "2.01")
        #expect(Amount("-2.005")!.rounded(to: 2) == "-2.01")
        #expect(Amount("1.5")!.text() == "1.5")
    }

    @Test func requiredKindsFromAssessmentNames() {
        let names = ["H7", "CN23", "commercial-invoice", "customs-bond"]
        #expect(names.compactMap(DocumentKind.init(assessmentName:)) == [.h7, .cn23, .invoice])
    }
}

@Suite struct AmountTests {
    @Test(arguments: [
        ("2", "19.99", "39.98"), ("3", "0.3333", "0.9999"), ("0.5", "0.0001", "0.0001"),
        ("-0.5", "0.0001", "-0.0001"), ("1.5", "1.5", "2.25"), ("100000", "0.0003", "30"),
    ])
    func multiplicationRoundsHalfAwayFromZero(a: String, b: String, expected: String) {
        #expect(Amount(a)! * Amount(b)! == Amount(expected)!)
    }

    @Test func overflowSaturates() {
        let big = Amount("99999999999999")!
        #expect((big * big).tenThousandths == .max)
    }
}

@Suite struct RequiredDocumentsTests {
    @Test func producesExactlyTheListedDocuments() throws {
        let request = try Support.request("eu-ioss")
        let documents = try Support.engine.requiredDocuments(for: request)
        #expect(documents.map(\.kind) == [.h7, .invoice, .cn23])
        #expect(documents[0].xml.contains("<H7Declaration>"))
    }

    @Test func oneBadDocumentMeansNoDocuments() throws {
        var request = try Support.request("eu-ioss")
        request.lines[0].hs = nil
        let error = #expect(throws: DocumentError.self) { try Support.engine.requiredDocuments(for: request) }
        #expect(error?.issues.map(\.path) == ["h7: lines[0].hs", "invoice: lines[0].hs", "cn23: lines[0].hs"])
    }

    @Test func unknownDocumentIsRefused() throws {
        var request = try Support.request("eu-ioss")
        request.documents = ["H7", "customs-bond"]
        let error = #expect(throws: DocumentError.self) { try Support.engine.requiredKinds(for: request) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.issues.first?.path == "documents[1]")
    }
}

@Suite struct LabelMarkTests {
    @Test func compliancePackNamesAreAccepted() throws {
        var request = try Support.request("label-lithium")
        request.dangerousGoods = try JSONDecoder().decode(
            [DocumentRequest.DangerousGoodsMark].self,
            from: Data(
                """
                [{"un_number": "UN3480", "class": "9",
                  "marks": ["class-9-lithium", "lithium-battery-mark", "cargo-aircraft-only"]},
                 {"un_number": "UN1266", "class": "3", "marks": ["class-3", "limited-quantity"]}]
                """.utf8))
        let xml = try Support.engine.xml(.label, for: request)
        #expect(xml.contains("<Mark type=\"class-9\"/>"))
        #expect(xml.contains("<Mark type=\"lithium-battery\" un=\"UN3480\"/>"))
        #expect(xml.contains("<Mark type=\"hazard\" class=\"3\"/>"))
        #expect(xml.contains("<Mark type=\"limited-quantity\"/>"))
        let svg = String(
            decoding: try Support.engine.output(.label, for: request, format: .svg, language: .en), as: UTF8.self)
        #expect(svg.contains("scale(0."))  // five marks are scaled to fit the row
        let zpl = String(
            decoding: try Support.engine.output(.label, for: request, format: .zpl, language: .en), as: UTF8.self)
        #expect(zpl.contains("LTD QTY"))
    }

    @Test func unknownMarkIsAFieldError() throws {
        var request = try Support.request("label-lithium")
        request.dangerousGoods![0].marks.append("class-99")
        let error = #expect(throws: DocumentError.self) { try Support.engine.xml(.label, for: request) }
        #expect(error?.issues.first?.path == "dangerous_goods[0].marks[3]")
    }
}

@Suite struct CurrencyMinorUnitTests {
    @Test func yenHasNoDecimalsOnPostalFormsAndInvoices() throws {
        let request = try Support.request("label-lithium")
        let cn23 = try Support.engine.xml(.cn23, for: request)
        #expect(cn23.contains("<TotalValue currency=\"JPY\">4500</TotalValue>"))
        #expect(cn23.contains("<Postage currency=\"JPY\">1200</Postage>"))
        let invoice = try Support.engine.xml(.invoice, for: request)
        #expect(invoice.contains("<InvoiceTotal>5700</InvoiceTotal>"))
        #expect(Amount("12.5")!.money("JPY") == "13")
        #expect(Amount("12.5")!.money("EUR") == "12.50")
    }
}
