internal import Foundation

/// Writes the JSON text of the hot flow documents (orders, pick sessions, shipment documents) by hand, byte for
/// byte as `FlowCoding`'s Foundation encoder does (sorted keys, `/` escaped, absent optionals left out, dates as
/// seconds since 2001, decimals as their description): Foundation's `JSONEncoder` cost ~11% of the server's CPU
/// in the order-to-ship flow. The callers write members in sorted key order themselves; the tests compare every
/// writer with the Foundation encoder and decode its text back.
struct StoredJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the container just opened has no member yet (a single flag suffices: after a nested container
    /// closes, its parent always has a member).
    private var first = true

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func openArray() {
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// Before each array element.
    mutating func element() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    /// A member's key (plain ASCII names without characters to escape).
    mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ value: String) { JSONBytes.appendQuoted(value, to: &bytes) }

    mutating func integer<T: BinaryInteger>(_ value: T) { bytes.append(contentsOf: value.description.utf8) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: (value ? "true" : "false").utf8) }

    /// A date as Foundation's default strategy writes it: seconds since 2001-01-01, `.0` dropped.
    mutating func date(_ value: Date) {
        var text = value.timeIntervalSinceReferenceDate.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func decimal(_ value: Decimal) { bytes.append(contentsOf: value.description.utf8) }

    mutating func strings(_ values: [String]) {
        openArray()
        for value in values {
            element()
            string(value)
        }
        closeArray()
    }

    // Optional members are left out when nil, as the synthesized `Encodable` does.

    mutating func string(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func integer<T: BinaryInteger>(_ name: StaticString, _ value: T?) {
        guard let value else { return }
        key(name)
        integer(value)
    }
}

/// JSON string quoting over UTF-8 bytes the way Foundation's `JSONEncoder` writes it (`"`, `\\`, `/` escaped; `\b \f
/// \n \r \t`; other control characters as `\u00XX`), so hand-written JSON stays byte-equal to what Foundation stored.
public enum JSONBytes {
    /// Appends `value` quoted and escaped to `bytes`; runs without an escape are copied whole.
    public static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { source in
            var start = 0
            for index in source.indices {
                let byte = source[index]
                guard
                    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                        || byte == UInt8(ascii: "/")
                else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(contentsOf: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
