public import Foundation

extension DocumentRequest {
    /// Decodes one request from JSON, rejecting unknown fields.
    /// - Throws: `DocumentError.invalidRequest` naming the JSON path.
    public static func decode(json data: Data) throws(DocumentError) -> DocumentRequest {
        do {
            return try JSONDecoder().decode(DocumentRequest.self, from: data)
        } catch let error as DecodingError {
            throw DocumentError(.invalidRequest, "request JSON is invalid", issues: [Self.issue(for: error)])
        } catch {
            throw DocumentError(
                .invalidRequest, "request JSON is invalid",
                issues: [DocumentIssue(path: "$", message: "\(error)")])
        }
    }

    private static func issue(for error: DecodingError) -> DocumentIssue {
        func path(_ keys: [any CodingKey]) -> String {
            var text = "$"
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += "." + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return DocumentIssue(path: path(context.codingPath + [key]), message: "required field is missing")
        case .typeMismatch(let type, let context):
            return DocumentIssue(path: path(context.codingPath), message: "expected \(type)")
        case .valueNotFound(let type, let context):
            return DocumentIssue(path: path(context.codingPath), message: "expected \(type), found null")
        case .dataCorrupted(let context):
            return DocumentIssue(path: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return DocumentIssue(path: "$", message: "\(error)")
        }
    }
}

private struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Throws `DecodingError.dataCorrupted` at the unknown key's path when the object has a key `Keys` lacks.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: codingPath + [AnyCodingKey(stringValue: unknown)], debugDescription: "unknown field"))
        }
    }
}
