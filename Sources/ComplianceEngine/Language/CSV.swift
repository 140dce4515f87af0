/// A CSV field with its byte range in the file.
struct CSVField: Sendable {
    var text: String
    var start: Int
    var end: Int
    var quoted: Bool
}

/// RFC 4180 CSV with `#` comment lines; fields keep their byte offsets for diagnostics.
enum CSV {
    static func parse(_ bytes: [UInt8]) -> [[CSVField]] {
        var records: [[CSVField]] = []
        var index = 0
        while index < bytes.count {
            // Skip blank and comment lines.
            if bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "#") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            var record: [CSVField] = []
            while true {
                var start = index
                var text: [UInt8] = []
                var quoted = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                    quoted = true
                    index += 1
                    while index < bytes.count {
                        if bytes[index] == UInt8(ascii: "\"") {
                            if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                                text.append(UInt8(ascii: "\""))
                                index += 2
                                continue
                            }
                            break
                        }
                        text.append(bytes[index])
                        index += 1
                    }
                    let end = index
                    if index < bytes.count { index += 1 }
                    while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "\n") { index += 1 }
                    record.append(CSVField(text: String(decoding: text, as: UTF8.self), start: start, end: end, quoted: true))
                } else {
                    while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "\n") { index += 1 }
                    var end = index
                    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    // Trim spaces.
                    while start < end, bytes[start] == 0x20 { start += 1 }
                    while end > start, bytes[end - 1] == 0x20 { end -= 1 }
                    record.append(CSVField(text: String(decoding: bytes[start..<end], as: UTF8.self), start: start, end: end, quoted: quoted))
                }
                if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                break
            }
            if index < bytes.count { index += 1 }
            records.append(record)
        }
        return records
    }
}
