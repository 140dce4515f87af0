import Documents
import Foundation
import Testing

/// `bonded declare` / `bonded label` end to end, when the debug binary has been built next to the tests.
@Suite struct CLITests {
    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().path + "/bonded",
            Support.packageRoot + "/.build/debug/bonded",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let fixtures = Support.directory.appendingPathComponent("Fixtures").path

    @Test func declareWritesValidatedXML() throws {
        guard let bonded = Self.binary else { return }
        let (status, out, err) = try Support.run(
            bonded, ["declare", "--format", "h7", Self.fixtures + "/eu-ioss.json"])
        #expect(status == 0, "\(err)")
        try Support.engine.validate(xml: out, as: .h7)
    }

    @Test func missingDataExits65WithFieldErrors() throws {
        guard let bonded = Self.binary else { return }
        var json = try String(contentsOfFile: Self.fixtures + "/eu-ioss.json", encoding: .utf8)
        json = json.replacingOccurrences(of: "\"hs\": \"620610\", ", with: "")
        let (status, out, err) = try Support.run(bonded, ["declare", "--format", "h7", "-"], stdin: Data(json.utf8))
        #expect(status == 65)
        #expect(out.isEmpty)
        #expect(err.contains("lines[1].hs: required for H7"))
    }

    @Test func labelAsZPL() throws {
        guard let bonded = Self.binary else { return }
        let (status, out, _) = try Support.run(
            bonded, ["label", "--format", "zpl", "--lang", "ja", Self.fixtures + "/label-lithium.json"])
        #expect(status == 0)
        #expect(out.hasPrefix("^XA"))
        #expect(out.contains("^FD>;>800376104250021234569^FS"))
    }

    @Test func unknownFormatExits64() throws {
        guard let bonded = Self.binary else { return }
        let (status, _, _) = try Support.run(bonded, ["declare", "--format", "h8", Self.fixtures + "/eu-ioss.json"])
        #expect(status == 64)
    }
}
