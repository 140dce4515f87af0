import ArgumentParser
import Documents
import Foundation
import Fulfilment
import WMSCore

/// `bonded ship`: post a packed order's shipment; stock leaves the ledger against its reservations.
struct ShipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship", abstract: "Ship a packed order: shipment movements against its reservations.")
    @OptionGroup var options: OrderOptions
    @Option(help: "Order id.") var order: String
    @Option(help: "Directory with Schemas/ and Templates/ (default: found automatically).") var resources: String?

    func run() async throws {
        do {
            let orders = try await options.service()
            let producer = try OrderOptions.producer(resources: resources)
            let shipped = try await PackService(orders: orders, producer: producer, day: OrderOptions.today(nil)).ship(
                order, operationID: options.operation, actor: options.actor)
            try options.output(shipped) { "\(shipped.id): shipped, tracking \(shipped.trackingNumber ?? "-")" }
        } catch {
            throw FlowOutput.failure(error, json: options.json)
        }
    }
}
