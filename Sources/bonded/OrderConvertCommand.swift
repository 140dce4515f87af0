import ArgumentParser
import Foundation
import WMSCore

/// `bonded order convert --from amazon|shopee|temu FILE --sku-map CSV [--json]`: a marketplace payload → `OrderIntake`.
struct OrderConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a marketplace order payload (Amazon SP-API, Shopee v2, Temu) into Bonded's order shape.")

    @Option(help: "Marketplace: amazon, shopee or temu.") var from: String
    @Option(help: "CSV 'seller_sku,sku' mapping the marketplace's seller SKUs to ours.") var skuMap: String
    @Argument(help: "Payload file (JSON), or - for standard input.") var file: String
    @Flag(help: "Print the orders as JSON (an array).") var json = false

    func run() throws {
        guard let marketplace = Marketplace(rawValue: from) else {
            throw ValidationError("--from must be one of amazon, shopee, temu")
        }
        do {
            let map = try SellerSKUMap.parse(csv: try FlowOutput.readText(skuMap))
            let orders = try marketplace.orders(from: try FlowOutput.readText(file), skuMap: map)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(orders), as: UTF8.self))
                return
            }
            for order in orders {
                print(
                    "\(order.channel) \(order.channelOrderID): \(order.lines.count) line(s) to \(order.shipTo.country), \(order.currency), service \(order.shippingService)"
                )
                for line in order.lines {
                    print("  \(line.lineID)  \(line.sku)  × \(line.quantity)  @ \(line.unitPrice)")
                }
            }
        } catch let error as WMSError {
            throw failure(error)
        }
    }
}

