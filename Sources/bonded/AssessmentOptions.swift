import ArgumentParser
import ComplianceEngine
import Documents
import Foundation

/// `--assess [--rules DIR] [--at DATE]` for document commands: assess the shipment first and take the documents,
/// dangerous-goods marks, regime and tax from the assessment, so documents and compliance cannot disagree.
struct AssessmentOptions: ParsableArguments {
    @Flag(name: .customLong("assess"), help: "Assess the shipment with the rule packs and use their decisions.")
    var enabled = false
    @Option(name: .customLong("rules"), help: "Rules directory for --assess.") var rules = "Rules"
    @Option(name: .customLong("at"), help: "Assessment date YYYY-MM-DD for --assess (default: the request's date).")
    var at: String?

    /// The request with the assessment applied, or unchanged without `--assess`. A held shipment stops here.
    func apply(_ request: DocumentRequest) throws -> DocumentRequest {
        guard enabled else { return request }
        let packSet = try RulesCommand.load(rules, quiet: true)
        let assessmentRequest = try request.assessmentRequest()
        let assessment = packSet.assess(
            assessmentRequest, on: try AssessCommand.day(at) ?? assessmentRequest.date, explain: true)
        if assessment.decision == .hold {
            let reasons = assessment.holds.map { "\($0.code) (\($0.rule)): \($0.message)" }.joined(separator: "; ")
            FileHandle.standardError.write(Data("error: the assessment holds this shipment, no documents: \(reasons)\n".utf8))
            throw ExitCode(65)
        }
        return request.applying(assessment)
    }
}
