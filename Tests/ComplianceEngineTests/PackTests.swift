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
