import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded count open|record|close|accuracy`.
struct CountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count", abstract: "Cycle, dynamic and full counts; variances post adjustments.",
        subcommands: [Open.self, Record.self, Close.self, Accuracy.self])

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a count; its locations are frozen until close.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Count id.") var id: String
        @Option(help: "cycle, dynamic or full.") var kind = "cycle"
        @Option(help: "Location (cycle/dynamic); repeatable.") var location: [String] = []
        @Option(help: "Reason on the adjustment entries.") var reason = "count-variance"

        func run() async throws {
            do {
                guard let kind = CountSheet.Kind(rawValue: kind) else {
                    throw ValidationError("--kind is cycle, dynamic or full")
                }
                let store = try await options.database.open()
                let sheet = try await CountService(store: store).open(
                    id, warehouse: options.warehouse, kind: kind, locations: location, reason: reason,
                    operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(sheet) }
                print(
                    "\(sheet.id): \(sheet.countKind.rawValue) count open, \(sheet.countKind == .full ? "all locations" : sheet.locations.joined(separator: ", ")) frozen"
                )
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record counted quantities.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Count id.") var id: String
        @Option(help: "LOCATION:SKU:LOT:QUANTITY (LOT may be empty); repeatable.") var entry: [String]

        func run() async throws {
            do {
                let entries = try entry.map { text -> CountEntry in
                    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 4, let quantity = Int64(parts[3]) else {
                        throw ValidationError("--entry '\(text)' is not LOCATION:SKU:LOT:QUANTITY")
                    }
                    return CountEntry(location: parts[0], sku: parts[1], lot: parts[2], quantity: quantity)
                }
                let store = try await options.database.open()
                let sheet = try await CountService(store: store).record(
                    id, warehouse: options.warehouse, entries: entries, operationID: options.operation,
                    actor: options.actor)
                if options.json { return try FlowOutput.json(sheet) }
                print("\(sheet.id): \(entries.count) record(s) counted")
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a count and post its variances.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Count id.") var id: String
        @Flag(help: "Records not counted count as zero.") var uncountedAreZero = false

        func run() async throws {
            do {
                let store = try await options.database.open()
                let sheet = try await CountService(store: store).close(
                    id, warehouse: options.warehouse, uncountedAreZero: uncountedAreZero,
                    operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(sheet) }
                print("\(sheet.id): closed; \(sheet.matched)/\(sheet.lines.count) records matched")
                for line in sheet.lines where line.variance != 0 {
                    print(
                        "  \(line.location) \(line.sku)\(line.lot.isEmpty ? "" : "/\(line.lot)"): ledger \(line.expected), counted \(line.counted ?? 0), variance \(line.variance)"
                    )
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Accuracy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Inventory record accuracy over closed counts.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Warehouse code.") var warehouse: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            do {
                let store = try await database.open()
                let report = try await CountService(store: store).accuracy(warehouse: warehouse)
                if json { return try FlowOutput.json(report) }
                print(
                    "\(warehouse): \(report.matched)/\(report.records) records matched over \(report.counts) count(s): accuracy \(String(format: "%.2f", report.accuracy * 100))%; gains \(report.gains), losses \(report.losses)"
                )
            } catch {
                throw FlowOutput.failure(error, json: json)
            }
        }
    }
}
