import ComplianceEngine
import Foundation
import Testing

/// Helpers shared by the engine tests.
enum Fixtures {
    /// The shipped `Rules/` directory of this repository.
    static var rulesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules").path
    }

    static let header = """
        pack t
        version "1"
        source s "a source"

        """

    /// Compiles one rule file (plus optional extra files) in pack directory `t`.
    static func compile(_ text: String, extra: [String: String] = [:]) -> PackSet.LoadResult {
        var files = [SourceFile(path: "Rules/t/main.rules", text: text)]
        for (name, body) in extra { files.append(SourceFile(path: "Rules/\(name)", text: body)) }
        return PackSet.compile(files)
    }

    static func request(_ json: String) throws -> AssessmentRequest {
        try AssessmentRequest.decode(json: json)
    }

    static let simpleRequest = """
        {"id":"r1","date":"2026-11-28","sale":"B2C","from":"CN","to":"DE","transport":"air","currency":"EUR",
         "lines":[{"sku":"A","hs":"620520","origin":"CN","quantity":1,"unit_price":"120.00"}]}
        """
}

/// A deterministic random generator (SplitMix64) so randomized tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
