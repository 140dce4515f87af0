@testable import ComplianceEngine
import Foundation
import Testing

struct FixedTests {
    @Test(arguments: [
        ("1.005", 2, Fixed.Rounding.halfUp, "1.01"), ("1.005", 2, .halfEven, "1.00"), ("1.015", 2, .halfEven, "1.02"),
        ("-1.005", 2, .halfUp, "-1.01"), ("2.5", 0, .halfEven, "2.00"), ("2.5", 0, .halfUp, "3.00"), ("2.1", 0, .up, "3.00"),
        ("2.9", 0, .down, "2.00"),
    ])
    func rounding(_ input: String, _ places: Int, _ mode: Fixed.Rounding, _ expected: String) throws {
        let value = try #require(Fixed(parsing: input))
        #expect(value.rounded(places: places, mode).formatted(places: 2) == expected)
    }

    @Test func arithmeticIsExactAndOverflowIsReported() throws {
        let a = try #require(Fixed(parsing: "120.00")), rate = try #require(Fixed(parsing: "0.19"))
        #expect(a.multiplied(by: rate)?.formatted(places: 2) == "22.80")
        let big = Fixed(raw: Int64.max - 1)
        #expect(big.adding(Fixed.one) == nil)
        #expect(big.multiplied(by: Fixed(raw: 2_000_000)) == nil)
        #expect(Fixed.one.divided(by: .zero) == nil)
        #expect(Fixed(parsing: "0.1234567") == nil)
        #expect(Fixed(parsing: "1234567890123") == nil)
        #expect(Fixed(parsing: "999999999999.999999") != nil)
        #expect(Fixed(parsing: "1.") == nil)
        #expect(Fixed(parsing: "1")?.divided(by: Fixed(parsing: "3")!)?.description == "0.333333")
    }

    @Test func dayRoundTrip() throws {
        for text in ["1970-01-01", "2024-02-29", "2026-07-01", "2028-07-01", "9999-12-31"] {
            #expect(Day(parsing: text)?.description == text)
        }
        #expect(Day(parsing: "2026-02-29") == nil)
        #expect(Day(parsing: "2026-07-01")!.adding(days: -1).description == "2026-06-30")
    }
}

struct SupportTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256(_ input: String, _ digest: String) {
        #expect(SHA256Digest.hex(Array(input.utf8)) == digest)
    }

    @Test func jsonRoundTripAndDepthLimit() throws {
        let text = #"{"a":[1,2.50,"x\n\u00e9"],"b":null,"c":true}"#
        let value = try JSONValue.parse(text)
        #expect(value.text == #"{"a":[1,2.50,"x\né"],"b":null,"c":true}"#)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a":1,"a":2}"#) }
    }
}

struct RequestDecodingTests {
    @Test func decodesTheIssueExample() throws {
        let request = try Fixtures.request("""
            {"id":"o-1","date":"2026-11-28","sale":"B2C","marketplace":true,"gift":false,"from":"CN","to":"DE",
             "transport":"air","aircraft":"cargo","currency":"EUR","shipping":"10.00","insurance":"0.00",
             "seller":{"country":"CN","ioss":"IM2760000001","vat":null,"eori":"CN1234"},
             "lines":[{"sku":"PB","description":"power bank","hs":"850760","origin":"CN","category":"electronics",
               "quantity":2,"unit_price":"25.00","net_kg":"0.4","excise":false,
               "battery":{"chemistry":"li-ion","packing":"alone","mah":"20000","volts":"3.7","lithium_g":null,"soc_percent":"30"},
               "un_number":null,"manufacturer_country":"CN","eu_responsible_person":"Acme EU"}]}
            """)
        #expect(request.lines[0].battery?.mah?.description == "20000")
        #expect(request.seller?.vat == nil)
        #expect(Facts(request).wh(0)?.description == "74")
        #expect(Facts(request).intrinsic.description == "50")
    }

    @Test(arguments: [
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1,"unit_price":"1.00","colour":"red"}]}"#,
         "$.lines[0].colour: unknown field"),
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1}]}"#,
         "$.lines[0].unit_price: missing required field"),
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1,"unit_price":1.5}]}"#,
         "$.lines[0].unit_price: expected a decimal string such as \"10.00\""),
        (#"{"id":"x","date":"2026-11-28","sale":"B2D","from":"CN","to":"DE","transport":"air","currency":"EUR","lines":[]}"#,
         "$.sale: 'B2D' is not one of B2C, B2B, C2C (did you mean 'B2C'?)"),
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","destinaton":"DE","lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1,"unit_price":"1.00"}]}"#,
         "$.destinaton: unknown field"),
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","seller":{"ios":"IM1"},"lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1,"unit_price":"1.00"}]}"#,
         "$.seller.ios: unknown field (did you mean 'ioss'?)"),
        (#"{"id":"x","sale":"B2C"}"#, "$.date: missing required field"),
        (#"{"id":"x","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR","lines":[{"sku":"A","hs":"62","origin":"CN","quantity":1,"unit_price":"1.00"}]}"#,
         "$.lines[0].hs: '62' is not an HS code of 6 to 10 digits"),
    ])
    func errorsNameTheJSONPath(_ json: String, _ message: String) {
        #expect(throws: RequestError.self) { try Fixtures.request(json) }
        do { _ = try Fixtures.request(json) } catch let error as RequestError { #expect(error.description == message) } catch {}
    }
}

