import ComplianceEngine
import Foundation

/// JSON text of the document request built in `DocumentShipmentProducer.request(for:tracking:)`: strings,
/// booleans, integers, arrays and objects. Written by hand because Foundation's `JSONSerialization` on Linux
/// (bridging every value, sorting keys as `AnyHashable`) took 8% of the server's CPU in the order-to-ship bench.
enum RequestJSON {
    static func text(_ value: Any) throws -> String {
        var out = ""
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) throws {
        switch value {
        case let text as String: JSONString.quote(text, into: &out)
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int: out += String(number)
        case let number as Int64: out += String(number)
        case let list as [Any]:
            out += "["
            for (index, element) in list.enumerated() {
                if index > 0 { out += "," }
                try write(element, into: &out)
            }
            out += "]"
        case let object as [String: Any]:
            out += "{"
            for (index, (key, element)) in object.enumerated() {
                if index > 0 { out += "," }
                JSONString.quote(key, into: &out)
                out += ":"
                try write(element, into: &out)
            }
            out += "}"
        default:
            throw ShipmentDocumentError(message: "cannot write \(type(of: value)) into the document request")
        }
    }
}
