internal import Foundation
import WMSCore

/// A push batch's JSON, written and read by hand over bytes. Same shape as `ReplicaBatch`'s `Codable` form
/// (entries as `LedgerColumns`), so either side may use either coder; this one skips Foundation's generic
/// containers for the entry columns, the bulk of a batch (the centre's JSON decoding was a large part of a
/// catch-up's CPU). The small parts (documents, reservations, edge head) still go through the JSON coders.
/// Bad input is refused with a `WMSError(.invalidField)` naming the field path, such as `entries.quantity[17]`.
public enum ReplicaWire {
    /// The batch as UTF-8 JSON.
    public static func encode(_ batch: ReplicaBatch) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = JSONWriter()
        out.raw("{\"documents\":")
        out.bytes.append(contentsOf: try encoder.encode(batch.documents))
        out.raw(",\"edgeHead\":")
        out.bytes.append(contentsOf: try encoder.encode(batch.edgeHead))
        out.raw(",\"entries\":")
        out.columns(batch.entries)
        out.raw(",\"node\":")
        out.string(batch.node)
        if let reservations = batch.reservations {
            out.raw(",\"reservations\":")
            out.bytes.append(contentsOf: try encoder.encode(reservations))
        }
        out.raw(",\"warehouse\":")
        out.string(batch.warehouse)
        out.raw("}")
        return out.bytes
    }

    /// The batch back from its JSON; throws `WMSError(.invalidField)` naming the field path for bad input.
    public static func decode(_ bytes: [UInt8]) throws -> ReplicaBatch {
        var scanner = JSONScanner(bytes: bytes)
        var warehouse: String?
        var node: String?
        var columns: LedgerColumns?
        var reservations: [Reservation]??
        var documents: [ReplicatedDocument]?
        var edgeHead: ChainHead?
        try scanner.object("") { scanner, key in
            switch key {
            case "warehouse": warehouse = try scanner.string(key)
            case "node": node = try scanner.string(key)
            case "entries": columns = try scanner.columns()
            case "reservations": reservations = .some(try scanner.nullOr { try $0.decoded([Reservation].self, key) })
            case "documents": documents = try scanner.decoded([ReplicatedDocument].self, key)
            case "edgeHead": edgeHead = try scanner.decoded(ChainHead.self, key)
            default: try scanner.skipValue(key)
            }
        }
        try scanner.end()
        guard let warehouse else { throw JSONScanner.missing("warehouse") }
        guard let node else { throw JSONScanner.missing("node") }
        guard let columns else { throw JSONScanner.missing("entries") }
        guard let documents else { throw JSONScanner.missing("documents") }
        guard let edgeHead else { throw JSONScanner.missing("edgeHead") }
        let entries: [LedgerEntry]
        do {
            entries = try columns.entries(codingPath: [])
        } catch let DecodingError.dataCorrupted(context) {
            throw WMSError(.invalidField, field: "entries", value: "", context.debugDescription)
        }
        return ReplicaBatch(
            warehouse: warehouse, node: node, entries: entries, reservations: reservations ?? nil,
            documents: documents, edgeHead: edgeHead)
    }
}

/// JSON output as UTF-8 bytes.
struct JSONWriter {
    var bytes: [UInt8] = []

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Quoted the way Foundation writes strings (the format the wire had before), escapes and all.
    mutating func string(_ value: String) { JSONBytes.appendQuoted(value, to: &bytes) }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    /// One JSON array per field of the entries (`LedgerColumns`' keys).
    mutating func columns(_ entries: [LedgerEntry]) {
        func column(_ name: StaticString, first: Bool = false, _ write: (inout JSONWriter, LedgerEntry) -> Void) {
            raw(first ? "{\"" : ",\"")
            raw(name)
            raw("\":[")
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(&self, entry)
            }
            raw("]")
        }
        column("warehouse", first: true) { $0.string($1.warehouse) }
        column("sequence") { $0.integer($1.sequence) }
        column("leg") { $0.integer(Int64($1.leg)) }
        column("clientOperationID") { $0.string($1.clientOperationID) }
        column("sku") { $0.string($1.sku) }
        column("lot") { $0.string($1.lot) }
        column("kind") { $0.string($1.kind.rawValue) }
        column("fromLocation") { $0.optional($1.from?.location) }
        column("fromBucket") { $0.optional($1.from?.bucket.rawValue) }
        column("toLocation") { $0.optional($1.to?.location) }
        column("toBucket") { $0.optional($1.to?.bucket.rawValue) }
        column("quantity") { $0.integer($1.quantity) }
        column("reason") { $0.string($1.reason) }
        column("documentReference") { $0.string($1.documentReference) }
        column("actor") { $0.string($1.actor) }
        column("device") { $0.string($1.device) }
        column("recordedAtMilliseconds") { $0.integer($1.recordedAtMilliseconds) }
        column("reservationID") { $0.optional($1.reservationID) }
        column("previousHash") { $0.string($1.previousHash) }
        column("hash") { $0.string($1.hash) }
        raw("}")
    }
}

