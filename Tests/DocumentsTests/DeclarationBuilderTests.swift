import Foundation
import Testing

@testable import Documents

/// Shipper's declaration for dangerous goods, FDA prior notice and import declaration: what each refuses.
@Suite struct DeclarationBuilderTests {
    private func issues(_ kind: DocumentKind, _ fixture: String, _ change: (inout DocumentRequest) -> Void)
        throws -> [DocumentIssue]
    {
        try Support.issues(kind, fixture, change)
    }

    @Test func assessmentNamesMapToTheNewKinds() {
        #expect(DocumentKind(assessmentName: "shippers-declaration") == .dgDeclaration)
        #expect(DocumentKind(assessmentName: "FDA-prior-notice") == .fdaPriorNotice)
        #expect(DocumentKind(assessmentName: "import-declaration") == .importDeclaration)
        #expect(DocumentKind(assessmentName: "H1") == .importDeclaration)
        #expect(DocumentKind(assessmentName: "FSMA-204-key-data-elements") == nil)
    }

    /// Above EUR 150 into the EU the packs ask for an H1: the import declaration with the EU's data set.
    @Test func h1IntoTheEUCarriesProceduresAndProductIdentifiers() throws {
        var request = try Support.request("uk-import")
        request.to = "FR"
        request.currency = "EUR"
        request.regime = "EU-H1"
        request.buyer?.country = "FR"
        request.documents = ["H1", "commercial-invoice"]
        request.lines[0].gtin = "04006381333931"
        let produced = try Support.engine.requiredDocuments(for: request)
        #expect(produced.map(\.kind) == [.importDeclaration, .invoice])
        let h1 = try #require(produced.first?.xml)
        #expect(h1.contains("<DeclarationType>IM</DeclarationType>"))
        #expect(h1.contains("<AdditionalDeclarationType>A</AdditionalDeclarationType>"))
        #expect(h1.components(separatedBy: "<RequestedProcedure>40</RequestedProcedure>").count == 3)
        #expect(h1.contains("<AdditionalProcedure>000</AdditionalProcedure>"))
        #expect(h1.contains("<MerchantProductIdentifier>JKT-01</MerchantProductIdentifier>"))
        #expect(h1.contains("<ManufacturerProductIdentifier>04006381333931</ManufacturerProductIdentifier>"))
        #expect(h1.contains("<ValuationBasis>CIF</ValuationBasis>"))
        // The UK declaration keeps its own data set.
        let uk = try Support.engine.xml(.importDeclaration, for: Support.request("uk-import"))
        #expect(!uk.contains("DeclarationType") && !uk.contains("RequestedProcedure"))
        // Northern Ireland (EU customs rules) is an H1 too; a malformed additional procedure is refused.
        var ni = try Support.request("uk-import")
        ni.regime = "XI-IMPORT"
        #expect(try Support.engine.xml(.importDeclaration, for: ni).contains("<DeclarationType>IM</DeclarationType>"))
        let customs = try JSONDecoder().decode(
            DocumentRequest.Customs.self, from: Data(#"{"additional_procedure": "F4"}"#.utf8))
        let found = try issues(.importDeclaration, "uk-import") {
            $0.regime = "XI-IMPORT"
            $0.customs = customs
        }
        #expect(found.map(\.path) == ["customs.additional_procedure"])
    }

    @Test func batteriesAloneNeverOnAPassengerAircraft() throws {
        let found = try issues(.dgDeclaration, "dg-air") { $0.aircraft = "passenger" }
        #expect(found.map(\.path) == ["aircraft"])
        // The same battery by road needs no aircraft and no packing instruction.
        var road = try Support.request("dg-air")
        road.transport = "road"
        road.aircraft = "passenger"
        road.dangerousGoods![0].packingInstruction = nil
        let xml = try Support.engine.xml(.dgDeclaration, for: road)
        #expect(xml.contains("<Regulations>ADR</Regulations>") && !xml.contains("AircraftLimitation"))
    }

    @Test func byAirEveryItemNeedsItsPackingInstructionAndAStateOfCharge() throws {
        let found = try issues(.dgDeclaration, "dg-air") {
            $0.dangerousGoods![0].packingInstruction = nil
            $0.lines[0].battery!.socPercent = Amount("35")
        }
        #expect(
            Set(found.map(\.path)) == ["dangerous_goods[UN3480].packing_instruction", "lines[0].battery.soc_percent"])
    }

    @Test func emergencyContactTransportAndUNNumberAreChecked() throws {
        let found = try issues(.dgDeclaration, "dg-road") {
            $0.emergencyContact = nil
            $0.transport = "postal"
            $0.lines[1].unNumber = "UN9999"
        }
        #expect(
            Set(found.map(\.path))
                == ["transport", "lines[1].un_number", "emergency_contact.name", "emergency_contact.phone"])
        let nothing = try issues(.dgDeclaration, "dg-road") { request in
            for index in request.lines.indices { request.lines[index].unNumber = nil }
        }
        #expect(nothing.map(\.path) == ["lines"])
    }

