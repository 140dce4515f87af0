import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded destroy pending|confirm`.
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Move stock to pending destruction; destroy it with evidence, checked by the rules.",
        subcommands: [Pending.self, Confirm.self])

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move stock to pending-destruction with a reason.")
        @OptionGroup var options: FlowOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "SKU.") var sku: String
        @Option(help: "Lot.") var lot = ""
        @Option(help: "Units.") var quantity: Int64
        @Option(help: "Location.") var location: String
        @Option(help: "Bucket it comes from.") var bucket = "defective"
        @Option(help: "Why it is to be destroyed.") var reason: String

        func run() async throws {
            do {
                guard let bucket = Bucket(rawValue: bucket) else {
                    throw ValidationError("unknown --bucket '\(bucket)'")
                }
                let store = try await options.database.open()
                let result = try await DestructionService(
                    store: store, packSet: try rules.packSet(), day: try rules.day()
                )
                .markPending(
                    warehouse: options.warehouse, sku: sku, lot: lot, quantity: quantity, location: location,
                    from: bucket, reason: reason, operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(result) }
                print("\(quantity) \(sku) at \(location) pending destruction\(result.replayed ? " (replayed)" : "")")
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Confirm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Destroy pending stock with evidence; a rule that forbids it names itself.")
        @OptionGroup var options: FlowOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "SKU.") var sku: String
        @Option(help: "Lot.") var lot = ""
        @Option(help: "Units.") var quantity: Int64
        @Option(help: "Location.") var location: String
        @Option(help: "Reason.") var reason = "destruction"
        @Option(help: "Evidence reference (certificate number).") var evidence: String
        @Option(help: "Witness.") var witness: String
        @Option(help: "Company size: large, medium, small, micro.") var companySize = "large"
        @Option(help: "Product category for the rules (default: from the HS code).") var category: String?

        func run() async throws {
            do {
                let store = try await options.database.open()
                let record = try await DestructionService(
                    store: store, packSet: try rules.packSet(), day: try rules.day()
                )
                .destroy(
                    warehouse: options.warehouse, sku: sku, lot: lot, quantity: quantity, location: location,
                    reason: reason, evidence: DestructionEvidence(reference: evidence, witness: witness),
                    companySize: companySize, category: category, operationID: options.operation,
                    actor: options.actor)
                if options.json { return try FlowOutput.json(record) }
                print(
                    "destroyed \(record.quantity) \(record.sku) at \(record.location); evidence \(record.evidence.reference), witness \(record.evidence.witness)"
                )
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }
}
