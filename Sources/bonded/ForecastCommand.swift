import ArgumentParser
import Foundation
import ComplianceEngine
import Intelligence
import WMSCore

/// `bonded forecast`: the chosen model, forecast and accuracy of every SKU × warehouse.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast daily demand per SKU × warehouse (ETS, Croston/SBA/TSB; chosen by backtest).")
    @OptionGroup var options: IntelligenceOptions

    func run() async throws {
        do {
            let context = try await IntelligenceContext.load(options)
            let forecasts = context.forecasts.sorted { $0.key < $1.key }.map(\.value)
            if options.json {
                print(JSON.array(forecasts.map(Self.json)).text)
                return
            }
            print("SKU            WAREHOUSE  MODEL               PER DAY   80% (day 1)      MASE   BIAS")
            for f in forecasts {
                let interval = "\(JSON.number(f.lower80.first ?? 0, 1).text)–\(JSON.number(f.upper80.first ?? 0, 1).text)"
                print(
                    f.key.sku.padding(toLength: 15, withPad: " ", startingAt: 0)
                        + f.key.warehouse.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + f.model.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + JSON.number(f.meanDemand, 2).text.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + interval.padding(toLength: 17, withPad: " ", startingAt: 0)
                        + (f.mase.map { JSON.number($0, 2).text } ?? "-").padding(toLength: 7, withPad: " ", startingAt: 0)
                        + (f.bias.map { JSON.number($0, 2).text } ?? "-"))
            }
        } catch {
            throw intelligenceFailure(error)
        }
    }

    static func json(_ f: Forecast) -> JSON {
        .object([
            ("sku", .string(f.key.sku)), ("warehouse", .string(f.key.warehouse)), ("model", .string(f.model)),
            ("family", .string(f.family.rawValue)), ("short_history", .bool(f.shortHistory)),
            ("mean_per_day", .number(f.meanDemand, 4)), ("sigma", .number(f.sigma, 4)),
            ("mase", f.mase.map { .number($0, 4) } ?? .null), ("bias", f.bias.map { .number($0, 4) } ?? .null),
            ("point", .array(f.point.map { .number($0, 3) })),
            ("lower80", .array(f.lower80.map { .number($0, 3) })), ("upper80", .array(f.upper80.map { .number($0, 3) })),
            ("lower95", .array(f.lower95.map { .number($0, 3) })), ("upper95", .array(f.upper95.map { .number($0, 3) })),
        ])
    }
}
