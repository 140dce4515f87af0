import ArgumentParser
import ComplianceEngine
import Foundation

/// `bonded assess`: reads requests (one object, an array, or JSON lines) and prints assessments as JSON.
struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess", abstract: "Assess order requests (JSON) against the rule packs; prints JSON assessments.")

    @Option(help: "Rules directory.") var rules = "Rules"
    @Option(help: "Assessment date YYYY-MM-DD (default: each request's date).") var at: String?
    @Flag(help: "Leave out the explanation.") var noExplanation = false
    @Argument(help: "Request JSON file, or - for standard input.") var file = "-"

    static func day(_ text: String?) throws -> Day? {
        guard let text else { return nil }
        guard let day = Day(parsing: text) else { throw ValidationError("--at must be a date YYYY-MM-DD") }
        return day
    }

    static func readText(_ file: String) throws -> String {
        if file == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read '\(file)'") }
        return String(decoding: data, as: UTF8.self)
    }

    static func readRequests(_ file: String) throws -> [AssessmentRequest] {
        try readRequestBatch(file).requests
    }

    /// The requests, and whether they came as a batch (an array or several JSON lines), which is answered in kind.
    static func readRequestBatch(_ file: String) throws -> (requests: [AssessmentRequest], batch: Bool) {
        let values: [JSONValue]
        var batch = false
        do {
            let parsed = try JSONValue.parseSequence(try readText(file))
            if parsed.count == 1, case .array(let elements) = parsed[0] {
                values = elements
                batch = true
            } else {
                values = parsed
                batch = parsed.count != 1
            }
        } catch let error as JSONSyntaxError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        var requests: [AssessmentRequest] = []
        for (index, value) in values.enumerated() {
            do {
                requests.append(try AssessmentRequest.decode(value))
            } catch {
                let prefix = values.count > 1 ? "request \(index): " : ""
                FileHandle.standardError.write(Data("error: \(prefix)\(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        return (requests, batch)
    }

    func run() throws {
        let packSet = try RulesCommand.load(rules, quiet: true)
        let atDay = try AssessCommand.day(at)
        let (requests, batch) = try AssessCommand.readRequestBatch(file)
        let outputs = requests.map { request in
            packSet.assess(request, on: atDay ?? request.date, explain: !noExplanation).jsonValue(includeExplanation: !noExplanation)
        }
        print(batch || outputs.count != 1 ? JSONValue.array(outputs).text : outputs[0].text)
    }
}
