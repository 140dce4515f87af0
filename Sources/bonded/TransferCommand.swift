import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded transfer dispatch|receive`: cross-warehouse transfers through in-transit.
struct TransferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Transfer stock between warehouses through in-transit.",
        subcommands: [Dispatch.self, Receive.self])

    struct Dispatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess and dispatch a transfer; records the documents the assessment requires.")
        @OptionGroup var options: FlowOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "Transfer id.") var id: String
        @Option(help: "Destination warehouse.") var to: String
        @Option(help: "Transport: road, sea, air, rail.") var transport = "road"
        @Option(help: "SKU:LOT:QUANTITY:LOCATION[:UNIT_VALUE] (LOT may be empty); repeatable.") var line: [String]

        func run() async throws {
            do {
                let lines = try line.map { text -> TransferLine in
                    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard (4...5).contains(parts.count), let quantity = Int64(parts[2]) else {
                        throw ValidationError("--line '\(text)' is not SKU:LOT:QUANTITY:LOCATION[:UNIT_VALUE]")
                    }
                    return TransferLine(
                        sku: parts[0], lot: parts[1], quantity: quantity, location: parts[3],
                        unitValue: parts.count == 5 ? parts[4] : "1.00")
                }
                let store = try await options.database.open()
                let transfer = try await TransferService(
                    store: store, packSet: try rules.packSet(), day: try rules.day()
                )
                .dispatch(
                    id, from: options.warehouse, to: to, lines: lines, transport: transport,
                    operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(transfer) }
                print("\(transfer.id): \(transfer.warehouse) → \(transfer.destination), \(transfer.status)")
                print(
                    "  required documents: \(transfer.requiredDocuments.isEmpty ? "none" : transfer.requiredDocuments.joined(separator: ", "))"
                )
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive a dispatched transfer at a destination dock.")
        @OptionGroup var options: FlowOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "Transfer id.") var id: String
        @Option(help: "Dock location in the destination.") var dock: String

        func run() async throws {
            do {
                let store = try await options.database.open()
                let transfer = try await TransferService(
                    store: store, packSet: try rules.packSet(), day: try rules.day()
                )
                .receive(id, from: options.warehouse, dock: dock, operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(transfer) }
                print("\(transfer.id): received at \(transfer.destination) \(dock)")
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }
}
