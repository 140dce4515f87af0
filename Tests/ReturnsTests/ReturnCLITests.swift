import BondedTesting
import Foundation
import Testing
import WMSCore

/// `bonded return …` and `bonded order convert` end to end through the debug binary `swift test` builds.
@Suite("Returns and order CLI")
struct ReturnCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func bonded(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let executable = root.appendingPathComponent(".build/debug/bonded")
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "build the CLI first (swift build); missing \(executable.path)")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    struct RMAOutput: Decodable {
        struct Line: Decodable {
            var sku: String
            var lot: String
            var received: Int64
            var restocked: [String: Int64]
        }
        var id: String
        var status: String
        var lines: [Line]
    }

    @Test(
        "authorise, receive, grade, restock and reasons with --json; a relabel refusal names its rule",
        arguments: TestBackend.allCases)
    func returnCommands(_ backend: TestBackend) async throws {
        try await withTestStore(backend) { test in
            try await ReturnsFixture.setUp(test.store)
            let order = try #require(try await ReturnsFixture.shipOrders(test.store, count: 3).first)
            let line = order.lines[0]
            let item = line.lot.isEmpty ? line.sku : "\(line.sku)@\(line.lot)"
            let common = [
                "--database", test.address, "--warehouse", ReturnsFixture.warehouse, "--rules",
                Self.root.appendingPathComponent("Rules").path, "--json",
            ]
            let decoder = JSONDecoder()
            let authorised = try Self.bonded(
                ["return", "authorise"] + common + [
                    "--operation", "cli-a", "--rma", "CLI-1", "--order", order.orderID, "--returns-location",
                    ReturnsFixture.returns, "--line", "\(item):1:defective",
                ])
            #expect(authorised.status == 0, "\(authorised.err)")
            #expect(try decoder.decode(RMAOutput.self, from: Data(authorised.out.utf8)).status == "authorised")
            let wrong = try Self.bonded(
                ["return", "receive"] + common + ["--operation", "cli-r0", "--parcel", "CLI-1", "--item", "RT-99"])
            #expect(wrong.status == 2)
            #expect(wrong.out.contains("\"field\" : \"items[0].code\""))
            let received = try Self.bonded(
                ["return", "receive"] + common + ["--operation", "cli-r", "--parcel", "CLI-1", "--item", item])
            #expect(received.status == 0, "\(received.err)")
            #expect(try decoder.decode(RMAOutput.self, from: Data(received.out.utf8)).lines[0].received == 1)
            let relabel = try Self.bonded(
                ["return", "relabel"] + common + [
                    "--operation", "cli-l", "--rma", "CLI-1", "--sku", line.sku, "--lot", line.lot, "--quantity", "1",
                    "--old-label", "OLD-1", "--new-label", "NEW-1", "--language", "en", "--destination", "FR",
                ])
            #expect(relabel.status == 2)
            // Every missing marking is listed; the first names its rule and source.
            #expect(relabel.out.contains("\"rule\" : \"traceability.gpsr-identifiers\""), "\(relabel.out)")
            for code in ["GPSR-MANUFACTURER", "GPSR-PRODUCT-ID", "LABEL-LANG-FR", "GPSR-RESPONSIBLE-PERSON"] {
                #expect(relabel.out.contains(code))
            }
            let graded = try Self.bonded(
                ["return", "grade"] + common + [
                    "--operation", "cli-g", "--rma", "CLI-1", "--sku", line.sku, "--lot", line.lot, "--grade", "B",
                    "--quantity", "1",
                ])
            #expect(graded.status == 0, "\(graded.err)")
            let restocked = try Self.bonded(
                ["return", "restock"] + common + ["--operation", "cli-s", "--rma", "CLI-1"])
            #expect(restocked.status == 0, "\(restocked.err)")
            let rma = try decoder.decode(RMAOutput.self, from: Data(restocked.out.utf8))
            #expect(rma.status == "closed" && rma.lines[0].restocked == ["B": 1])
            #expect(
                try await ReturnsFixture.buckets(test.store, location: ReturnsFixture.returns) == [.defective: 1])
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            let today = formatter.string(from: Date())
            let tomorrow = formatter.string(from: Date().addingTimeInterval(86_400))
            let reasons = try Self.bonded(
                [
                    "return", "reasons", "--database", test.address, "--warehouse", ReturnsFixture.warehouse,
                    "--rules", Self.root.appendingPathComponent("Rules").path, "--from", today, "--to", tomorrow,
                    "--json",
                ])
            #expect(reasons.status == 0, "\(reasons.err)")
            let counts = try decoder.decode([ReturnReasonCount].self, from: Data(reasons.out.utf8))
            #expect(counts == [ReturnReasonCount(sku: line.sku, reason: .defective, grade: .b, quantity: 1)])
        }
    }

    @Test func orderConvertPrintsTheIntakeJSON() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        for marketplace in Marketplace.allCases {
            let file = fixtures.appendingPathComponent("\(marketplace.rawValue)-order.json").path
            let result = try Self.bonded(
                [
                    "order", "convert", "--from", marketplace.rawValue, "--sku-map",
                    fixtures.appendingPathComponent("sku-map.csv").path, file, "--json",
                ])
            #expect(result.status == 0, "\(result.err)")
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let printed = try decoder.decode([OrderIntake].self, from: Data(result.out.utf8))
            let expected = try marketplace.orders(
                from: try MarketplaceFixture.text("\(marketplace.rawValue)-order.json"),
                skuMap: try MarketplaceFixture.skuMap())
            #expect(printed == expected)
        }
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("bonded-broken-\(UUID()).json")
        try Data("{\"order\": {}, \"orderItems\": {}}".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        let bad = try Self.bonded(
            [
                "order", "convert", "--from", "amazon", "--sku-map",
                fixtures.appendingPathComponent("sku-map.csv").path,
                broken.path,
            ])
        #expect(bad.status != 0)
        #expect(bad.err.contains("order.AmazonOrderId: missing field"), "\(bad.err)")
    }
}
