import ArgumentParser
import ComplianceEngine
import Foundation
import Storage
import WMSCore

/// Options every warehouse-flow command shares: the store, the warehouse, who acts, the operation id and output.
struct FlowOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Warehouse code.") var warehouse: String
    @Option(help: "Client operation id: the same id again writes nothing.") var operation: String
    @Option(help: "Who performs the operation.") var actor = ProcessInfo.processInfo.environment["USER"] ?? "cli"
    @Flag(help: "Print JSON.") var json = false
}

/// Options of commands that consult the rule packs.
struct RulesOptions: ParsableArguments {
    @Option(help: "Rules directory.") var rules = "Rules"
    @Option(help: "Rule date YYYY-MM-DD (default: today, UTC).") var date: String?

    func day() throws -> Day {
        if let date {
            guard let day = Day(parsing: date) else { throw ValidationError("--date must be a date YYYY-MM-DD") }
            return day
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let today = Day(parsing: formatter.string(from: Date()).prefix(10)) else {
            throw ValidationError("cannot read today's date")
        }
        return today
    }

    func packSet() throws -> PackSet { try RulesCommand.load(rules, quiet: true) }
}

enum FlowOutput {
    /// Prints `value` as sorted, pretty JSON.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints an error the operator can act on (with every import issue and the refusing rule) and exits non-zero.
    static func failure(_ error: any Error, json: Bool) -> ExitCode {
        if let error = error as? FlowError {
            if json {
                struct Failure: Encodable {
                    var error: String
                    var field: String?
                    var value: String?
                    var message: String
                    var rule: String?
                    var source: String?
                    var issues: [ImportIssue]
                }
                try? FlowOutput.json(
                    Failure(
                        error: error.code.rawValue, field: error.field, value: error.value, message: error.message,
                        rule: error.rule, source: error.source, issues: error.issues))
            }
            FileHandle.standardError.write(Data("error: \(error.debugDescription)\n".utf8))
            return ExitCode(2)
        }
        return bonded.failure(error)
    }

    /// A progress bar on standard error: `[#####.....] 250/500 rows`.
    static func progress(_ done: Int, _ total: Int, _ unit: String) {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let end = done == total ? "\n" : ""
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(unit)\(end)".utf8))
    }

    static func readText(_ file: String) throws -> String {
        if file == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read '\(file)'")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
