import ArgumentParser
import Foundation
import WMSCore

/// `bonded return reasons --from DATE --to DATE [--sku SKU]`: returned units by SKU × reason × grade.
struct ReturnReasonsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reasons", abstract: "Returned units by SKU, reason and grade, graded in [--from, --to).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Warehouse code.") var warehouse: String
    @Option(help: "First day YYYY-MM-DD (UTC), included.") var from: String
    @Option(help: "Last day YYYY-MM-DD (UTC), excluded.") var to: String
    @Option(help: "Only this SKU.") var sku: String?
    @Option(help: "Rules directory.") var rules = "Rules"
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let start = formatter.date(from: from), let end = formatter.date(from: to) else {
            throw ValidationError("--from and --to must be dates YYYY-MM-DD")
        }
        do {
            let service = try await ReturnCommand.service(database, warehouse: warehouse, rules: rules)
            let counts = try await service.reasons(warehouse: warehouse, from: start, to: end, sku: sku)
            if json { return try FlowOutput.json(counts) }
            print("sku                  reason               grade  units")
            for count in counts {
                print(
                    count.sku.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                        + count.reason.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                        + count.grade.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0) + " \(count.quantity)")
            }
        } catch {
            throw FlowOutput.failure(error, json: json)
        }
    }
}

/// What `--json` prints for an RMA: its state with the derived status, without the operation log.
struct ReturnView: Encodable {
    var id: String
    var status: String
    var warehouse: String
    var orderID: String
    var channel: String
    var destinationCountry: String
    var returnsLocation: String
    var parcel: String?
    var authorisedAt: Date
    var lines: [ReturnLine]
    var gradings: [ReturnGrading]
    var relabels: [RelabelRecord]

    init(_ rma: ReturnAuthorisation) {
        id = rma.id
        status = rma.status
        warehouse = rma.warehouse
        orderID = rma.orderID
        channel = rma.channel
        destinationCountry = rma.destinationCountry
        returnsLocation = rma.returnsLocation
        parcel = rma.parcel
        authorisedAt = rma.authorisedAt
        lines = rma.lines
        gradings = rma.gradings
        relabels = rma.relabels
    }
}
