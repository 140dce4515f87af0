import ArgumentParser
import Foundation
import WMSCore

/// Options of the outbound commands: the store, the order desk, who acts, the operation id and output.
struct OrderOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Order desk: the warehouse code orders are kept under (also BONDED_ORDER_DESK).")
    var desk = ProcessInfo.processInfo.environment["BONDED_ORDER_DESK"] ?? "DESK"
    @Option(help: "Client operation id: the same id again writes nothing.") var operation = "cli-\(UUID().uuidString)"
    @Option(help: "Who performs the operation.") var actor = ProcessInfo.processInfo.environment["USER"] ?? "cli"
    @Flag(help: "Print JSON.") var json = false

    /// Opens the store and the order service.
    func service() async throws -> OrderService {
        OrderService(store: try await database.open(), desk: desk)
    }

    /// The network from `file`, or one where each warehouse serves its own region.
    func network(_ file: String?, store: any Store) async throws -> FulfilmentNetwork {
        if let file {
            return try JSONDecoder().decode(FulfilmentNetwork.self, from: Data(try FlowOutput.readText(file).utf8))
        }
        return FulfilmentNetwork.regional(try await store.warehouses())
    }

    /// Today (UTC) or `--date`, as `YYYY-MM-DD`.
    static func today(_ date: String?) -> String {
        if let date { return date }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return String(formatter.string(from: Date()).prefix(10))
    }

    /// Prints `value` as JSON, or `text` otherwise.
    func output<T: Encodable>(_ value: T, _ text: () -> String) throws {
        if json { try FlowOutput.json(value) } else { print(text()) }
    }
}