struct AssessmentTests {
    static let packs = RuleFiles.load(directory: Fixtures.rulesDirectory).packSet

    @Test func workedExampleOneAsJSONWithExplanation() throws {
        let packSet = try #require(Self.packs)
        let request = try Fixtures.request("""
            {"id":"ex-1","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR",
             "seller":{"ioss":"IM2760000001"},
             "lines":[{"sku":"SHIRT","hs":"620520","origin":"CN","category":"clothing","quantity":1,"unit_price":"120.00",
                       "manufacturer_country":"CN","eu_responsible_person":"Acme EU GmbH"}]}
            """)
        let engine = ComplianceEngine(packSet: packSet)
        let date = Date(timeIntervalSince1970: Double(Day(parsing: "2026-11-28")!.ordinal) * 86_400 + 3_600)
        let assessment = engine.assess(request, at: date)
        #expect(assessment.regime == "EU-IOSS")
        #expect(assessment.decision == .release)
        let json = try JSONValue.parse(assessment.json())
        #expect(json["totals"]?["vat"] == .string("22.80"))
        #expect(json["totals"]?["duty"] == .string("3.00"))
        #expect(json["pack_set_sha256"] == .string(packSet.contentHash))
        let steps = assessment.explanation()
        let ioss = try #require(steps.first { $0.rule == "ioss" })
        #expect(ioss.pack == "eu-vat")
        #expect(ioss.inputs["ioss_route"] == "true")
        #expect(ioss.source.contains("Explanatory notes"))
        #expect(steps.contains { $0.rule.hasPrefix("vat_rate[DE-standard]") && $0.outcome == "rate = 19%" })
    }

    @Test func explanationsOffProduceTheSameDecision() throws {
        let packSet = try #require(Self.packs)
        let request = try Fixtures.request(Fixtures.simpleRequest)
        let day = try #require(Day(parsing: "2026-11-28"))
        let on = packSet.assess(request, on: day, explain: true)
        let off = packSet.assess(request, on: day, explain: false)
        #expect(on.json(includeExplanation: false) == off.json(includeExplanation: false))
        #expect(off.explanation().isEmpty)
        #expect(!on.explanation().isEmpty)
    }

    @Test func contentHashChangesWithContent() throws {
        let a = try #require(Fixtures.compile(Fixtures.header).packSet)
        let b = try #require(Fixtures.compile(Fixtures.header + "# a comment\n").packSet)
        #expect(a.contentHash != b.contentHash)
        #expect(a.contentHash == Fixtures.compile(Fixtures.header).packSet?.contentHash)
        #expect(a.contentHash.count == 64)
    }

    @Test func conflictingRulesHoldTheShipment() throws {
        let packSet = try #require(Fixtures.compile(Fixtures.header + """
            rule a
              then regime "A"
              source s
            end
            rule b
              then regime "B"
              source s
            end
            """).packSet)
        let result = packSet.assess(try Fixtures.request(Fixtures.simpleRequest), on: Day(parsing: "2026-11-28")!)
        #expect(result.decision == .hold)
        #expect(result.holds.map(\.code) == ["RULE-CONFLICT"])
    }

    @Test func runtimeOverflowIsAHoldNotATrap() throws {
        let packSet = try #require(Fixtures.compile(Fixtures.header + """
            rule a
              when shipment.intrinsic * 999999999999 > EUR 1
              then regime "A"
              source s
            end
            """).packSet)
        let request = try Fixtures.request(Fixtures.simpleRequest.replacingOccurrences(of: "120.00", with: "9999999999.00"))
        let result = packSet.assess(request, on: Day(parsing: "2026-11-28")!)
        #expect(result.holds.map(\.code) == ["ENGINE-EVALUATION"])
    }

    @Test func tablesAreIndexedOnEqualityColumns() throws {
        let packSet = try #require(RuleFiles.load(directory: Fixtures.rulesDirectory).packSet)
        let vat = try #require(packSet.program.tables.first { $0.name == "vat_rate" })
        #expect(vat.indexColumn == 0)
        let germany = vat.candidates([.text("DE"), .text("food")])
        #expect(germany.count < 6 && germany.count >= 2)
    }

    @Test func packLoadTime() throws {
        let files = try RuleFiles.read(directory: Fixtures.rulesDirectory)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = PackSet.compile(files) }
        // Release builds load all packs in well under 200 ms; debug builds are several times slower.
        #expect(elapsed < .seconds(3))
    }
}
