import ArgumentParser
import ComplianceEngine
import Foundation

/// `bonded rules check|test|explain`: load, check and test the compliance rule packs.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Check, test and explain the compliance rule packs.",
        subcommands: [Check.self, Test.self, Explain.self])

    static func load(_ directory: String, quiet: Bool = false) throws -> PackSet {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = RuleFiles.load(directory: directory)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        for diagnostic in result.diagnostics {
            FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8))
        }
        guard let packSet = result.packSet else {
            FileHandle.standardError.write(Data("\(result.errors.count) error(s); no pack set activated\n".utf8))
            throw ExitCode.failure
        }
        if !quiet {
            let counts = packSet.counts
            print("loaded \(packSet.packs.count) packs, \(counts.rules) rules, \(counts.tables) tables (\(counts.tableRows) rows), "
                + "\(counts.tests) tests in \(String(format: "%.1f", elapsed)) ms; sha256 \(packSet.contentHash)")
        }
        return packSet
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Parse and type-check every pack; print all diagnostics.")
        @Argument(help: "Rules directory.") var directory = "Rules"

        func run() throws {
            let packSet = try RulesCommand.load(directory)
            for pack in packSet.packs { print("  \(pack.name) \(pack.version) (\(pack.owner))") }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every in-pack test; non-zero exit on failure.")
        @Argument(help: "Rules directory.") var directory = "Rules"
        @Option(help: "Only this pack.") var pack: String?
        @Flag(help: "Report rules and table rows no test reaches.") var coverage = false
        @Flag(help: "Print passing tests too.") var verbose = false

        func run() throws {
            let packSet = try RulesCommand.load(directory)
            let report = packSet.runTests(pack: pack)
            for result in report.results where verbose || !result.passed {
                print("\(result.passed ? "PASS" : "FAIL") \(result.pack): \(result.name)  (\(result.location))")
                for failure in result.failures { print("    \(failure)") }
            }
            var perPack: [String: (Int, Int)] = [:]
            for result in report.results { perPack[result.pack, default: (0, 0)].0 += 1; if !result.passed { perPack[result.pack, default: (0, 0)].1 += 1 } }
            for (name, counts) in perPack.sorted(by: { $0.key < $1.key }) { print("  \(name): \(counts.0) tests, \(counts.1) failed") }
            print("\(report.results.count) tests, \(report.failed) failed")
            if coverage {
                let rules = report.totalRules - report.unreachedRules.count, rows = report.totalRows - report.unreachedRows.count
                print("coverage: rules \(rules)/\(report.totalRules), table rows \(rows)/\(report.totalRows)")
                for rule in report.unreachedRules { print("  rule not reached: \(rule)") }
                for row in report.unreachedRows { print("  row not reached: \(row)") }
            }
            if report.failed > 0 { throw ExitCode.failure }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a rule, table or let (--rule NAME), or the decisions for a request (JSON file or -), with sources.")
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "Describe the rule, table or let with this name (or pack.name) instead of assessing a request.")
        var rule: String?
        @Option(help: "Assessment date YYYY-MM-DD (default: the request's date).") var at: String?
        @Argument(help: "Request JSON file, or - for standard input.") var file = "-"

        func run() throws {
            let packSet = try RulesCommand.load(rules, quiet: true)
            if let rule {
                guard let text = packSet.describe(rule) else {
                    var message = "no rule, table or let named '\(rule)'"
                    var best: (String, Int)?
                    for name in packSet.describableNames {
                        let distance = RulesCommand.distance(rule, name)
                        if distance < (best?.1 ?? 4) { best = (name, distance) }
                    }
                    if let best { message += " (did you mean '\(best.0)'?)" }
                    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
                    throw ExitCode.failure
                }
                print(text)
                return
            }
            for request in try AssessCommand.readRequests(file) {
                let day = try AssessCommand.day(at) ?? request.date
                let assessment = packSet.assess(request, on: day)
                print("\(assessment.id): \(assessment.decision.rawValue), regime \(assessment.regime ?? "-"), "
                    + "VAT \(assessment.vat.formatted(places: 2)) duty \(assessment.duty.formatted(places: 2)) "
                    + "fees \(assessment.feeTotal.formatted(places: 2)) \(assessment.currency) on \(day)")
                for step in assessment.explanation() {
                    print("  \(step.pack) \(step.version) \(step.rule)\(step.line.map { " [\($0)]" } ?? ""): \(step.outcome)")
                    for (name, value) in step.inputs.sorted(by: { $0.key < $1.key }) { print("      \(name) = \(value)") }
                    print("      source: \(step.source)  at \(step.location)")
                }
                for hold in assessment.holds { print("  HOLD \(hold.code): \(hold.message) (\(hold.rule))") }
                print("  pack set sha256 \(assessment.packSetHash)")
            }
        }
    }
}
