import ArgumentParser
import Foundation
import ComplianceEngine
import Intelligence
import WMSCore

/// `bonded rebalance`: transfer suggestions between warehouses, each cross-border one assessed by the rules.
struct RebalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebalance",
        abstract: "Transfer suggestions that even out days of cover; forbidden transfers are never suggested.")
    @OptionGroup var options: IntelligenceOptions
    @OptionGroup var supplier: SupplierOptions
    @Option(help: "Lane FROM:TO:TRANSPORT:DAYS:COST_PER_UNIT; repeatable (default: road/air between every pair).")
    var lane: [String] = []
    @Option(help: "Declared value per unit (decimal) for the customs assessment.") var unitValue = "10.00"

    func run() async throws {
        do {
            let context = try await IntelligenceContext.load(options)
            let terms = try supplier.terms()
            guard let value = Decimal(string: unitValue, locale: Locale(identifier: "en_US_POSIX")), value > 0 else {
                throw ValidationError("--unit-value must be a positive decimal, not '\(unitValue)'")
            }
            let lanes = try lane.isEmpty ? defaultLanes(context) : lane.map(Self.parseLane)
            let products = try await context.warehouses.isEmpty ? [] : loadProducts(context)
            let planner = RebalancePlanner(
                packSet: context.packSet, day: context.day, warehouses: context.warehouses, products: products,
                lanes: lanes)
            let replenishment = ReplenishmentPlanner(policy: context.policy)
            var suggestions: [TransferSuggestion] = []
            var rejected: [RejectedTransfer] = []
            for sku in Set(context.stocks.map(\.sku)).sorted() {
                let positions = context.stocks.filter { $0.sku == sku }.map { stock in
                    let forecast = context.forecast(stock)
                    return CoverPosition(
                        warehouse: stock.warehouse, availableToPromise: stock.availableToPromise,
                        inTransit: stock.quantity(.inTransit), dailyDemand: forecast?.meanDemand ?? 0,
                        replenishmentDays: terms.meanLeadTime + replenishment.reviewPeriodDays,
                        safetyStock: replenishment.safetyStock(
                            dailyDemand: forecast?.meanDemand ?? 0, sigma: forecast?.sigma ?? 0, terms: terms,
                            abcClass: supplier.abcClass))
                }
                let plan = planner.plan(sku: sku, positions: positions, unitValue: value)
                suggestions += plan.suggestions
                rejected += plan.rejected
            }
            if options.json {
                print(JSON.object([
                    ("suggestions", .array(suggestions.map(Self.json))),
                    ("refused", .array(rejected.map { r in
                        .object([("sku", .string(r.sku)), ("from", .string(r.from)), ("to", .string(r.to)),
                                 ("transport", .string(r.transport)), ("hold", .string(r.hold)),
                                 ("rule", .string(r.rule)), ("message", .string(r.message))])
                    })),
                ]).text)
                return
            }
            for s in suggestions {
                let declaration = s.needsDeclaration
                    ? "; export/import declaration needed" + (s.documents.isEmpty ? "" : " (\(s.documents.joined(separator: ", ")))")
                    : ""
                print("\(s.sku): \(s.quantity) from \(s.from) to \(s.to) by \(s.transport), \(s.leadTimeDays) days, cost "
                      + "\(ReplenishmentExport.csvMoney(s.cost)) \(s.currency)\(declaration)")
            }
            for r in rejected { print("refused \(r.sku) \(r.from)→\(r.to) by \(r.transport): \(r.hold) (\(r.rule))") }
            print("\(suggestions.count) transfer(s) suggested, \(rejected.count) lane(s) refused by the rules")
        } catch {
            throw intelligenceFailure(error)
        }
    }

    static func parseLane(_ text: String) throws -> TransferLane {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, let days = Int(parts[3]), days >= 0,
            let cost = Decimal(string: parts[4], locale: Locale(identifier: "en_US_POSIX")), cost >= 0
        else { throw ValidationError("--lane '\(text)' is not FROM:TO:TRANSPORT:DAYS:COST_PER_UNIT") }
        return TransferLane(from: parts[0], to: parts[1], transport: parts[2], leadTimeDays: days, costPerUnit: cost)
    }

    func defaultLanes(_ context: IntelligenceContext) -> [TransferLane] {
        var lanes: [TransferLane] = []
        for a in context.warehouses {
            for b in context.warehouses where a.code != b.code {
                let domestic = a.country == b.country
                lanes.append(TransferLane(
                    from: a.code, to: b.code, transport: domestic ? "road" : "air", leadTimeDays: domestic ? 3 : 7,
                    costPerUnit: domestic ? Decimal(string: "0.40")! : Decimal(string: "1.50")!))
            }
        }
        return lanes
    }

    func loadProducts(_ context: IntelligenceContext) async throws -> [Product] {
        var products: [Product] = []
        for sku in Set(context.stocks.map(\.sku)).sorted() {
            if let product = try await context.store.product(sku) { products.append(product) }
        }
        return products
    }

    static func json(_ s: TransferSuggestion) -> JSON {
        .object([
            ("sku", .string(s.sku)), ("from", .string(s.from)), ("to", .string(s.to)), ("quantity", .integer(s.quantity)),
            ("transport", .string(s.transport)), ("lead_time_days", .integer(Int64(s.leadTimeDays))),
            ("cost", .string(ReplenishmentExport.csvMoney(s.cost))), ("currency", .string(s.currency)),
            ("cover_before", .object([("from", .number(s.coverBefore.from, 1)), ("to", .number(s.coverBefore.to, 1))])),
            ("cover_after", .object([("from", .number(s.coverAfter.from, 1)), ("to", .number(s.coverAfter.to, 1))])),
            ("cross_border", .bool(s.crossBorder)), ("needs_declaration", .bool(s.needsDeclaration)),
            ("documents", .array(s.documents.map(JSON.string))),
        ])
    }
}