/// A strict JSON reader over UTF-8 bytes for the shapes `ReplicaWire` needs; every error names the field path.
struct JSONScanner {
    let bytes: [UInt8]
    var index = 0

    static func missing(_ path: String) -> WMSError {
        WMSError(.invalidField, field: path, value: "", "missing")
    }

    func fail(_ path: String, _ message: String) -> WMSError {
        let found = String(decoding: bytes[min(index, bytes.count)..<min(index + 16, bytes.count)], as: UTF8.self)
        return WMSError(
            .invalidField, field: path.isEmpty ? "$" : path, value: found,
            "\(message) at byte \(index)" + (found.isEmpty ? " (end of input)" : " (found '\(found)')"))
    }

    mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
            || bytes[index] == 0x09
        {
            index += 1
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func expect(_ byte: UInt8, _ path: @autoclosure () -> String) throws {
        guard take(byte) else { throw fail(path(), "expected '\(Character(Unicode.Scalar(byte)))'") }
    }

    /// Only white space may follow the top-level value.
    mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw fail("", "unexpected data after the batch") }
    }

    /// An object: `member` reads the value of each key (it must consume it).
    mutating func object(_ path: String, _ member: (inout JSONScanner, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), path)
        if take(UInt8(ascii: "}")) { return }
        repeat {
            let key = try string(path.isEmpty ? "$" : path + ".{key}")
            try expect(UInt8(ascii: ":"), path.isEmpty ? key : path + "." + key)
            try member(&self, key)
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), path)
    }

    /// An array of values read by `element` (given the element's index).
    mutating func array<T>(_ path: String, _ element: (inout JSONScanner, Int) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["), path)
        var values: [T] = []
        if take(UInt8(ascii: "]")) { return values }
        repeat {
            values.append(try element(&self, values.count))
        } while take(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), path)
        return values
    }

    /// `null` (consumed, nil) or the value `read` returns.
    mutating func nullOr<T>(_ read: (inout JSONScanner) throws -> T) throws -> T? {
        skipSpace()
        if bytes[index...].starts(with: "null".utf8) {
            index += 4
            return nil
        }
        return try read(&self)
    }

    mutating func string(_ path: @autoclosure () -> String) throws -> String {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail(path(), "expected a string") }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
            bytes[index] >= 0x20
        {
            index += 1
        }
        guard index < bytes.count else { throw fail(path(), "unterminated string") }
        var utf8: [UInt8] = []
        let escaped = bytes[index] != UInt8(ascii: "\"")
        if escaped {  // the slow way
            utf8 = Array(bytes[start..<index])
            while bytes[index] != UInt8(ascii: "\"") {
                let byte = bytes[index]
                guard byte >= 0x20 else { throw fail(path(), "control character in a string") }
                index += 1
                if byte != UInt8(ascii: "\\") {
                    utf8.append(byte)
                } else {
                    try escape(into: &utf8, path())
                }
                guard index < bytes.count else { throw fail(path(), "unterminated string") }
            }
        }
        let text =
            escaped ? String(validating: utf8, as: UTF8.self) : String(validating: bytes[start..<index], as: UTF8.self)
        index += 1
        guard let text else {
            index = start
            throw fail(path(), "invalid UTF-8 in a string")
        }
        return text
    }

    private mutating func escape(into utf8: inout [UInt8], _ path: String) throws {
        guard index < bytes.count else { throw fail(path, "unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(path)
            if (0xD800..<0xDC00).contains(scalar) {
                guard bytes[index...].starts(with: "\\u".utf8) else { throw fail(path, "unpaired surrogate") }
                index += 2
                let low = try hex4(path)
                guard (0xDC00..<0xE000).contains(low) else { throw fail(path, "unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw fail(path, "invalid \\u escape") }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            index -= 1
            throw fail(path, "invalid escape")
        }
    }

    private mutating func hex4(_ path: String) throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail(path, "short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(path, "invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A whole number (no fraction or exponent) that fits 64 bits.
    mutating func integer(_ path: @autoclosure () -> String) throws -> Int64 {
        skipSpace()
        let start = index
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: UInt64 = 0
        let digits = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow, !carry else {
                index = start
                throw fail(path(), "integer out of range")
            }
            magnitude = sum
            index += 1
        }
        guard index > digits else {
            index = start
            throw fail(path(), "expected an integer")
        }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
            index = start
            throw fail(path(), "expected a whole number")
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                index = start
                throw fail(path(), "integer out of range")
            }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else {
            index = start
            throw fail(path(), "integer out of range")
        }
        return Int64(magnitude)
    }

    /// Skips one value of any type (unknown keys), checking its syntax.
    mutating func skipValue(_ path: String) throws {
        skipSpace()
        guard index < bytes.count else { throw fail(path, "expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(path) { scanner, key in try scanner.skipValue(path + "." + key) }
        case UInt8(ascii: "["): _ = try array(path) { scanner, item in try scanner.skipValue("\(path)[\(item)]") }
        case UInt8(ascii: "\""): _ = try string(path)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for word in ["true", "false", "null"] where bytes[index...].starts(with: word.utf8) {
                index += word.utf8.count
                return
            }
            throw fail(path, "expected a value")
        default:
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")]
                    .contains(bytes[index])
            {
                index += 1
            }
            guard index > start, Double(String(decoding: bytes[start..<index], as: UTF8.self)) != nil else {
                index = start
                throw fail(path, "expected a value")
            }
        }
    }

    /// One value decoded with `JSONDecoder` (the batch's small parts).
    mutating func decoded<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
        skipSpace()
        let start = index
        try skipValue(path)
        do {
            return try JSONDecoder().decode(type, from: Data(bytes[start..<index]))
        } catch {
            throw WMSError(.invalidField, field: path, value: "", "not a \(T.self): \(error)")
        }
    }

    /// The entries' columns (`LedgerColumns`); every column must be there.
    mutating func columns() throws -> LedgerColumns {
        var columns = LedgerColumns([])
        var seen: Set<String> = []
        try object("entries") { scanner, name in
            let path = "entries." + name
            func strings() throws -> [String] { try scanner.array(path) { try $0.string("\(path)[\($1)]") } }
            func optionals() throws -> [String?] {
                try scanner.array(path) { item, position in try item.nullOr { try $0.string("\(path)[\(position)]") } }
            }
            func integers() throws -> [Int64] { try scanner.array(path) { try $0.integer("\(path)[\($1)]") } }
            func enumerated<E: RawRepresentable>(_ type: E.Type, _ values: [String?]) throws -> [E?]
            where E.RawValue == String {
                try values.enumerated().map { position, value in
                    guard let value else { return nil }
                    guard let known = E(rawValue: value) else {
                        throw WMSError(
                            .invalidField, field: "\(path)[\(position)]", value: value, "unknown \(name) '\(value)'")
                    }
                    return known
                }
            }
            seen.insert(name)
            switch name {
            case "warehouse": columns.warehouse = try strings()
            case "sequence": columns.sequence = try integers()
            case "leg":
                columns.leg = try scanner.array(path) { item, position in
                    let value = try item.integer("\(path)[\(position)]")
                    guard let leg = Int(exactly: value) else { throw item.fail("\(path)[\(position)]", "out of range") }
                    return leg
                }
            case "clientOperationID": columns.clientOperationID = try strings()
            case "sku": columns.sku = try strings()
            case "lot": columns.lot = try strings()
            case "kind":
                let values = try strings()
                columns.kind = try enumerated(MovementKind.self, values).compactMap { $0 }
            case "fromLocation": columns.fromLocation = try optionals()
            case "fromBucket": columns.fromBucket = try enumerated(Bucket.self, try optionals())
            case "toLocation": columns.toLocation = try optionals()
            case "toBucket": columns.toBucket = try enumerated(Bucket.self, try optionals())
            case "quantity": columns.quantity = try integers()
            case "reason": columns.reason = try strings()
            case "documentReference": columns.documentReference = try strings()
            case "actor": columns.actor = try strings()
            case "device": columns.device = try strings()
            case "recordedAtMilliseconds": columns.recordedAtMilliseconds = try integers()
            case "reservationID": columns.reservationID = try optionals()
            case "previousHash": columns.previousHash = try strings()
            case "hash": columns.hash = try strings()
            default:
                seen.remove(name)
                try scanner.skipValue(path)
            }
        }
        for name in LedgerColumns.names where !seen.contains(name) { throw Self.missing("entries." + name) }
        return columns
    }
}
