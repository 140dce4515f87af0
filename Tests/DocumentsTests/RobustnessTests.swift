import Documents
import Foundation
import Testing

/// Bad input never crashes: randomly mutated request JSON goes through decoding and every builder; each attempt
/// must end in a document that validates or in a `DocumentError`, never a trap.
@Suite struct RobustnessTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces: [String] = [
        "\"", "{", "}", "[", "]", ",", ":", "null", "-1", "1e309", "\"\\u0000\"", "\"\\u001b\"",
        "\"99999999999999.9999\"", "\"0.00001\"", "\"\"", "true", "\"IM123\"", "\"ZZ\"", "\"\\uFFFE\"", "\"张伟\"", "0",
    ]

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes.remove(at: position)
            case 1: bytes.insert(contentsOf: Array(pieces.randomElement(using: &rng)!.utf8), at: position)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...12, using: &rng))
                bytes.replaceSubrange(position..<end, with: Array(pieces.randomElement(using: &rng)!.utf8))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: ["eu-ioss", "us-entry", "cn-cbec", "label-lithium"])
    func mutatedRequestsNeverCrash(fixture: String) throws {
        let original = try String(
            contentsOf: Support.directory.appendingPathComponent("Fixtures/\(fixture).json"),
            encoding: .utf8)
        var rng = SplitMix64(state: UInt64(fixture.utf8.count) &* 7919)
        var decoded = 0, built = 0
        for _ in 0..<400 {
            let text = Self.mutate(original, &rng)
            guard let request = try? DocumentRequest.decode(json: Data(text.utf8)) else { continue }
            decoded += 1
            for kind in DocumentKind.allCases {
                do {
                    let xml = try Support.engine.xml(kind, for: request)
                    try Support.engine.validate(xml: xml, as: kind)
                    built += 1
                } catch {
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(decoded > 0)
        #expect(built > 0)
    }
}
