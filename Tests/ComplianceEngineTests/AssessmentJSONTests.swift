@testable import ComplianceEngine
import Foundation
import Testing

/// `Assessment.json` writes its text directly; it must be exactly the text of `jsonValue` (the value tree).
struct AssessmentJSONTests {
    static let packs = RuleFiles.load(directory: Fixtures.rulesDirectory).packSet

    static let requests = [
        Fixtures.simpleRequest,
        // Lithium batteries by air: dangerous-goods details, labels and segregation, holds.
        """
        {"id":"ord-1001","date":"2026-11-28","sale":"B2C","marketplace":true,"gift":false,"from":"CN","to":"DE",
         "transport":"air","aircraft":"cargo","currency":"EUR","shipping":"0.00","insurance":"0.00",
         "seller":{"country":"CN","ioss":"IM2760000001","vat":null,"eori":null},
         "lines":[{"sku":"PB-\\"20000\\"/é","description":"power bank","hs":"850760","origin":"CN",
           "category":"electronics","quantity":1,"unit_price":"25.00","net_kg":"0.4","excise":false,
           "battery":{"chemistry":"li-ion","packing":"alone","mah":"20000","volts":"3.7","lithium_g":null,
           "soc_percent":"30"},"un_number":null,"manufacturer_country":"CN",
           "eu_responsible_person":"Acme EU GmbH, Berlin"}]}
        """,
        // Several lines, above the low-value limits, to the US and GB.
        """
        {"id":"r\\t2","date":"2026-11-28","sale":"B2B","from":"CN","to":"US","transport":"road","currency":"USD",
         "lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":3,"unit_price":"420.00"},
                  {"sku":"B","hs":"610910","origin":"VN","quantity":100,"unit_price":"9.99"}]}
        """,
        """
        {"id":"r3","date":"2026-11-28","sale":"B2C","from":"CN","to":"GB","transport":"postal","currency":"GBP",
         "lines":[{"sku":"C","hs":"330499","origin":"CN","quantity":2,"unit_price":"80.00"}]}
        """,
    ]

    @Test(arguments: 0..<4, [false, true])
    func directTextEqualsTheValueTree(_ index: Int, _ explain: Bool) throws {
        let packSet = try #require(Self.packs)
        let request = try Fixtures.request(Self.requests[index])
        let assessment = packSet.assess(request, on: request.date, explain: explain)
        let text = assessment.json(includeExplanation: explain)
        #expect(text == assessment.jsonValue(includeExplanation: explain).text)
        #expect(try JSONValue.parse(text) == assessment.jsonValue(includeExplanation: explain))
        if explain { #expect(text.contains("\"explanation\":[{")) }
    }
}
