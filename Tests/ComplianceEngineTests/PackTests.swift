import ComplianceEngine
import Foundation
import Testing

/// Runs every in-pack test of the shipped `Rules/` and checks the packs load cleanly.
struct PackTests {
    @Test func shippedPacksLoadWithoutErrors() throws {
        let result = RuleFiles.load(directory: Fixtures.rulesDirectory)
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description).joined(separator: "\n"))")
        let packSet = try #require(result.packSet)
        let names = Set(packSet.packs.map(\.name))
        for required in ["eu-vat", "uk-vat", "us-cbp", "ca", "au", "jp", "cn-cbec", "dangerous-goods", "traceability", "carbon"] {
            #expect(names.contains(required), "pack \(required) is missing")
        }
    }

    @Test func everyInPackTestPasses() throws {
        let packSet = try #require(RuleFiles.load(directory: Fixtures.rulesDirectory).packSet)
        let report = packSet.runTests()
        for result in report.results where !result.passed {
            let failures = result.failures.joined(separator: "\n  ")
            Issue.record("\(result.pack): \(result.name) (\(result.location))\n  \(failures)")
        }
        #expect(report.results.count >= 150)
        #expect(report.unreachedRules.isEmpty, "rules no test reaches: \(report.unreachedRules)")
        // Every pack carries tests.
        #expect(Set(report.results.map(\.pack)) == Set(packSet.packs.map(\.name)))
    }

    @Test func aBrokenExpectationFailsTheTest() throws {
        let text = Fixtures.header + """
            rule r
              then regime "X"
              source s
            end
            test "wrong on purpose" given { "id": "x", "date": "2026-11-28", "sale": "B2C", "from": "CN", "to": "DE", "transport": "air", "currency": "EUR", "lines": [ { "sku": "A", "hs": "620520", "origin": "CN", "quantity": 1, "unit_price": "1.00" } ] }
              expect regime == "Y"
            end
            """
        let packSet = try #require(Fixtures.compile(text).packSet)
        let report = packSet.runTests()
        #expect(report.failed == 1)
        #expect(report.results.first?.failures == ["expected regime == \"Y\", got \"X\""])
    }
}

struct DescribeAndCoverageTests {
    @Test func describeShowsVersionsSourcesAndText() throws {
        let packSet = try #require(RuleFiles.load(directory: Fixtures.rulesDirectory).packSet)
        let text = try #require(packSet.describe("eu-vat.flat-duty"))
        #expect(text.contains("2026-07-01 until 2028-07-01"))
        #expect(text.contains("Council Regulation (EU) 2026/382"))
        #expect(text.contains("    | rule flat-duty"))
        let table = try #require(packSet.describe("vat_rate"))
        #expect(table.contains("indexed on: country"))
        #expect(table.contains("LU-standard-old [until 2024-01-01]: \"LU\", - => 16%"))
        let open = try #require(packSet.describe("fr-handling-fee"))
        #expect(open.contains("OPEN: "))
        #expect(packSet.describe("no-such-rule") == nil)
    }

    @Test func coverageListsWhatNoTestReaches() throws {
        let packSet = try #require(Fixtures.compile(Fixtures.header + """
            table t hit first
              in x: Number
              out y: Text
              row small: < 10 => "s"
              row large: >= 10 => "l"
              source s
            end
            rule used
              then regime t(shipment.line_count)
              source s
            end
            rule unused
              when shipment.gift
              then code "GIFT"
              source s
            end
            test "one line" given { "id": "x", "date": "2026-11-28", "sale": "B2C", "from": "CN", "to": "DE", "transport": "air", "currency": "EUR", "lines": [ { "sku": "A", "hs": "620520", "origin": "CN", "quantity": 1, "unit_price": "1.00" } ] }
              expect regime == "s"
            end
            """).packSet)
        let report = packSet.runTests()
        #expect(report.failed == 0)
        #expect(report.unreachedRules.count == 1 && report.unreachedRules[0].hasPrefix("t.unused"))
        #expect(report.unreachedRows.count == 1 && report.unreachedRows[0].hasPrefix("t.t[large]"))
    }
}
