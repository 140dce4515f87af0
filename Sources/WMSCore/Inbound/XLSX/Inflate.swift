/// Raw DEFLATE decompression (RFC 1951), enough to read the parts of an XLSX (ZIP) file. Pure Swift: WMSCore
/// does no I/O and links no C library.
enum Inflate {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        init(lengths: [Int]) throws {
            symbols = [Int](repeating: 0, count: lengths.count)
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    private struct Reader {
        let input: [UInt8]
        var position = 0
        var buffer: UInt32 = 0
        var count = 0
        var output: [UInt8] = []

        mutating func bits(_ needed: Int) throws -> Int {
            while count < needed {
                guard position < input.count else { throw Failure(description: "deflate data ends early") }
                buffer |= UInt32(input[position]) << UInt32(count)
                position += 1
                count += 8
            }
            let value = Int(buffer & ((1 << UInt32(needed)) - 1))
            buffer >>= UInt32(needed)
            count -= needed
            return value
        }

        mutating func decode(_ table: Huffman) throws -> Int {
            var code = 0
            var first = 0
            var index = 0
            for length in 1...15 {
                code |= try bits(1)
                let count = table.counts[length]
                if code - count < first { return table.symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw Failure(description: "bad Huffman code")
        }
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    private static let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Decompresses raw DEFLATE data; `limit` bounds the output (a zip bomb is an error, not an outage).
    static func decompress(_ data: [UInt8], limit: Int = 256 << 20) throws -> [UInt8] {
        var reader = Reader(input: data)
        var last = 0
        repeat {
            last = try reader.bits(1)
            switch try reader.bits(2) {
            case 0:
                reader.buffer = 0
                reader.count = 0
                guard reader.position + 4 <= data.count else { throw Failure(description: "stored block ends early") }
                let length = Int(data[reader.position]) | Int(data[reader.position + 1]) << 8
                reader.position += 4
                guard reader.position + length <= data.count else {
                    throw Failure(description: "stored block ends early")
                }
                reader.output.append(contentsOf: data[reader.position..<(reader.position + length)])
                reader.position += length
            case 1:
                var lengths = [Int](repeating: 8, count: 288)
                for i in 144..<256 { lengths[i] = 9 }
                for i in 256..<280 { lengths[i] = 7 }
                try codes(
                    &reader, try Huffman(lengths: lengths), try Huffman(lengths: [Int](repeating: 5, count: 30)), limit)
            case 2:
                let literalCount = try reader.bits(5) + 257
                let distanceCount = try reader.bits(5) + 1
                let codeCount = try reader.bits(4) + 4
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<codeCount { codeLengths[order[i]] = try reader.bits(3) }
                let lengthCode = try Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < literalCount + distanceCount {
                    let symbol = try reader.decode(lengthCode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw Failure(description: "repeat with no length") }
                        lengths += [Int](repeating: previous, count: 3 + (try reader.bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try reader.bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try reader.bits(7)))
                    }
                }
                guard lengths.count == literalCount + distanceCount else {
                    throw Failure(description: "too many lengths")
                }
                try codes(
                    &reader, try Huffman(lengths: Array(lengths[0..<literalCount])),
                    try Huffman(lengths: Array(lengths[literalCount...])), limit)
            default:
                throw Failure(description: "invalid block type")
            }
        } while last == 0
        return reader.output
    }

    private static func codes(_ reader: inout Reader, _ literals: Huffman, _ distances: Huffman, _ limit: Int) throws {
        while true {
            let symbol = try reader.decode(literals)
            if symbol < 256 {
                reader.output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let index = symbol - 257
                guard index < lengthBase.count else { throw Failure(description: "bad length symbol") }
                let length = lengthBase[index] + (try reader.bits(lengthExtra[index]))
                let distanceSymbol = try reader.decode(distances)
                guard distanceSymbol < distanceBase.count else { throw Failure(description: "bad distance symbol") }
                let distance = distanceBase[distanceSymbol] + (try reader.bits(distanceExtra[distanceSymbol]))
                guard distance <= reader.output.count else { throw Failure(description: "distance too far back") }
                let start = reader.output.count - distance
                for i in 0..<length { reader.output.append(reader.output[start + i]) }
            }
            if reader.output.count > limit { throw Failure(description: "more than \(limit) bytes uncompressed") }
        }
    }
}
