import ArgumentParser
import ComplianceEngine
import Foundation
import Intelligence
import WMSCore

/// Options shared by `bonded forecast|warnings|replenish|rebalance`.
struct IntelligenceOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Rules directory (with the inventory-policy pack).") var rules = "Rules"
    @Option(help: "Warehouse code; repeatable (default: every warehouse).") var warehouse: [String] = []
    @Option(help: "Planning day YYYY-MM-DD (default: today, UTC).") var at: String?
    @Option(help: "Days of history to forecast from.") var historyDays = 364
    @Option(help: "Days to forecast.") var horizon = 28
    @Flag(help: "Print JSON.") var json = false

    var day: Day {
        get throws {
            guard let at else { return Day.utc(Date()) }
            guard let day = Day(parsing: at) else { throw ValidationError("--at must be a date YYYY-MM-DD") }
            return day
        }
    }
}

/// What every intelligence command reads: the warehouses, their stock snapshot and demand history, and a forecast
/// per SKU × warehouse.
struct IntelligenceContext {
    var day: Day
    var packSet: PackSet
    var policy: InventoryPolicy
    var warehouses: [Warehouse]
    var stocks: [SKUStock]
    var forecasts: [SeriesKey: Forecast]
    var store: any Store

    static func load(_ options: IntelligenceOptions) async throws -> IntelligenceContext {
        let day = try options.day
        let packSet = try RulesCommand.load(options.rules, quiet: true)
        let policy = try InventoryPolicy(packSet: packSet, day: day)
        let store = try await options.database.open()
        var warehouses = try await store.warehouses()
        if !options.warehouse.isEmpty {
            for code in options.warehouse where !warehouses.contains(where: { $0.code == code }) {
                throw WMSError(.unknownWarehouse, field: "--warehouse", value: code, "unknown warehouse '\(code)'")
            }
            warehouses = warehouses.filter { options.warehouse.contains($0.code) }
        }
        let (stocks, events) = try await StockSnapshotBuilder.load(store: store, warehouses: warehouses.map(\.code))
        let history = DemandHistory(events)
        let series = history.series(
            granularity: .daily, from: day.adding(days: -Int32(options.historyDays)), until: day.adding(days: 1))
        let forecaster = Forecaster.standard(for: .daily, horizon: options.horizon)
        var forecasts: [SeriesKey: Forecast] = [:]
        for item in series { forecasts[item.key] = forecaster.forecast(item) }
        // SKUs in stock without any demand get an all-zero forecast.
        for stock in stocks where forecasts[SeriesKey(sku: stock.sku, warehouse: stock.warehouse)] == nil {
            let key = SeriesKey(sku: stock.sku, warehouse: stock.warehouse)
            forecasts[key] = forecaster.forecast(DemandSeries(key: key, granularity: .daily, start: day, values: []))
        }
        return IntelligenceContext(
            day: day, packSet: packSet, policy: policy, warehouses: warehouses, stocks: stocks, forecasts: forecasts,
            store: store)
    }

    func forecast(_ stock: SKUStock) -> Forecast? { forecasts[SeriesKey(sku: stock.sku, warehouse: stock.warehouse)] }
}

/// Supplier terms from the command line (one set for every line until suppliers are master data).
struct SupplierOptions: ParsableArguments {
    @Option(help: "Supplier code.") var supplier = "DEFAULT"
    @Option(help: "First-mile mode: ocean, rail, air or road.") var mode = "ocean"
    @Option(help: "Lead time range in days, MIN-MAX (default: the mode's typical range).") var leadTime: String?
    @Option(help: "Minimum order quantity.") var moq: Int64 = 1
    @Option(help: "Units per case.") var casePack: Int64 = 1
    @Option(help: "Unit cost (decimal).") var unitCost = "0"
    @Option(help: "Currency of the unit cost.") var currency = "USD"
    @Option(help: "ABC class for the service level target.") var abcClass = "B"

    func terms() throws -> SupplierTerms {
        guard let mode = FirstMileMode(rawValue: mode) else {
            throw ValidationError("--mode must be ocean, rail, air or road, not '\(mode)'")
        }
        var range: ClosedRange<Int>?
        if let leadTime {
            let parts = leadTime.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 0, parts[0] <= parts[1] else {
                throw ValidationError("--lead-time must be MIN-MAX days, not '\(leadTime)'")
            }
            range = parts[0]...parts[1]
        }
        guard let cost = Decimal(string: unitCost, locale: Locale(identifier: "en_US_POSIX")) else {
            throw ValidationError("--unit-cost must be a decimal, not '\(unitCost)'")
        }
        let terms = SupplierTerms(
            supplier: supplier, mode: mode, leadTimeDays: range, minimumOrder: moq, casePack: casePack,
            unitCost: cost, currency: currency)
        try terms.validate(field: "--supplier")
        return terms
    }
}

func intelligenceFailure(_ error: any Error) -> any Error {
    if let error = error as? IntelligenceError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        return ExitCode.failure
    }
    if error is ExitCode || error is ValidationError { return error }
    return failure(error)
}
