import ComplianceEngine
import Documents
import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func documentRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/documents/{kind}", .compute, roles: Roles.all, query: ["format", "lang", "assess"],
                summary: "Build, validate and render a customs document or label"
            ) { [self] call in
                let kind = try Self.documentKind(call.parameter("kind"))
                let format = try Self.choice(call.query["format"] ?? "xml", field: "format") {
                    OutputFormat(rawValue: $0)
                }
                let language = try call.query["lang"].map { text in
                    try Self.choice(text, field: "lang") { DocumentLanguage(rawValue: $0) }
                }
                var request = try DocumentRequest.decode(json: try StrictJSON.utf8Data(call.body))
                if call.query["assess"] == "true" { request = try assessed(request) }
                let data = try documents.output(kind, for: request, format: format, language: language)
                return APIResponse(status: .ok, contentType: Self.contentType(format), body: Array(data))
            }
        ]
    }

    /// Assesses the shipment and takes the engine's decisions; a held shipment gets no documents (422).
    func assessed(_ request: DocumentRequest) throws -> DocumentRequest {
        let packSet = try activePacks()
        let assessment = packSet.assess(try request.assessmentRequest(), on: Day.utc(Date()), explain: false)
        guard assessment.decision != .hold else {
            throw Problem(
                .unprocessableContent, code: "compliance-hold",
                "the assessment holds this shipment: "
                    + assessment.holds.map { "\($0.code) (\($0.rule))" }.joined(separator: ", "))
        }
        return request.applying(assessment)
    }

    static func documentKind(_ text: String) throws -> DocumentKind {
        guard let kind = DocumentKind(rawValue: text) else {
            throw Problem.notFound(
                "document kind (use \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")))", field: "kind",
                value: text)
        }
        return kind
    }

    static func choice<T: CaseIterable & RawRepresentable>(
        _ text: String, field: String, _ make: (String) -> T?
    ) throws -> T where T.RawValue == String {
        guard let value = make(text) else {
            throw Problem.invalid(
                field, "one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", value: text)
        }
        return value
    }

    static func contentType(_ format: OutputFormat) -> String {
        switch format {
        case .xml: "application/xml"
        case .svg: "image/svg+xml"
        case .html: "text/html; charset=utf-8"
        case .zpl: "application/zpl"
        case .pdf: "application/pdf"
        case .png: "image/png"
        }
    }
}
