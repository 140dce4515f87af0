import ArgumentParser
import Documents
import Foundation
import Fulfilment
import WMSCore

/// `bonded pack`: verify a picked order's parcel, then produce its documents and label.
struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack",
        abstract: "Verify contents, weight and dangerous-goods marks; produce the assessment's documents and the label."
    )
    @OptionGroup var options: OrderOptions
    @Option(help: "Order id.") var order: String
    @Option(help: "Item scanned into the parcel (GTIN or SKU), once per unit; repeatable.") var scan: [String] = []
    @Option(help: "Gross weight on the scale, grams.") var grossGrams: Int64
    @Option(help: "Dangerous-goods mark applied; repeatable.") var mark: [String] = []
    @Option(help: "Directory with Schemas/ and Templates/ (default: found automatically).") var resources: String?
    @Option(help: "Document date YYYY-MM-DD (default: today, UTC).") var date: String?

    func run() async throws {
        do {
            let orders = try await options.service()
            let producer = try OrderOptions.producer(resources: resources)
            let packed = try await PackService(orders: orders, producer: producer, day: OrderOptions.today(date)).pack(
                order, scans: scan, grossGrams: grossGrams, marks: mark, operationID: options.operation)
            try options.output(packed) {
                "\(packed.id): packed, tracking \(packed.trackingNumber ?? "-"), documents "
                    + (packed.parcel?.documents.map(\.kind).joined(separator: ", ") ?? "-")
            }
        } catch {
            throw FlowOutput.failure(error, json: options.json)
        }
    }
}
