import Documents
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// Every XML document and every SVG/ZPL output, produced in one task.
    static func produceAll(_ engine: DocumentEngine) throws -> [String] {
        var outputs: [String] = []
        for (fixture, kind) in BuilderTests.cases {
            let request = try Support.request(fixture)
            outputs.append(try engine.xml(kind, for: request))
            if kind.svgTemplateName != nil {
                for language in DocumentLanguage.allCases {
                    let svg = try engine.output(kind, for: request, format: .svg, language: language)
                    outputs.append(String(decoding: svg, as: UTF8.self))
                }
            }
        }
        return outputs
    }

    @Test func eightConcurrentTasksMatchSerialOutput() async throws {
        let engine = Support.engine
        let serial = try Self.produceAll(engine)
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { try Self.produceAll(engine) }
            }
            var all: [[String]] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 8)
        for result in results { #expect(result == serial) }
    }

    @Test func concurrentRenderingMatchesSerial() async throws {
        let engine = Support.engine
        let request = try Support.request("label-lithium")
        let serial = try engine.output(.label, for: request, format: .png, language: .ja)
        let results = try await withThrowingTaskGroup(of: Data.self) { group in
            for _ in 0..<8 { group.addTask { try engine.output(.label, for: request, format: .png, language: .ja) } }
            var all: [Data] = []
            for try await result in group { all.append(result) }
            return all
        }
        for result in results { #expect(result == serial) }
    }

    @Test func concurrentFailuresKeepTheirOwnErrors() async throws {
        let engine = Support.engine
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    var request = try Support.request("eu-ioss")
                    request.lines[index % 2].hs = "12"
                    do { _ = try engine.document(.h7, for: request); return "none" } catch {
                        return ((error as? DocumentError)?.issues ?? []).map(\.path).joined(separator: ",")
                    }
                }
            }
            var all: [String] = []
            for try await path in group { all.append(path) }
            return all.sorted()
        }
        #expect(paths == Array(repeating: "lines[0].hs", count: 4) + Array(repeating: "lines[1].hs", count: 4))
    }
}

extension DocumentKind {
    var svgTemplateName: String? { [.cn22, .cn23, .invoice, .label].contains(self) ? rawValue : nil }
}
