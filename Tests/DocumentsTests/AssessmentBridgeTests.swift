import ComplianceEngine
import Documents
import Foundation
import Testing

/// Documents follow the compliance assessment: one source of truth for what a shipment needs.
@Suite("Assessment → documents")
struct AssessmentBridgeTests {
    static let packSet: PackSet? = {
        let rules = URL(fileURLWithPath: Support.packageRoot).appendingPathComponent("Rules").path
        guard let files = try? RuleFiles.read(directory: rules) else { return nil }
        return PackSet.compile(files).packSet
    }()

    /// The EU fixture with the GPSR data the traceability pack asks for.
    static func euRequest() throws -> DocumentRequest {
        var request = try Support.request("eu-ioss")
        request.documents = nil
        request.regime = nil
        for index in request.lines.indices {
            request.lines[index].manufacturerCountry = "CN"
            request.lines[index].euResponsiblePerson = "Bright Apparel EU GmbH, Berlin"
        }
        return request
    }

    @Test("the shared fields become the engine's request")
    func bridgeRequest() throws {
        let request = try Self.euRequest()
        let assessmentRequest = try request.assessmentRequest()
        #expect(assessmentRequest.id == request.id)
        #expect(assessmentRequest.lines.map(\.hs) == ["610910", "620610"])
        #expect(assessmentRequest.lines.map(\.sku) == ["TS-001", "BL-777"])
        #expect(assessmentRequest.seller?.ioss == "IM2760000001")
    }

    @Test("the documents produced are exactly those the assessment lists")
    func documentsFollowAssessment() throws {
        let packSet = try #require(Self.packSet, "the shipped rule packs must compile")
        let request = try Self.euRequest()
        let assessment = packSet.assess(try request.assessmentRequest(), on: try #require(Day(parsing: "2026-11-28")))
        #expect(assessment.decision == .release, "\(assessment.holds)")
        #expect(assessment.regime == "EU-IOSS")
        let applied = request.applying(assessment)
        #expect(applied.documents == assessment.documents)
        #expect(applied.regime == "EU-IOSS")
        // VAT 19% on goods 120.00 + shipping 8.50, plus the EUR 3 flat duty per distinct HS-6 (2 subheadings).
        #expect(applied.taxTotal?.description == "30.42")
        let engine = Support.engine
        let produced = try engine.requiredDocuments(for: applied)
        let kinds: [DocumentKind] = produced.map { $0.kind }
        #expect(kinds == (try engine.requiredKinds(for: applied)))
        #expect(kinds.contains(DocumentKind.h7))
    }

    @Test("dangerous-goods marks come from the assessment")
    func marksFromAssessment() throws {
        let packSet = try #require(Self.packSet)
        var request = try Support.request("label-lithium")
        request.dangerousGoods = nil
        let assessment = packSet.assess(try request.assessmentRequest(), on: try #require(Day(parsing: request.date)))
        let applied = request.applying(assessment)
        let expected = assessment.lines.compactMap { $0.dg.unNumber }
        #expect(!expected.isEmpty)
        let marked: [String] = (applied.dangerousGoods ?? []).compactMap { $0.unNumber }
        #expect(Set(marked) == Set(expected))
    }

    @Test("the shipper's declaration takes names, packing groups and hazards from the rules' dangerous-goods list")
    func declarationFromRules() throws {
        let packSet = try #require(Self.packSet)
        var request = try Support.request("dg-road")
        request.dangerousGoods = nil
        request.lines.append(request.lines[1])
        request.lines[2].sku = "H2O2-30"
        request.lines[2].unNumber = "UN2014"
        let day = try #require(Day(parsing: request.date))
        let applied = request.applying(packSet.assess(try request.assessmentRequest(), on: day))
        let peroxide = try #require(applied.dangerousGoods?.first { $0.unNumber == "UN2014" })
        #expect(peroxide.properShippingName == "Hydrogen peroxide, aqueous solution")
        #expect(peroxide.hazardClass == "5.1" && peroxide.packingGroup == "II" && peroxide.subsidiaryHazard == "8")
        let xml = try Support.engine.xml(.dgDeclaration, for: applied)
        #expect(xml.contains("<ProperShippingName>Lithium ion batteries</ProperShippingName>"))
        #expect(xml.contains("<ProperShippingName>Perfumery products</ProperShippingName>"))
        #expect(xml.contains("<SubsidiaryHazard>8</SubsidiaryHazard>"))
        // Packed with equipment (by air: by road small ones are exempt), the battery is UN3481 under the list's
        // "packed with equipment" name.
        var packed = request
        packed.transport = "air"
        packed.aircraft = "cargo"
        packed.lines[0].battery?.packing = "with-equipment"
        packed.lines[0].unNumber = nil  // a declared UN number wins over the battery's classification
        let packedApplied = packed.applying(packSet.assess(try packed.assessmentRequest(), on: day))
        let battery = try #require(packedApplied.dangerousGoods?.first { $0.unNumber == "UN3481" })
        #expect(battery.properShippingName == "Lithium ion batteries packed with equipment")
        #expect(battery.packingGroup == nil)
    }

    @Test("a request the engine cannot read names the field")
    func badRequest() throws {
        var request = try Self.euRequest()
        request.lines[0].hs = "61"
        #expect(throws: DocumentError.self) { try request.assessmentRequest() }
    }
}
