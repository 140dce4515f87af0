import ComplianceEngine
import Testing

/// JSON string quoting: every string survives writing and reading back, escapes included, and the text holds no
/// raw control character (the writer appends unescaped runs whole, so the run boundaries are what is checked).
@Suite("JSON quoting")
struct JSONQuoteTests {
    static let alphabet: [String] = [
        "a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", "é", "日", "😀", "/", "{", "}",
    ]

    @Test("seeded strings round-trip through the writer and the reader")
    func roundTrip() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<5_000 {
            let length = next() % 12
            let text = (0..<length).map { _ in Self.alphabet[next() % Self.alphabet.count] }.joined()
            let written = JSONValue.string(text).text
            #expect(try JSONValue.parse(written) == .string(text), "\(written)")
            #expect(!written.unicodeScalars.contains { $0.value < 0x20 }, "\(written)")
        }
        #expect(JSONValue.string("a\"b\\c\nd\u{01}é").text == #""a\"b\\c\nd\u0001é""#)
    }
}
