import ArgumentParser
import Foundation
import WMSCore

/// `bonded wave plan`: waves, carts and pick routes over a warehouse's released orders.
struct WaveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wave", abstract: "Wave planning and pick routes.", subcommands: [Plan.self])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan waves of released orders; each cart trip becomes a pick session in route order.")
        @OptionGroup var options: OrderOptions
        @Option(help: "Warehouse code.") var warehouse: String
        @Option(help: "Warehouse layout JSON (WarehouseLayout).") var layout: String
        @Option(help: "Plan id (default: the operation id).") var plan: String?
        @Option(help: "Cart volume in cm³.") var cartVolume: Int64 = 400_000
        @Option(help: "Cart weight limit in grams.") var cartWeight: Int64 = 150_000
        @Option(help: "Totes per cart.") var totes = 12
        @Option(help: "Tote volume in cm³.") var toteVolume: Int64 = 40_000

        func run() async throws {
            do {
                let floor = try JSONDecoder().decode(
                    WarehouseLayout.self, from: Data(try FlowOutput.readText(layout).utf8))
                let record = try await WaveService(orders: try await options.service()).plan(
                    warehouse: warehouse, layout: floor,
                    cart: CartCapacity(
                        volumeCubicCentimetres: cartVolume, weightGrams: cartWeight, totes: totes,
                        toteVolumeCubicCentimetres: toteVolume),
                    planID: plan ?? options.operation, actor: options.actor)
                try options.output(record) {
                    var text =
                        "\(record.id): \(record.waves.count) wave(s), route total \(record.routeMillimetres / 1000) m"
                    for wave in record.waves {
                        text +=
                            "\n  \(wave.id) \(wave.key.carrier) \(wave.key.channel) \(wave.key.destinationRegion): "
                            + "\(wave.orders) orders, sessions \(wave.sessions.joined(separator: ", "))"
                    }
                    for rejected in record.rejected { text += "\n  left out \(rejected.orderID): \(rejected.reason)" }
                    return text
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }
}
