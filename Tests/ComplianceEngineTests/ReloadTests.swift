import ComplianceEngine
import Foundation
import Testing

/// Hot reload: an immutable pack set swapped atomically; a broken reload keeps the old set and reports everything.
struct ReloadTests {
    static func files(regime: String, extraRule: String = "") -> [SourceFile] {
        [
            SourceFile(path: "Rules/t/main.rules", text: Fixtures.header + """
                rule r
                  then regime "\(regime)"
                  source s
                end
                \(extraRule)
                """),
            SourceFile(path: "Rules/u/u.rules", text: "pack u\nversion \"1\"\nsource s \"x\"\n"),
        ]
    }

    @Test func brokenReloadKeepsTheOldPackSetAndReturnsAllDiagnostics() throws {
        let store = PackSetStore()
        let first = store.reload(Self.files(regime: "A"))
        #expect(first.errors.isEmpty)
        let before = try #require(store.current)
        let request = try Fixtures.request(Fixtures.simpleRequest)
        let day = try #require(Day(parsing: "2026-11-28"))
        #expect(before.assess(request, on: day).regime == "A")

        var broken = Self.files(regime: "B", extraRule: "rule x\n  when shipment.curency == 1\n  then regim \"C\"\n  source s\nend\n")
        broken[1] = SourceFile(path: "Rules/u/u.rules", text: "pack u\nversion \"1\"\nlet y = nope\n")
        let second = store.reload(broken)
        #expect(second.packSet == nil)
        #expect(second.errors.count == 3, "\(second.diagnostics.map(\.headline))")
        #expect(Set(second.errors.map(\.path)) == ["Rules/t/main.rules", "Rules/u/u.rules"])
        let after = try #require(store.current)
        #expect(after.contentHash == before.contentHash)
        #expect(after.assess(request, on: day).regime == "A")

        let third = store.reload(Self.files(regime: "C"))
        #expect(third.errors.isEmpty)
        #expect(store.current?.assess(request, on: day).regime == "C")
        #expect(store.current?.contentHash != before.contentHash)
    }

    @Test func readersNeverSeeAHalfLoadedPackSet() async throws {
        let store = PackSetStore()
        store.reload(Self.files(regime: "A"))
        let request = try Fixtures.request(Fixtures.simpleRequest)
        let day = try #require(Day(parsing: "2026-11-28"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<40 {
                    store.reload(Self.files(regime: index.isMultiple(of: 2) ? "B" : "A"))
                    store.reload(Self.files(regime: "X", extraRule: "rule broken\nend\n"))
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<400 {
                        let packSet = try #require(store.current)
                        let regime = packSet.assess(request, on: day, explain: false).regime
                        #expect(regime == "A" || regime == "B")
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    @Test func reloadFromADirectoryOnDisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-rules-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pack = directory.appendingPathComponent("t")
        try FileManager.default.createDirectory(at: pack, withIntermediateDirectories: true)
        try (Fixtures.header + "rule r\n  then regime \"A\"\n  source s\nend\n").write(to: pack.appendingPathComponent("main.rules"), atomically: true, encoding: .utf8)
        let store = PackSetStore()
        #expect(store.reload(directory: directory.path).errors.isEmpty)
        try "rule broken".write(to: pack.appendingPathComponent("bad.rules"), atomically: true, encoding: .utf8)
        let result = store.reload(directory: directory.path)
        #expect(!result.errors.isEmpty)
        #expect(result.errors.first?.path.hasSuffix("t/bad.rules") == true)
        #expect(store.current != nil)
    }
}
