import ComplianceEngine
import Foundation
import Testing

/// Diagnostics, swift-syntax style: `1️⃣` marks where the caret must point; the message is asserted exactly.
struct DiagnosticTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        var message: String
        var severity: Diagnostic.Severity = .error
        var extra: [String: String] = [:]
        var testDescription: String { name }
    }

    /// Strips the marker and returns the text with the 1-based line and column (in bytes) where it was.
    static func locate(_ marked: String) -> (text: String, line: Int, column: Int) {
        let marker = "1️⃣"
        guard let range = marked.range(of: marker) else { return (marked, 0, 0) }
        let before = marked[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return (marked.replacingCharacters(in: range, with: ""), line, lastLine.utf8.count + 1)
    }

    static let h = Fixtures.header

    static let cases: [Case] = [
        Case(name: "unknown field with suggestion",
             source: h + "rule r\n  when shipment.1️⃣curency == \"EUR\"\n  then regime \"X\"\n  source s\nend\n",
             message: "unknown field 'curency' of shipment (did you mean 'currency'?)"),
        Case(name: "unknown name with suggestion",
             source: h + "let intrinsic_eur = shipment.intrinsic\nrule r\n  when 1️⃣intrinsic_euro > EUR 1\n  then regime \"X\"\n  source s\nend\n",
             message: "unknown name 'intrinsic_euro' (did you mean 'intrinsic_eur'?)"),
        Case(name: "unknown outcome",
             source: h + "rule r\n  then 1️⃣regim \"X\"\n  source s\nend\n",
             message: "unknown outcome 'regim' (did you mean 'regime'?)"),
        Case(name: "money compared with a number",
             source: h + "rule r\n  when shipment.intrinsic 1️⃣> 150\n  then regime \"X\"\n  source s\nend\n",
             message: "cannot compare Money with Number"),
        Case(name: "enumeration literal",
             source: h + "rule r\n  when shipment.sale == 1️⃣\"B2D\"\n  then regime \"X\"\n  source s\nend\n",
             message: "'B2D' is not a Sale (B2C, B2B, C2C) (did you mean 'B2C'?)"),
        Case(name: "country literal",
             source: h + "rule r\n  when shipment.to == 1️⃣\"DEU\"\n  then regime \"X\"\n  source s\nend\n",
             message: "'DEU' is not a two-letter ISO country code"),
        Case(name: "rule without source",
             source: h + "rule 1️⃣r\n  then regime \"X\"\nend\n",
             message: "rule 'r' cites no source; add 'source <id>'"),
        Case(name: "unknown source id",
             source: h + "rule r\n  then regime \"X\"\n  source 1️⃣t\nend\n",
             message: "unknown source 't' (did you mean 's'?)"),
        Case(name: "overlapping rows under unique",
             source: h + "table t hit unique\n  in x: Number\n  out y: Text\n  row a: < 10 => \"a\"\n  1️⃣row b: [5..20] => \"b\"\n  source s\nend\n",
             message: "rows 'a' and 'b' of unique table 't' both match x = 5"),
        Case(name: "shadowed row under first",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  row a: < 10 => \"a\"\n  1️⃣row b: < 5 => \"b\"\n  source s\nend\n",
             message: "row 'b' of table 't' is never used: row 'a' comes first, e.g. for x = 4.99",
             severity: .warning),
        Case(name: "gap in a required table",
             source: h + "table 1️⃣t hit first required\n  in x: Number\n  out y: Text\n  row a: < 10 => \"a\"\n  row b: > 10 => \"b\"\n  source s\nend\n",
             message: "table 't' is required but no row matches x = 10; add a row or a catch-all row"),
        Case(name: "gap in a required table over an enumeration",
             source: h + "table 1️⃣t hit first required\n  in mode: Bool\n  out y: Text\n  row a: true => \"a\"\n  source s\nend\n",
             message: "table 't' is required but no row matches mode = false; add a row or a catch-all row"),
        Case(name: "overlapping rule versions",
             source: h + "rule r effective 2026-01-01\n  then regime \"A\"\n  source s\nend\nrule r 1️⃣effective 2026-06-01\n  then regime \"B\"\n  source s\nend\n",
             message: "rule 'r' is already in force from 2026-01-01; versions must not overlap"),
        Case(name: "gap between let versions",
             source: h + "let rate = 1 effective 2020-01-01 until 2021-01-01\nlet 1️⃣rate = 2 effective 2022-01-01\n",
             message: "'rate' is not in force from 2021-01-01 until 2022-01-01: the versions leave a gap"),
        Case(name: "empty period",
             source: h + "rule r effective 2026-01-01 until 1️⃣2025-01-01\n  then regime \"A\"\n  source s\nend\n",
             message: "'until' 2025-01-01 is not after 'effective' 2026-01-01"),
        Case(name: "invalid calendar date",
             source: h + "rule r effective 1️⃣2026-02-30\n  then regime \"A\"\n  source s\nend\n",
             message: "'2026-02-30' is not a valid calendar date"),
        Case(name: "unterminated string",
             source: h + "rule r\n  then regime 1️⃣\"X\n  source s\nend\n",
             message: "unterminated string"),
        Case(name: "missing end",
             source: h + "rule r\n  then regime \"X\"\n  source s\n1️⃣",
             message: "expected 'end' to close rule 'r', found end of file"),
        Case(name: "unknown declaration",
             source: h + "1️⃣rle r\n",
             message: "unknown declaration 'rle' (did you mean 'rule'?)"),
        Case(name: "row with too many cells",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  1️⃣row a: 1, 2 => \"a\"\n  source s\nend\n",
             message: "row 'a' has 2 input cells but table 't' has 1 input"),
        Case(name: "unknown hit policy",
             source: h + "table t hit 1️⃣uniqe\n  in x: Number\n  out y: Text\n  row a: 1 => \"a\"\n  source s\nend\n",
             message: "unknown hit policy 'uniqe' (did you mean 'unique'?) (first, unique, priority, collect)"),
        Case(name: "unknown column type",
             source: h + "table t hit first\n  in x: 1️⃣Mony\n  out y: Text\n  row a: 1 => \"a\"\n  source s\nend\n",
             message: "unknown type 'Mony' (did you mean 'Money'?)"),
        Case(name: "line in a pack gate",
             source: h + "applies when 1️⃣line.excise\n",
             message: "'line' is not available here (only in rules and lets that apply per line, or inside 'any line where …')"),
        Case(name: "line outcome in a shipment rule",
             source: h + "rule r per shipment\n  then 1️⃣vat_rate 19%\n  source s\nend\n",
             message: "outcome 'vat_rate' is decided per line, but the rule is 'per shipment'"),
        Case(name: "required rule without else",
             source: h + "rule 1️⃣r required\n  when shipment.gift\n  then regime \"X\"\n  source s\nend\n",
             message: "rule 'r' is required but has no 'else' outcome"),
        Case(name: "cyclic lets",
             source: h + "let a = b + 1\nlet b = 1️⃣a + 1\n",
             message: "'a' depends on itself"),
        Case(name: "table arity",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  row a: 1 => \"a\"\n  source s\nend\nlet v = 1️⃣t(1, 2)\n",
             message: "table 't' takes 1 input (x), not 2"),
        Case(name: "unknown rounding mode",
             source: h + "let v = round(1.5, 0, 1️⃣half-odd)\n",
             message: "unknown rounding 'half-odd'"),
        Case(name: "unknown CSV column",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  rows from \"t.csv\"\n  source s\nend\n",
             message: "unknown CSV column 'z' for table 't' (did you mean 'x'?)",
             extra: ["t/t.csv": "x,y,1️⃣z\n1,a,b\n"]),
        Case(name: "CSV cell of the wrong type",
             source: h + "table t hit first\n  in x: Number\n  out y: Percent\n  rows from \"t.csv\"\n  source s\nend\n",
             message: "\"abc\" is Text but column 'y' is Percent",
             extra: ["t/t.csv": "x,y\n1,1️⃣\"abc\"\n"]),
        Case(name: "missing CSV file",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  rows from 1️⃣\"nope.csv\"\n  source s\nend\n",
             message: "no CSV file 'nope.csv' beside the rules"),
        Case(name: "unknown imported pack",
             source: h + "import 1️⃣fxx\n",
             message: "unknown pack 'fxx' (did you mean 'fx'?)",
             extra: ["fx/fx.rules": "pack fx\nversion \"1\"\n"]),
        Case(name: "unknown result field in a test",
             source: h + "test \"t\" given {\"id\":\"x\"}\n  1️⃣expect regim == \"X\"\nend\n",
             message: "unknown result field 'regim' (did you mean 'regime'?)"),
        Case(name: "invalid JSON in a test",
             source: h + "test \"t\" given {\"id\" 1️⃣\"x\"}\n  expect regime == \"X\"\nend\n",
             message: "test \"t\": expected ':'"),
        Case(name: "unknown fixture",
             source: h + "fixture base {\"id\":\"x\"}\ntest \"t\" given 1️⃣bse\n  expect regime == \"X\"\nend\n",
             message: "unknown fixture 'bse' (did you mean 'base'?)"),
        Case(name: "quantity dimensions",
             source: h + "rule r\n  when line.battery.wh 1️⃣> 2 g\n  then regime \"X\"\n  source s\nend\n",
             message: "cannot compare Energy with Mass"),
        Case(name: "non-constant cell",
             source: h + "table t hit first\n  in x: Money\n  out y: Text\n  row a: 1️⃣shipment.intrinsic => \"a\"\n  source s\nend\n",
             message: "table cells must be literal values"),
        Case(name: "too many decimals",
             source: h + "let v = 1️⃣0.1234567\n",
             message: "'0.1234567' is out of range or has more than 6 decimal places"),
        Case(name: "outcome arity",
             source: h + "rule r\n  then 1️⃣hold \"X\"\n  source s\nend\n",
             message: "outcome 'hold' takes 2 values, not 1"),
        Case(name: "'and' on a non-boolean",
             source: h + "let v = shipment.gift and 1️⃣shipment.intrinsic\n",
             message: "'and' needs Bool, but this is Money"),
        Case(name: "duplicate table",
             source: h + "table t hit first\n  in x: Number\n  out y: Text\n  row a: 1 => \"a\"\n  source s\nend\ntable 1️⃣t hit first\n  in x: Number\n  out y: Text\n  row a: 1 => \"a\"\n  source s\nend\n",
             message: "table 't' is declared twice"),
        Case(name: "missing version",
             source: "pack 1️⃣t\nsource s \"x\"\n",
             message: "pack 't' has no 'version'"),
        Case(name: "mixing currencies' types in arithmetic",
             source: h + "let v = shipment.intrinsic 1️⃣+ 19%\n",
             message: "cannot apply '+' to Money and Percent"),
        Case(name: "unknown function",
             source: h + "let v = 1️⃣rond(1.5, 0)\n",
             message: "unknown table or function 'rond' (did you mean 'round'?)"),
        Case(name: "invalid air permission literal",
             source: h + "rule r per line\n  then air 1️⃣\"cargo\"\n  source s\nend\n",
             message: "'cargo' is not a Air (allowed, cargo-only, forbidden)"),
        Case(name: "dated table rows that overlap",
             source: h + "table t hit first\n  in x: Text\n  out y: Percent\n  row a effective 2024-01-01: \"LU\" => 16%\n  1️⃣row b effective 2023-06-01: \"LU\" => 17%\n  source s\nend\n",
             message: "rows 'b' and 'a' of table 't' have the same inputs and overlapping periods (from 2023-06-01; from 2024-01-01)"),
        Case(name: "dated table rows with a gap",
             source: h + "table t hit first\n  in x: Text\n  out y: Percent\n  row a effective 2023-01-01 until 2024-01-01: \"LU\" => 16%\n  1️⃣row b effective 2024-02-01: \"LU\" => 17%\n  source s\nend\n",
             message: "table 't' has no row for the inputs of 'a' from 2024-01-01 until 2024-02-01",
             severity: .warning),
        Case(name: "deep nesting is refused",
             source: h + "let v = " + String(repeating: "(", count: 99) + "1️⃣(" + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 300) + "\n",
             message: "expression nested too deeply (limit 100)"),
    ]

    @Test(arguments: cases)
    func diagnostic(_ testCase: Case) throws {
        var source = testCase.source
        var extra = testCase.extra
        var expectedPath = "Rules/t/main.rules"
        var line = 0, column = 0
        if source.contains("1️⃣") {
            (source, line, column) = Self.locate(source)
        } else {
            for (name, text) in extra where text.contains("1️⃣") {
                let located = Self.locate(text)
                extra[name] = located.text
                (line, column) = (located.line, located.column)
                expectedPath = "Rules/\(name)"
            }
        }
        let result = Fixtures.compile(source, extra: extra)
        let matching = result.diagnostics.filter { $0.message == testCase.message }
        #expect(!matching.isEmpty, "no diagnostic '\(testCase.message)'; got:\n\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        guard let diagnostic = matching.first else { return }
        #expect(diagnostic.path == expectedPath)
        #expect(diagnostic.line == line && diagnostic.column == column,
                "expected \(line):\(column), got \(diagnostic.line):\(diagnostic.column)\n\(diagnostic.description)")
        #expect(diagnostic.severity == testCase.severity)
        if testCase.severity == .error { #expect(result.packSet == nil, "a pack with errors must never be activated") }
    }

    @Test func diagnosticHasCaretExcerpt() {
        let result = Fixtures.compile(Self.h + "rule r\n  when shipment.curency == \"EUR\"\n  then regime \"X\"\n  source s\nend\n")
        let text = result.diagnostics.first?.description ?? ""
        #expect(text == """
            Rules/t/main.rules:5:17: error: unknown field 'curency' of shipment (did you mean 'currency'?)
              when shipment.curency == "EUR"
                            ^~~~~~~
            """)
    }

    @Test func allErrorsAreReportedNotJustTheFirst() {
        let result = Fixtures.compile(Self.h + """
            rule a
              when shipment.curency == "EUR"
              then regim "X"
              source nope
            end
            let b = unknownName + 1
            rle c
            rule d
              then regime "Y"
              source s
            end
            """)
        #expect(result.errors.count >= 5, "\(result.diagnostics)")
        #expect(result.packSet == nil)
    }
}
