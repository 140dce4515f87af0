import BondedTesting
import Foundation
import Testing
import WMSCore

/// The outbound commands end to end through the debug `bonded` binary, when it has been built next to the tests.
@Suite("CLI: order import → allocate → release → wave plan → pick scan → pack → ship")
struct CLITests {
    static var binary: String? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent().path + "/bonded",
            OrdersFixture.packageRoot + "/.build/debug/bonded",
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["BONDED_RESOURCES"] = OrdersFixture.packageRoot
        process.environment = environment
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

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("one order through every outbound command, with --json")
    func outbound() async throws {
        guard Self.binary != nil else { return }
        try await withTestStore(.sqlite) { test in
            try await OrdersFixture.setUp(test.store)
            try await OrdersFixture.stock(test.store, units: 10)
            let directory = URL(fileURLWithPath: test.sqlitePath!).deletingLastPathComponent()
            let encoder = JSONEncoder()
            let files = (
                orders: directory.appendingPathComponent("orders.json"),
                network: directory.appendingPathComponent("network.json"),
                layout: directory.appendingPathComponent("layout.json")
            )
            try Data(
                """
                [{"channel": "web", "channelOrderID": "C1", "orderedAt": "2026-11-28T10:00:00Z", "currency": "EUR",
                  "shipTo": {"name": "Ana", "line1": "1 Rue X", "city": "Paris", "postalCode": "75001", "country": "FR"},
                  "lines": [{"lineID": "1", "sku": "TS-01", "quantity": 2, "unitPrice": "19.90"}]}]
                """.utf8
            ).write(to: files.orders)
            try encoder.encode(OrdersFixture.network).write(to: files.network)
            try encoder.encode(OrdersFixture.layout).write(to: files.layout)
            let common = ["--database", test.address, "--desk", OrdersFixture.desk, "--json"]

            var r = try Self.run(["order", "import", files.orders.path, "--operation", "i1"] + common)
            #expect(r.status == 0, "\(r.err)")
            r = try Self.run(
                [
                    "order", "allocate", "--network", files.network.path, "--date", OrdersFixture.today, "--operation",
                    "a1",
                ]
                    + common)
            #expect(try Self.json(r.out)["allocated"] as? [String] == ["web-C1"], "\(r.err)")
            r = try Self.run(
                [
                    "order", "release", "--rules", OrdersFixture.packageRoot + "/Rules", "--date", OrdersFixture.today,
                    "--operation", "g1",
                ] + common)
            #expect(try Self.json(r.out)["released"] as? [String] == ["web-C1"], "\(r.err)")
            r = try Self.run(
                [
                    "wave", "plan", "--warehouse", OrdersFixture.europe, "--layout", files.layout.path, "--plan", "P1",
                    "--operation", "w1",
                ] + common)
            let waves = try #require(try Self.json(r.out)["waves"] as? [[String: Any]], "\(r.err)")
            let session = try #require((waves.first?["sessions"] as? [String])?.first)
            let task = try #require(
                try await PickService(
                    orders: OrderService(store: test.store, desk: OrdersFixture.desk), today: OrdersFixture.today
                ).session(session, warehouse: OrdersFixture.europe)?.tasks.first)
            let scan = ["pick", "scan", "--warehouse", OrdersFixture.europe, "--session", session] + common
            r = try Self.run(scan + ["--location", "F-10", "--operation", "s0"])
            #expect(r.status == 3)
            #expect((try Self.json(r.out)["refusal"] as? [String: Any])?["code"] as? String == "wrong-location")
            r = try Self.run(scan + ["--location", task.location, "--operation", "s1"])
            #expect(r.status == 0, "\(r.err)")
            let gtin = OrdersFixture.products().first { $0.sku == "TS-01" }!.gtin!.digits
            r = try Self.run(scan + ["--item", gtin, "--quantity", "2", "--operation", "s2"])
            #expect(try Self.json(r.out)["pickedOrders"] as? [String] == ["web-C1"], "\(r.err)")
            r = try Self.run(
                [
                    "pack", "--order", "web-C1", "--scan", gtin, "--scan", "TS-01", "--gross-grams", "560",
                    "--operation",
                    "p1",
                ] + common)
            #expect(try Self.json(r.out)["status"] as? String == "packed", "\(r.err)")
            r = try Self.run(["ship", "--order", "web-C1", "--operation", "sh1"] + common)
            #expect(try Self.json(r.out)["status"] as? String == "shipped", "\(r.err)")
            r = try Self.run(["order", "show", "--id", "web-C1"] + common)
            let shown = try Self.json(r.out)
            #expect(shown["trackingNumber"] as? String != nil)
            #expect(((shown["parcel"] as? [String: Any])?["documents"] as? [[String: Any]])?.isEmpty == false)
            let level = try await test.store.stockLevels(warehouse: OrdersFixture.europe, sku: "TS-01").first
            #expect(level?.available == 8 && level?.reserved == 0)
        }
    }
}
