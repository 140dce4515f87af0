/// A token of the rules language.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier
        case number
        case percent  // `19%` (text without the sign)
        case string  // text is the unescaped content
        case date
        case json  // a balanced `{…}` block after `given`/`fixture`, raw text
        case symbol  // punctuation and operators
        case endOfFile
        case invalid
    }

    var kind: Kind
    var text: String
    var range: SourceRange

    func `is`(_ symbol: String) -> Bool { kind == .symbol && text == symbol }
    func isWord(_ word: String) -> Bool { kind == .identifier && text == word }
}

/// Turns source text into tokens. Never fails: bad characters become `.invalid` tokens the parser reports.
struct Lexer {
    private let bytes: [UInt8]
    private let file: Int
    private var index = 0
    private let limit: Int
    private(set) var problems: [(String, SourceRange)] = []

    init(_ source: SourceFile, file: Int) {
        bytes = source.bytes
        self.file = file
        limit = source.bytes.count
    }

    /// Lexes `bytes[offset..<end]` (a CSV cell) with ranges relative to the whole file.
    init(bytes: [UInt8], file: Int, offset: Int, end: Int) {
        self.bytes = bytes
        self.file = file
        index = offset
        limit = min(end, bytes.count)
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == UInt8(ascii: "_")
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 48 && byte <= 57) }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        var previousWord = ""
        var wordBefore = ""
        while true {
            let token = next(jsonAllowed: previousWord == "given" || wordBefore == "fixture" || previousWord == "with"
                || wordBefore == "given")
            tokens.append(token)
            wordBefore = previousWord
            previousWord = token.kind == .identifier ? token.text : ""
            if token.kind == .endOfFile { return tokens }
            if tokens.count > 1_000_000 { return tokens + [Token(kind: .endOfFile, text: "", range: range(index, index))] }
        }
    }

    private func range(_ start: Int, _ end: Int) -> SourceRange { SourceRange(file: file, start: start, end: end) }

    private func peek(_ offset: Int = 0) -> UInt8? {
        let position = index + offset
        return position < limit ? bytes[position] : nil
    }

    private mutating func skipTrivia() {
        while let byte = peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while let b = peek(), b != 0x0A { index += 1; _ = b }
            } else {
                return
            }
        }
    }

    mutating func next(jsonAllowed: Bool = false) -> Token {
        skipTrivia()
        let start = index
        guard let byte = peek() else { return Token(kind: .endOfFile, text: "", range: range(index, index)) }
        if jsonAllowed && byte == UInt8(ascii: "{") { return json(start) }
        if Lexer.isIdentifierStart(byte) {
            index += 1
            while let b = peek() {
                if Lexer.isIdentifierByte(b) {
                    index += 1
                } else if b == UInt8(ascii: "-"), let after = peek(1), Lexer.isIdentifierByte(after) {
                    index += 1  // `half-up`, `cargo-only`, `reg-2026-382`: a dash inside a word is part of the name
                } else {
                    break
                }
            }
            return Token(kind: .identifier, text: text(start, index), range: range(start, index))
        }
        if Lexer.isDigit(byte) {
            // Date `YYYY-MM-DD`?
            if index + 10 <= limit, (0..<4).allSatisfy({ Lexer.isDigit(bytes[index + $0]) }),
                bytes[index + 4] == UInt8(ascii: "-"), Lexer.isDigit(bytes[index + 5]), Lexer.isDigit(bytes[index + 6]),
                bytes[index + 7] == UInt8(ascii: "-"), Lexer.isDigit(bytes[index + 8]), Lexer.isDigit(bytes[index + 9])
            {
                index += 10
                return Token(kind: .date, text: text(start, index), range: range(start, index))
            }
            while let b = peek(), Lexer.isDigit(b) || b == UInt8(ascii: "_") { index += 1 }
            if peek() == UInt8(ascii: "."), let after = peek(1), Lexer.isDigit(after) {
                index += 1
                while let b = peek(), Lexer.isDigit(b) { index += 1 }
            }
            let literal = String(text(start, index).filter { $0 != "_" })
            if peek() == UInt8(ascii: "%") {
                index += 1
                return Token(kind: .percent, text: literal, range: range(start, index))
            }
            return Token(kind: .number, text: literal, range: range(start, index))
        }
        if byte == UInt8(ascii: "\"") { return string(start) }
        let twoByte = ["==", "!=", "<=", ">=", "=>", "..", "??"]
        if let second = peek(1) {
            let pair = String(decoding: [byte, second], as: UTF8.self)
            if twoByte.contains(pair) {
                index += 2
                return Token(kind: .symbol, text: pair, range: range(start, index))
            }
        }
        if "(){}[],:.<>=+-*/|".utf8.contains(byte) {
            index += 1
            return Token(kind: .symbol, text: text(start, index), range: range(start, index))
        }
        // Skip one UTF-8 scalar.
        index += 1
        while let b = peek(), b & 0xC0 == 0x80 { index += 1 }
        return Token(kind: .invalid, text: text(start, index), range: range(start, index))
    }

    private func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

    private mutating func string(_ start: Int) -> Token {
        index += 1
        var content: [UInt8] = []
        while let byte = peek() {
            if byte == UInt8(ascii: "\"") {
                index += 1
                return Token(kind: .string, text: String(decoding: content, as: UTF8.self), range: range(start, index))
            }
            if byte == 0x0A { break }
            if byte == UInt8(ascii: "\\"), let escaped = peek(1) {
                switch escaped {
                case UInt8(ascii: "n"): content.append(0x0A)
                case UInt8(ascii: "t"): content.append(0x09)
                default: content.append(escaped)
                }
                index += 2
                continue
            }
            content.append(byte)
            index += 1
        }
        problems.append(("unterminated string", range(start, index)))
        return Token(kind: .invalid, text: "\"", range: range(start, index))
    }

    private mutating func json(_ start: Int) -> Token {
        var depth = 0
        var inString = false
        while let byte = peek() {
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return Token(kind: .json, text: text(start, index), range: range(start, index)) }
            }
        }
        index = min(index, limit)
        problems.append(("unterminated JSON block", range(start, start + 1)))
        return Token(kind: .invalid, text: "{", range: range(start, start + 1))
    }
}