    @Test func limitedQuantityAndPackingGroupAreDeclared() throws {
        let xml = try Support.engine.xml(.dgDeclaration, for: Support.request("dg-road"))
        #expect(xml.contains("<PackingGroup>II</PackingGroup>"))
        #expect(xml.contains("<LimitedQuantity>true</LimitedQuantity>"))
        #expect(xml.contains("<ProperShippingName>Perfumery products</ProperShippingName>"))
    }

    @Test func everyEntryNeedsItsClassAndProperShippingNameFromTheMarks() throws {
        let found = try issues(.dgDeclaration, "dg-road") {
            $0.dangerousGoods![1].properShippingName = nil
            $0.dangerousGoods![1].hazardClass = nil
        }
        #expect(
            Set(found.map(\.path))
                == ["dangerous_goods[UN1266].proper_shipping_name", "dangerous_goods[UN1266].class"])
        let unmarked = try issues(.dgDeclaration, "dg-road") { $0.dangerousGoods!.removeLast() }
        #expect(unmarked.map(\.path) == ["lines[1].un_number"])
    }

    @Test func priorNoticeNeedsProductCodeManufacturerArrivalAndPort() throws {
        let found = try issues(.fdaPriorNotice, "fda-food") {
            $0.lines[0].fdaProductCode = "31-FAT"
            $0.lines[0].manufacturer = nil
            $0.customs?.arrival = "2026-11-30 06:30"
            $0.customs?.port = nil
        }
        #expect(
            Set(found.map(\.path)) == [
                "lines[0].fda_product_code", "lines[0].manufacturer.name", "lines[0].manufacturer.street",
                "lines[0].manufacturer.city", "lines[0].manufacturer.country", "customs.arrival", "customs.port",
            ])
        let abroad = try issues(.fdaPriorNotice, "fda-food") { $0.to = "CA" }
        #expect(abroad.map(\.path) == ["to"])
    }

    @Test(arguments: [("road", "2026-11-30T04:30Z"), ("air", "2026-11-30T02:30Z"), ("sea", "2026-11-29T22:30Z")])
    func priorNoticeWindowFollowsTheTransport(transport: String, latest: String) throws {
        var request = try Support.request("fda-food")
        request.transport = transport
        let xml = try Support.engine.xml(.fdaPriorNotice, for: request)
        #expect(xml.contains("<Latest>\(latest)</Latest>"))
        #expect(xml.contains("<Earliest>2026-11-25T06:30Z</Earliest>"))
    }

    @Test func dateArithmeticAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        for text in ["1970-01-01T00:00", "2000-02-29T23:59", "2026-03-01T00:00", "2100-12-31T12:30"] {
            let minutes = FDAPriorNoticeBuilder.minutesSinceEpoch(text)
            let date = formatter.date(from: text + ":00Z")!
            #expect(minutes == Int(date.timeIntervalSince1970) / 60)
            #expect(FDAPriorNoticeBuilder.timestamp(minutes!) == text + "Z")
        }
        #expect(FDAPriorNoticeBuilder.minutesSinceEpoch("2026-13-01T00:00") == nil)
    }

    @Test func customsValueIsCIFForTheUKAndFOBForAustralia() throws {
        let uk = try Support.engine.xml(.importDeclaration, for: Support.request("uk-import"))
        // 149.00 + 2 × 19.90 = 188.80 goods, + 8.50 transport + 1.20 insurance.
        #expect(uk.contains("<CustomsValue currency=\"GBP\">198.50</CustomsValue>"))
        var australia = try Support.request("uk-import")
        australia.to = "AU"
        australia.currency = "AUD"
        let au = try Support.engine.xml(.importDeclaration, for: australia)
        #expect(au.contains("<ValuationBasis>FOB</ValuationBasis>"))
        #expect(au.contains("<CustomsValue currency=\"AUD\">188.80</CustomsValue>"))
        let found = try issues(.importDeclaration, "uk-import") {
            $0.lines[0].hs = "6201"
            $0.parcel = nil
        }
        #expect(Set(found.map(\.path)) == ["lines[0].hs", "parcel.gross_kg"])
    }

    @Test func dangerousGoodsDeclarationPrintsAsSVGAndPDF() throws {
        let svg = String(
            decoding: try Support.engine.output(.dgDeclaration, for: Support.request("dg-air"), format: .svg),
            as: UTF8.self)
        #expect(svg.contains("SHIPPER'S DECLARATION FOR DANGEROUS GOODS"))
        #expect(svg.contains("CARGO AIRCRAFT ONLY") && svg.contains("UN3480"))
        #expect(svg.contains("url(#hatch)"))
        try Support.expectGolden(svg, "svg/dg-declaration.air.svg")
        let road = String(
            decoding: try Support.engine.output(.dgDeclaration, for: Support.request("dg-road"), format: .svg),
            as: UTF8.self)
        #expect(road.contains("DANGEROUS GOODS TRANSPORT DOCUMENT") && !road.contains("url(#hatch)"))
        let pdf = try Support.engine.output(.dgDeclaration, for: Support.request("dg-air"), format: .pdf)
        #expect(pdf.starts(with: Data("%PDF".utf8)))
    }
}
