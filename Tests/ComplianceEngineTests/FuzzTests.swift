@testable import ComplianceEngine
import Foundation
import Testing

/// Randomized mutation: rule files and requests are mutated (deleted, duplicated, spliced, corrupted bytes and
/// hostile tokens) and fed through the lexer, parser, checker, CSV loader, request decoder and evaluator.
/// Nothing may crash, trap or hang. 100,000 inputs by default: 25,000 rule files through lexer and parser, 75,000
/// requests through the JSON reader and decoder (every 16th decodable one assessed by all packs), plus 2,500 rule
/// files with CSV through the checker and compiler;
/// `BONDED_FUZZ_ITERATIONS` overrides the count (`make fuzz-rules` runs 1,000,000).
struct FuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["BONDED_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 100_000
    }

    /// Small seeds (mutating small inputs keeps 100,000 runs fast in debug builds).
    static let ruleSeeds = [
        Fixtures.header + """
            let EU = {"DE", "FR"}
            let v = round(money(amount(shipment.intrinsic) / 1.08, "EUR"), 2, half-even)
            rule r per line effective 2026-07-01 until 2028-07-01
              when shipment.to in EU and v <= EUR 150 and not (line.battery.wh > 100 Wh) and any line where line.excise
              then vat_rate 19%
              else hold "H", "m"
              source s
            end
            """,
        Fixtures.header + """
            table t hit unique
              in c: Country, x: Money
              out r: Percent, n: Text
              row a effective 2026-01-01: "DE", < EUR 150 => 19%, "a"
              row b: {"FR", "IT"}, [EUR 0..EUR 10) => 20%, "b"
              rows from "t.csv"
              source s
            end
            let q = t(shipment.to, shipment.intrinsic).r ?? 0%
            """,
        Fixtures.header + """
            fixture f { "id": "x", "lines": [ { "sku": "a" } ] }
            test "t" at 2026-11-28 given f with { "lines": [ { "hs": "620520" } ] }
              expect lines[0].vat_rate == 19%
              expect holds contains {"A", "B"}
            end
            """,
    ]

    static let tokens = [
        "(", ")", "{", "}", "[", "]", ",", ":", ".", "..", "=>", "==", "<", ">=", "-", "+", "*", "/", "??", "\"", "#",
        "rule", "table", "let", "end", "when", "then", "else", "and", "or", "not", "in", "if", "is", "present", "row",
        "hit", "unique", "first", "required", "effective", "until", "2026-02-30", "9999-99-99", "99999999999999999999",
        "0.0000001", "EUR", "EUR 1", "100 Wh", "19%", "line", "shipment", "any line where", "sum line of", "given {",
        "\u{0}", "é", "🚀", "\n", " ", "((((((((((((((((((((", "not not not not not", "- - - - - - -", "1 + 1 + 1 + 1",
        "expect", "fixture", "import", "t", "round(", "percent(", "money(", "1/0", "line.battery.", "lines[99999999999]",
    ]

    static func mutate(_ seed: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                let length = min(bytes.count - position, Int.random(in: 1...40, using: &rng))
                if length > 0 { bytes.removeSubrange(position..<position + length) }
            case 1:
                bytes.insert(contentsOf: Array((tokens.randomElement(using: &rng) ?? "(").utf8), at: position)
            case 2:
                if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &rng) }
            case 3:
                let length = min(bytes.count - position, Int.random(in: 1...80, using: &rng))
                if length > 0 {
                    let chunk = Array(bytes[position..<position + length])
                    bytes.insert(contentsOf: chunk, at: Int.random(in: 0...bytes.count, using: &rng))
                }
            case 4:
                bytes.removeSubrange(position..<bytes.count)
            default:
                if !bytes.isEmpty { bytes.swapAt(position, Int.random(in: 0..<bytes.count, using: &rng)) }
            }
        }
        return bytes
    }

    @Test func mutatedRuleFilesNeverCrashTheParser() {
        var rng = SeededGenerator(seed: 0xB0_7DED)
        let seeds = Self.ruleSeeds.map { Array($0.utf8) }
        for index in 0..<(Self.iterations / 4) {
            let file = SourceFile(path: "Rules/t/main.rules", text: String(decoding: Self.mutate(seeds[index % seeds.count], &rng), as: UTF8.self))
            var sink = DiagnosticSink(files: [file])
            _ = Parser.parse(file, file: 0, sink: &sink)
        }
    }

    /// A further tenth as many mutated rule files (with a mutated CSV) go through the checker and compiler, and the
    /// ones that compile run their in-pack tests.
    @Test func mutatedRuleFilesNeverCrashTheChecker() {
        var rng = SeededGenerator(seed: 0xC0_FFEE)
        let seeds = Self.ruleSeeds.map { Array($0.utf8) }
        let csvSeed = Array("c,x,r,n,effective\nDE,< EUR 150,19%,a,2026-01-01\n\"FR\",-,20%,\"b\"\"\",\n".utf8)
        var compiled = 0
        for index in 0..<(Self.iterations / 40) {
            let file = SourceFile(path: "Rules/t/main.rules", text: String(decoding: Self.mutate(seeds[index % seeds.count], &rng), as: UTF8.self))
            let csv = SourceFile(path: "Rules/t/t.csv", text: String(decoding: Self.mutate(csvSeed, &rng), as: UTF8.self))
            let result = PackSet.compile([file, csv])
            if let packSet = result.packSet {
                compiled += 1
                _ = packSet.runTests()
            } else {
                #expect(!result.errors.isEmpty)
            }
        }
        #expect(compiled > 0, "some mutations should still compile")
    }

    @Test func hostileNestingIsRefusedQuickly() {
        for body in [String(repeating: "(", count: 100_000), String(repeating: "not ", count: 50_000),
                     String(repeating: "-", count: 50_000) + "1", Array(repeating: "1", count: 20_000).joined(separator: " + "),
                     String(repeating: "{", count: 50_000), "if " + String(repeating: "if ", count: 10_000)] {
            let result = Fixtures.compile(Fixtures.header + "let v = " + body + "\n")
            #expect(result.packSet == nil)
        }
    }

    @Test func mutatedRequestsNeverCrash() throws {
        var rng = SeededGenerator(seed: 0x5EED)
        let packSet = try #require(RuleFiles.load(directory: Fixtures.rulesDirectory).packSet)
        let seed = Array("""
            {"id":"f","date":"2026-11-28","sale":"B2C","marketplace":true,"gift":false,"from":"CN","to":"DE","transport":"air",
             "aircraft":"cargo","currency":"EUR","shipping":"10.00","insurance":"0.00","seller":{"country":"CN","ioss":"IM2760000001"},
             "lines":[{"sku":"P","hs":"850760","origin":"CN","category":"electronics","quantity":2,"unit_price":"25.00","net_kg":"0.4",
               "battery":{"chemistry":"li-ion","packing":"alone","mah":"20000","volts":"3.7","soc_percent":"30"}},
              {"sku":"Q","hs":"330300","origin":"FR","category":"perfume","quantity":1,"unit_price":"999999999999.99","volume_ml":"100"}]}
            """.utf8)
        var decoded = 0
        let day = try #require(Day(parsing: "2026-11-28"))
        for _ in 0..<(Self.iterations - Self.iterations / 4) {
            let text = String(decoding: Self.mutate(seed, &rng), as: UTF8.self)
            guard let json = try? JSONValue.parse(text), let request = try? AssessmentRequest.decode(json) else { continue }
            decoded += 1
            // Evaluate a sample of the decodable ones through every pack (evaluation is the slow part in debug).
            if decoded % 16 == 0 { _ = packSet.assess(request, on: day, explain: true).json() }
        }
        #expect(decoded > 0)
    }
}
