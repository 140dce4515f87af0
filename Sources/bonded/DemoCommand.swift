import ArgumentParser
import Storage
import WMSCore

/// `bonded demo`: creates the demo warehouse network (idempotent) and prints its balances.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create the demo warehouse network and print its balances.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        do {
            let store = try await options.open()
            try await DemoNetwork.seed(into: store)
            print("Bonded demo network on \(options.address)\n")
            for warehouse in try await store.warehouses() {
                print(try await BalanceTable.render(store: store, warehouse: warehouse, sku: nil))
                let report = try await LedgerVerifier(store: store).verify(warehouse: warehouse.code)
                print(
                    "ledger: \(report.entriesChecked) entries, head \(report.head.hash.prefix(16))…, "
                        + (report.isValid ? "verified" : "BROKEN"))
                print("")
            }
        } catch {
            throw failure(error)
        }
    }
}
