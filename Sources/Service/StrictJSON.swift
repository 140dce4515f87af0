import Foundation
import HTTPTypes

/// Decodes request bodies strictly: bad UTF-8, malformed JSON, wrong types, missing and unknown fields are
/// problems naming the field path.
///
/// Unknown fields are found by encoding the decoded value again and comparing the keys at every path: a key that
/// the type did not read and write back is unknown. A key whose value is `null` is not written back either way, so
/// it is probed: the null is replaced by `{}` and the body decoded again; a key of the type then fails to decode or
/// is written back, an unknown key is ignored again.
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
        if let unknown = unknownField(input, echoed, path: "") ?? unknownNull(type, input, echoed) {
            throw Problem(.badRequest, code: "unknown-field", "unknown field '\(unknown)'", field: unknown)
        }
        return value
    }

    /// A step of a path into a JSON value.
    private enum Step: Hashable {
        case key(String)
        case index(Int)
    }

    /// The first `null`-valued key that the type does not know, found by probing (see the type's comment).
    private static func unknownNull<T: Codable>(_ type: T.Type, _ input: Any, _ echoed: Any) -> String? {
        var candidates: [[Step]] = []
        collectNulls(input, echoed, path: [], into: &candidates)
        var known: Set<[Step]> = []
        // Each round either settles every remaining candidate or learns that one of them is known.
        while true {
            let open = candidates.filter { !known.contains($0) }
            guard !open.isEmpty else { return nil }
            var probe = input
            for path in open { probe = replacing(probe, at: path[...], with: [String: Any]()) }
            guard let data = try? JSONSerialization.data(withJSONObject: probe, options: [.fragmentsAllowed]) else {
                return nil
            }
            do {
                let value = try JSONDecoder.api.decode(T.self, from: data)
                let echo = try JSONSerialization.jsonObject(
                    with: try JSONEncoder.api.encode(value), options: [.fragmentsAllowed])
                return open.first { !has(echo, at: $0[...]) }.map(render)
            } catch let error as DecodingError {
                let failed = steps(codingPath(error))
                guard let hit = open.first(where: { failed.starts(with: $0) }) else { return nil }
                known.insert(hit)
            } catch {
                // The type refused the probe itself (a custom initialiser): a key it reads.
                return nil
            }
        }
    }

    private static func collectNulls(_ input: Any, _ echoed: Any?, path: [Step], into result: inout [[Step]]) {
        if let object = input as? [String: Any] {
            let known = echoed as? [String: Any]
            for key in object.keys.sorted() {
                if object[key] is NSNull, known?[key] == nil {
                    result.append(path + [.key(key)])
                } else {
                    collectNulls(object[key]!, known?[key], path: path + [.key(key)], into: &result)
                }
            }
        } else if let array = input as? [Any] {
            let echoedArray = echoed as? [Any]
            for (index, element) in array.enumerated() {
                let echo = echoedArray.flatMap { index < $0.count ? $0[index] : nil }
                collectNulls(element, echo, path: path + [.index(index)], into: &result)
            }
        }
    }

    private static func replacing(_ value: Any, at path: ArraySlice<Step>, with replacement: Any) -> Any {
        guard let first = path.first else { return replacement }
        switch first {
        case .key(let key):
            guard var object = value as? [String: Any], let child = object[key] else { return value }
            object[key] = replacing(child, at: path.dropFirst(), with: replacement)
            return object
        case .index(let index):
            guard var array = value as? [Any], index < array.count else { return value }
            array[index] = replacing(array[index], at: path.dropFirst(), with: replacement)
            return array
        }
    }

    private static func has(_ value: Any, at path: ArraySlice<Step>) -> Bool {
        guard let first = path.first else { return true }
        switch first {
        case .key(let key):
            guard let child = (value as? [String: Any])?[key] else { return false }
            return has(child, at: path.dropFirst())
        case .index(let index):
            guard let array = value as? [Any], index < array.count else { return false }
            return has(array[index], at: path.dropFirst())
        }
    }

    private static func codingPath(_ error: DecodingError) -> [any CodingKey] {
        switch error {
        case .keyNotFound(let key, let context): return context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath
        @unknown default: return []
        }
    }

    private static func steps(_ keys: [any CodingKey]) -> [Step] {
        keys.map { key in key.intValue.map(Step.index) ?? .key(key.stringValue) }
    }

    private static func render(_ steps: [Step]) -> String {
        steps.reduce(into: "") { text, step in
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
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
