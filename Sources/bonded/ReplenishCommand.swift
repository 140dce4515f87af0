import ArgumentParser
import Foundation
import ComplianceEngine
import Intelligence
import WMSCore

/// `bonded replenish`: order-up-to / reorder-point suggestions, as a table, JSON, CSV or a webhook payload.
struct ReplenishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replenish",
        abstract: "Replenishment suggestions per SKU × warehouse (reorder point, order-up-to, MOQ, case packs).")
    @OptionGroup var options: IntelligenceOptions
    @OptionGroup var supplier: SupplierOptions
    @Flag(help: "Print CSV for procurement.") var csv = false
    @Flag(help: "Print the outgoing webhook payload.") var webhook = false
    @Flag(help: "Include lines that need no order.") var all = false

    func run() async throws {
        do {
            let context = try await IntelligenceContext.load(options)
            let terms = try supplier.terms()
            let planner = ReplenishmentPlanner(policy: context.policy)
            var suggestions: [ReplenishmentSuggestion] = []
            for stock in context.stocks {
                guard let forecast = context.forecast(stock) else { continue }
                let position = ReplenishmentPosition(
                    sku: stock.sku, warehouse: stock.warehouse, available: stock.quantity(.available),
                    reserved: stock.reserved, inTransit: stock.quantity(.inTransit), abcClass: supplier.abcClass)
                suggestions.append(planner.plan(position, forecast: forecast, terms: terms))
            }
            if csv {
                print(ReplenishmentExport.csv(suggestions, all: all), terminator: "")
            } else if webhook {
                print(ReplenishmentExport.webhookPayload(
                    suggestions, runID: "replenish-\(context.day)", generatedOn: context.day.description))
            } else if options.json {
                print(JSON.array(ReplenishmentExport.jsonObjects(suggestions, all: all)).text)
            } else {
                for s in suggestions where all || s.quantity > 0 {
                    print("\(s.warehouse) \(s.sku): order \(s.quantity) (\(s.cases) cases) via \(s.mode.rawValue); "
                          + "safety \(s.safetyStock), reorder point \(s.reorderPoint), up to \(s.orderUpTo); \(s.reason)")
                }
                print("\(suggestions.filter { $0.quantity > 0 }.count) of \(suggestions.count) SKU × warehouse need an order")
            }
        } catch {
            throw intelligenceFailure(error)
        }
    }
}
