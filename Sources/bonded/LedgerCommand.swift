import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded ledger …`: verify the hash chain and projections, print balances, post movements.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Inspect and verify the inventory ledger.",
        subcommands: [Verify.self, BalanceCommand.self, Post.self, Simulate.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute hash chains and projections; report the first broken entry.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only this warehouse (default: all).") var warehouse: String?

        func run() async throws {
            let reports: [VerificationReport]
            do {
                let store = try await options.open()
                var codes = try await store.warehouses().map(\.code)
                if let warehouse { codes = [warehouse] }
                if let warehouse, try await store.warehouse(warehouse) == nil {
                    throw WMSError(
                        .unknownWarehouse, field: "--warehouse", value: warehouse,
                        "unknown warehouse '\(warehouse)'")
                }
                var collected: [VerificationReport] = []
                for code in codes { collected.append(try await LedgerVerifier(store: store).verify(warehouse: code)) }
                reports = collected
            } catch {
                throw failure(error)
            }
            var allValid = true
            for report in reports {
                if report.isValid {
                    print(
                        "\(report.warehouse): OK — \(report.entriesChecked) entries, head \(report.head.sequence) \(report.head.hash)"
                    )
                } else {
                    allValid = false
                    print("\(report.warehouse): FAILED after checking \(report.entriesChecked) entries")
                    if let broken = report.firstBrokenEntry { print("  first broken \(broken)") }
                    for mismatch in report.projectionMismatches.prefix(20) { print("  projection: \(mismatch)") }
                }
            }
            if !allValid { throw ExitCode.failure }
        }
    }

    struct BalanceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "balance", abstract: "Print balances by location and bucket, and available-to-promise.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Warehouse code (default: all).") var warehouse: String?
        @Option(help: "Only this SKU.") var sku: String?
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() async throws {
            do {
                let store = try await options.open()
                var targets = try await store.warehouses()
                if let warehouse {
                    targets = targets.filter { $0.code == warehouse }
                    if targets.isEmpty {
                        throw WMSError(
                            .unknownWarehouse, field: "--warehouse", value: warehouse,
                            "unknown warehouse '\(warehouse)'")
                    }
                }
                if json {
                    struct Output: Encodable {
                        var warehouse: String
                        var balances: [Balance]
                        var stock: [StockLevel]
                    }
                    var output: [Output] = []
                    for target in targets {
                        output.append(
                            Output(
                                warehouse: target.code,
                                balances: try await store.balances(warehouse: target.code, sku: sku),
                                stock: try await store.stockLevels(warehouse: target.code, sku: sku)))
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    print(String(decoding: try encoder.encode(output), as: UTF8.self))
                } else {
                    for target in targets {
                        print(try await BalanceTable.render(store: store, warehouse: target, sku: sku))
                    }
                }
            } catch {
                throw failure(error)
            }
        }
    }

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a posting (JSON, as the Posting type) atomically and idempotently; prints its entries.")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "JSON file, or - for standard input.") var file: String = "-"

        func run() async throws {
            do {
                let data =
                    file == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile()
                    : try Data(contentsOf: URL(fileURLWithPath: file))
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let posting: Posting
                do {
                    posting = try decoder.decode(Posting.self, from: data)
                } catch let error as DecodingError {
                    throw WMSError(.invalidField, field: JSONPath.of(error), "\(JSONPath.reason(error))")
                }
                let store = try await options.open()
                let result = try await store.post(posting)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } catch {
                throw failure(error)
            }
        }
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run seeded random receipts, moves, reservations and shipments against the demo network.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Number of operations.") var operations = 1_000
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(
            help:
                "Prefix of client operation ids (default: unique per run; a rerun with the same prefix and seed replays)."
        )
        var prefix: String?

        func run() async throws {
            do {
                let store = try await options.open()
                try await DemoNetwork.seed(into: store)
                var simulator = LedgerSimulator(
                    seed: seed, prefix: prefix ?? "sim-\(UInt64(Date().timeIntervalSince1970 * 1000))")
                var applied = 0
                var refused = 0
                for _ in 0..<operations {
                    if try await simulator.step(store) { applied += 1 } else { refused += 1 }
                }
                print("applied \(applied), refused \(refused) (insufficient stock or ATP, as expected)")
            } catch {
                throw failure(error)
            }
        }
    }
}

/// Field paths of JSON decoding errors (`movements[2].quantity`).
enum JSONPath {
    static func of(_ error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "$" : text
    }

    static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "is required"
        case .typeMismatch(let type, _): return "has the wrong type (expected \(type))"
        case .valueNotFound: return "must not be null"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "is invalid"
        }
    }
}
