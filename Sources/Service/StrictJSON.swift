import Foundation
import HTTPTypes

/// Decodes request bodies strictly: bad UTF-8, malformed JSON, wrong types, missing and unknown fields are
/// problems naming the field path.
///
/// Unknown fields are found by encoding the decoded value again and comparing the keys at every path: a key that
/// the type did not read and write back is unknown. (A key whose value is `null` is taken as an absent optional.)
enum StrictJSON {
    static func decode<T: Codable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let data = try utf8Data(bytes)
        let input: Any
        do {
            input = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw Problem(.badRequest, code: "malformed-json", "the body is not valid JSON")
        }
        let value: T
        do {
            value = try JSONDecoder.api.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw problem(error)
        }
        let echoed = try JSONSerialization.jsonObject(
            with: try JSONEncoder.api.encode(value), options: [.fragmentsAllowed])
        if let unknown = unknownField(input, echoed, path: "") {
            throw Problem(.badRequest, code: "unknown-field", "unknown field '\(unknown)'", field: unknown)
        }
        return value
    }

    /// The body as data, or a problem when it is not UTF-8.
    static func utf8Data(_ bytes: [UInt8]) throws -> Data {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem(.badRequest, code: "invalid-utf8", "the body is not valid UTF-8")
        }
        return Data(bytes)
    }

    private static func unknownField(_ input: Any, _ echoed: Any, path: String) -> String? {
        if let object = input as? [String: Any] {
            let known = echoed as? [String: Any] ?? [:]
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let echoedValue = known[key] else {
                    if object[key] is NSNull { continue }
                    return child
                }
                if let found = unknownField(object[key]!, echoedValue, path: child) { return found }
            }
        } else if let array = input as? [Any], let echoedArray = echoed as? [Any] {
            for (index, element) in array.enumerated() where index < echoedArray.count {
                if let found = unknownField(element, echoedArray[index], path: "\(path)[\(index)]") { return found }
            }
        }
        return nil
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func problem(_ error: DecodingError) -> Problem {
        switch error {
        case .keyNotFound(let key, let context):
            return Problem.invalid(path(context.codingPath + [key]), "required field is missing")
        case .typeMismatch(let type, let context):
            return Problem.invalid(path(context.codingPath), "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return Problem.invalid(path(context.codingPath), "expected \(describe(type)), found null")
        case .dataCorrupted(let context):
            return Problem.invalid(path(context.codingPath), context.debugDescription)
        @unknown default:
            return Problem(.badRequest, code: "invalid-body", "the body does not match the schema")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Bool.Type: return "a boolean"
        case is Double.Type, is Decimal.Type: return "a number"
        default: return String(describing: type).lowercased().contains("array") ? "an array" : "an object"
        }
    }
}

extension JSONDecoder {
    /// The API's decoder: ISO 8601 dates.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

extension JSONEncoder {
    /// The API's encoder: sorted keys, ISO 8601 dates, no escaped slashes.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
