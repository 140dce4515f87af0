internal import Foundation

/// Reads the first worksheet of an XLSX workbook into rows of cell text (shared and inline strings, numbers as
/// written). Only what an ASN needs: no styles, formulas are read as their cached values.
public enum XLSXSheetReader {
    /// Why a workbook cannot be read.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The rows of the first worksheet; row `i` of the result is spreadsheet row `i + 1`, missing cells are "".
    public static func rows(_ bytes: [UInt8]) throws(Failure) -> [[String]] {
        let entries: [String: [UInt8]]
        do {
            entries = try unzip(bytes, wanted: ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "not a readable XLSX file: \(error)")
        }
        guard let sheet = entries["xl/worksheets/sheet1.xml"] else {
            throw Failure(description: "the workbook has no first worksheet (xl/worksheets/sheet1.xml)")
        }
        var shared: [String] = []
        if let strings = entries["xl/sharedStrings.xml"] {
            let text = String(decoding: strings, as: UTF8.self)
            for item in elements(text, "si") { shared.append(texts(item)) }
        }
        var rows: [[String]] = []
        let text = String(decoding: sheet, as: UTF8.self)
        for row in elements(text, "row", withAttributes: true) {
            guard let number = attribute(row.attributes, "r").flatMap(Int.init), number >= 1, number <= 1_048_576 else {
                continue
            }
            var cells: [String] = []
            for cell in elements(row.body, "c", withAttributes: true) {
                let reference = attribute(cell.attributes, "r") ?? ""
                var column = 0
                for scalar in reference.unicodeScalars where scalar.properties.isUppercase {
                    column = column * 26 + Int(scalar.value) - 64
                }
                guard column >= 1, column <= 16_384 else { continue }
                let type = attribute(cell.attributes, "t") ?? "n"
                var value: String
                switch type {
                case "s":
                    let index = Int(elements(cell.body, "v").first ?? "") ?? -1
                    value = index >= 0 && index < shared.count ? shared[index] : ""
                case "inlineStr": value = texts(cell.body)
                default: value = unescape(elements(cell.body, "v").first ?? "")
                }
                while cells.count < column { cells.append("") }
                cells[column - 1] = value
            }
            while rows.count < number - 1 { rows.append([]) }
            rows.append(cells)
        }
        return rows
    }

    /// The contents of `wanted` entries of a ZIP archive (stored or deflated).
    static func unzip(_ bytes: [UInt8], wanted: Set<String>) throws -> [String: [UInt8]] {
        func u16(_ at: Int) throws -> Int {
            guard at >= 0, at + 2 <= bytes.count else { throw Failure(description: "truncated ZIP structure") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> Int {
            let low = try u16(at)
            let high = try u16(at + 2)
            return low | high << 16
        }
        var end = bytes.count - 22
        while end >= 0, end >= bytes.count - 22 - 65_535 {
            if try u32(end) == 0x0605_4b50 { break }
            end -= 1
        }
        guard end >= 0, try u32(end) == 0x0605_4b50 else { throw Failure(description: "not a ZIP archive (XLSX)") }
        let total = try u16(end + 10)
        var offset = try u32(end + 16)
        var result: [String: [UInt8]] = [:]
        for _ in 0..<total {
            guard try u32(offset) == 0x0201_4b50 else { throw Failure(description: "broken ZIP central directory") }
            let method = try u16(offset + 10)
            let compressed = try u32(offset + 20)
            let nameLength = try u16(offset + 28)
            let extraLength = try u16(offset + 30)
            let commentLength = try u16(offset + 32)
            let local = try u32(offset + 42)
            guard offset + 46 + nameLength <= bytes.count else {
                throw Failure(description: "truncated ZIP entry name")
            }
            let name = String(decoding: bytes[(offset + 46)..<(offset + 46 + nameLength)], as: UTF8.self)
            offset += 46 + nameLength + extraLength + commentLength
            guard wanted.contains(name) else { continue }
            guard try u32(local) == 0x0403_4b50 else { throw Failure(description: "broken ZIP entry \(name)") }
            let start = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard start + compressed <= bytes.count else { throw Failure(description: "truncated ZIP entry \(name)") }
            let data = Array(bytes[start..<(start + compressed)])
            switch method {
            case 0: result[name] = data
            case 8: result[name] = try Inflate.decompress(data)
            default: throw Failure(description: "ZIP entry \(name) uses compression method \(method)")
            }
        }
        return result
    }

    /// Bodies of `<tag …>body</tag>` elements (self-closing ones have an empty body).
    static func elements(_ text: String, _ tag: String) -> [String] {
        elements(text, tag, withAttributes: true).map(\.body)
    }

    static func elements(_ text: String, _ tag: String, withAttributes: Bool) -> [(attributes: String, body: String)] {
        var result: [(String, String)] = []
        var rest = text[...]
        let open = "<\(tag)"
        let close = "</\(tag)>"
        while let start = rest.range(of: open) {
            let after = rest[start.upperBound...]
            guard let next = after.first, next == ">" || next == " " || next == "/" else {
                rest = after
                continue
            }
            guard let tagEnd = after.firstIndex(of: ">") else { break }
            let attributes = String(after[..<tagEnd])
            if attributes.hasSuffix("/") {
                result.append((String(attributes.dropLast()), ""))
                rest = after[after.index(after: tagEnd)...]
                continue
            }
            let bodyStart = after.index(after: tagEnd)
            guard let end = after[bodyStart...].range(of: close) else { break }
            result.append((attributes, String(after[bodyStart..<end.lowerBound])))
            rest = after[end.upperBound...]
        }
        return result
    }

    static func attribute(_ attributes: String, _ name: String) -> String? {
        guard let range = attributes.range(of: " \(name)=\"") else { return nil }
        let value = attributes[range.upperBound...]
        guard let end = value.firstIndex(of: "\"") else { return nil }
        return unescape(String(value[..<end]))
    }

    /// The concatenated `<t>` texts of a string item (rich text has several runs).
    static func texts(_ body: String) -> String {
        elements(body, "t").map(unescape).joined()
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let hex = entity.hasPrefix("#x")
                let digits = entity.dropFirst(hex ? 2 : 1)
                if entity.hasPrefix("#"), let value = UInt32(digits, radix: hex ? 16 : 10),
                    let scalar = Unicode.Scalar(value)
                {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
