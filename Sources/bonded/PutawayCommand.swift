import ArgumentParser
import Foundation
import Storage
import WMSCore

/// `bonded putaway`: put stock away from a dock; suggested by the dangerous-goods rules, or to `--to`, checked.
struct PutawayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "putaway",
        abstract: "Put stock away from a staging location into allowed zones, never beside an incompatible class.")
    @OptionGroup var options: FlowOptions
    @OptionGroup var rules: RulesOptions
    @Option(help: "Staging location (dock).") var from: String
    @Option(help: "Only this SKU (default: everything at --from).") var sku: String?
    @Option(help: "Lot of --sku.") var lot = ""
    @Option(help: "Quantity of --sku.") var quantity: Int64?
    @Option(help: "Bucket of --sku: available or defective.") var bucket = "available"
    @Option(help: "Manual target location (refused when it breaks a rule).") var to: String?
    @Option(help: "Units a location holds.") var capacity: Int64 = 5_000

    func run() async throws {
        do {
            let store = try await options.database.open()
            guard let site = try await store.warehouse(options.warehouse) else {
                throw WMSError(
                    .unknownWarehouse, field: "--warehouse", value: options.warehouse,
                    "unknown warehouse '\(options.warehouse)'")
            }
            let classifier = DangerousGoodsClassifier(
                packSet: try rules.packSet(), country: site.country, day: try rules.day())
            var items: [PutawayItem]?
            if let sku {
                guard let quantity else { throw ValidationError("--sku needs --quantity") }
                guard let bucket = Bucket(rawValue: bucket) else {
                    throw ValidationError("--bucket is available or defective")
                }
                items = [PutawayItem(sku: sku, lot: lot, quantity: quantity, bucket: bucket)]
            }
            let placements = try await PutawayService(store: store, classifier: classifier, capacityUnits: capacity)
                .putaway(
                    PutawayRequest(
                        clientOperationID: options.operation, warehouse: options.warehouse, from: from, items: items,
                        target: to, actor: options.actor))
            if options.json { return try FlowOutput.json(placements) }
            for placement in placements {
                let dg =
                    placement.classification.unNumber.map { " \($0) class \(placement.classification.dgClass ?? "?")" }
                    ?? ""
                print(
                    "\(placement.sku)\(placement.lot.isEmpty ? "" : "/\(placement.lot)") × \(placement.quantity) → \(placement.location) (\(placement.zoneKind.rawValue), \(placement.bucket.rawValue))\(dg)"
                        + (placement.classification.quarantineReason.map { " — quarantine: \($0)" } ?? ""))
            }
            if placements.isEmpty { print("nothing to put away at \(from)") }
        } catch {
            throw FlowOutput.failure(error, json: options.json)
        }
    }
}
