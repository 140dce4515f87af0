import ArgumentParser
import Foundation
import WMSCore

/// `bonded pick scan`: scan a location, then the item; `--short N` reports a short pick.
struct PickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pick", abstract: "Picking by scan.", subcommands: [Scan.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan a location or an item (GTIN or SKU) for the session's current task; refused scans exit 3.")
        @OptionGroup var options: OrderOptions
        @Option(help: "Warehouse code.") var warehouse: String
        @Option(help: "Pick session id.") var session: String
        @Option(help: "Scanned location code.") var location: String?
        @Option(help: "Scanned item code (GTIN or SKU).") var item: String?
        @Option(help: "Units of the scanned item.") var quantity: Int64 = 1
        @Option(help: "Short pick: only this many more units are at the scanned location.") var short: Int64?
        @Option(help: "Today YYYY-MM-DD for lot expiry when re-allocating (default: today, UTC).") var date: String?

        func run() async throws {
            do {
                let service = PickService(orders: try await options.service(), today: OrderOptions.today(date))
                if let short {
                    let result = try await service.short(
                        session: session, warehouse: warehouse, found: short, operationID: options.operation,
                        actor: options.actor)
                    try options.output(result) {
                        "short by \(result.missing); count \(result.count ?? "already open"); "
                            + (result.backOrder.map { "back-ordered: \($0)" }
                                ?? "re-allocated at \(result.reallocated.map(\.location).joined(separator: ", "))")
                    }
                    return
                }
                let result = try await service.scan(
                    session: session, warehouse: warehouse, location: location, item: item, quantity: quantity,
                    operationID: options.operation, actor: options.actor)
                try options.output(result) {
                    if let refusal = result.refusal { return "refused \(refusal)" }
                    let next = result.next.map { "next: \($0.quantity - $0.picked) × \($0.sku) at \($0.location)" }
                    return "ok" + (next.map { "; \($0)" } ?? "; session complete")
                        + (result.pickedOrders.isEmpty ? "" : "; picked \(result.pickedOrders.joined(separator: ", "))")
                }
                if !result.accepted { throw ExitCode(3) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }
}
