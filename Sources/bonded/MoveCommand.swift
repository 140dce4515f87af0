import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded move`: scan a location, then the item, then the target; the wrong location is refused.
struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move stock between locations (scan location, then item), checked by the rules.")
    @OptionGroup var options: FlowOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "The location the task names (a different --scan-location is refused).") var taskLocation: String?
    @Option(help: "The location scanned.") var scanLocation: String
    @Option(help: "The item scanned.") var sku: String
    @Option(help: "Lot.") var lot = ""
    @Option(help: "Units.") var quantity: Int64
    @Option(help: "Target location.") var to: String
    @Option(help: "Bucket moved.") var bucket = "available"

    func run() async throws {
        do {
            guard let bucket = Bucket(rawValue: bucket) else { throw ValidationError("unknown --bucket '\(bucket)'") }
            let store = try await options.database.open()
            guard let site = try await store.warehouse(options.warehouse) else {
                throw WMSError(
                    .unknownWarehouse, field: "--warehouse", value: options.warehouse,
                    "unknown warehouse '\(options.warehouse)'")
            }
            let classifier = DangerousGoodsClassifier(
                packSet: try rules.packSet(), country: site.country, day: try rules.day())
            let result = try await MoveService(putaway: PutawayService(store: store, classifier: classifier)).move(
                MoveRequest(
                    clientOperationID: options.operation, warehouse: options.warehouse, taskLocation: taskLocation,
                    scannedLocation: scanLocation, sku: sku, lot: lot, quantity: quantity, to: to, bucket: bucket,
                    actor: options.actor))
            if options.json { return try FlowOutput.json(result) }
            print(
                "moved \(quantity) \(sku) \(scanLocation) → \(to)\(result.replayed ? " (replayed; nothing written)" : "")"
            )
        } catch {
            throw FlowOutput.failure(error, json: options.json)
        }
    }
}
