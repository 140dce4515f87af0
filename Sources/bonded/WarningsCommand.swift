import ArgumentParser
import Foundation
import ComplianceEngine
import Intelligence
import WMSCore

/// `bonded warnings`: three-level stock warnings with the policy row behind each.
struct WarningsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warnings",
        abstract: "Stock warnings (info, warning, critical): safety stock, expiry, FEFO, cover, no sale, age, stuck.")
    @OptionGroup var options: IntelligenceOptions
    @OptionGroup var supplier: SupplierOptions
    @Option(help: "Lowest level shown: info, warning or critical.") var level = "info"

    func run() async throws {
        do {
            guard let minimum = WarningLevel(rawValue: level) else {
                throw ValidationError("--level must be info, warning or critical")
            }
            let context = try await IntelligenceContext.load(options)
            let terms = try supplier.terms()
            let service = StockWarningService(policy: context.policy)
            let planner = ReplenishmentPlanner(policy: context.policy)
            var warnings: [StockWarning] = []
            for stock in context.stocks {
                let forecast = context.forecast(stock)
                let mean = forecast?.meanDemand ?? 0
                let safety = planner.safetyStock(
                    dailyDemand: mean, sigma: forecast?.sigma ?? 0, terms: terms, abcClass: supplier.abcClass)
                warnings += service.warnings(for: stock, dailyDemand: mean, safetyStock: safety)
                    .filter { $0.level >= minimum }
            }
            if options.json {
                print(JSON.array(warnings.map(Self.json)).text)
                return
            }
            for w in warnings {
                let lot = w.lot.map { " lot \($0)" } ?? ""
                print("\(w.level.rawValue.uppercased()) \(w.code) \(w.warehouse) \(w.sku)\(lot): \(w.message) [\(w.rule)]")
            }
            let counts = WarningLevel.allCases.reversed().map { l in "\(warnings.filter { $0.level == l }.count) \(l.rawValue)" }
            print(counts.joined(separator: ", "))
        } catch {
            throw intelligenceFailure(error)
        }
    }

    static func json(_ w: StockWarning) -> JSON {
        .object([
            ("level", .string(w.level.rawValue)), ("check", .string(w.check.rawValue)), ("code", .string(w.code)),
            ("warehouse", .string(w.warehouse)), ("sku", .string(w.sku)), ("lot", w.lot.map(JSON.string) ?? .null),
            ("bucket", w.bucket.map { .string($0.rawValue) } ?? .null), ("value", .number(w.value, 3)),
            ("rule", .string(w.rule)), ("message", .string(w.message)),
        ])
    }
}
