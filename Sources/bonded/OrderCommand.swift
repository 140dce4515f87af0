import ArgumentParser
import ComplianceEngine
import Documents
import Foundation
import Fulfilment
import WMSCore

/// `bonded order import|allocate|release|show`.
struct OrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Order intake, allocation and the compliance gate.",
        subcommands: [Import.self, Allocate.self, Release.self, Show.self, OrderConvertCommand.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take orders in from JSON (an order or an array) or CSV (one row per line); idempotent.")
        @OptionGroup var options: OrderOptions
        @Argument(help: "Orders file (.json or .csv), or - for JSON on standard input.") var file: String

        func run() async throws {
            do {
                let text = try FlowOutput.readText(file)
                let intakes =
                    file.lowercased().hasSuffix(".csv")
                    ? try OrderCSVParser.parse(text) : try OrderJSONParser.parse(text)
                let results = try await options.service().take(intakes)
                struct Taken: Encodable { var id: String; var replayed: Bool; var status: String }
                let taken = results.map {
                    Taken(id: $0.order.id, replayed: $0.replayed, status: $0.order.status.rawValue)
                }
                try options.output(taken) {
                    "\(taken.filter { !$0.replayed }.count) order(s) taken, \(taken.filter(\.replayed).count) already known"
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allocate received and back-ordered orders (warehouse by rule, FEFO, reservations).")
        @OptionGroup var options: OrderOptions
        @Option(help: "Fulfilment network JSON (default: each warehouse serves its own region).") var network: String?
        @Option(help: "Today YYYY-MM-DD for lot expiry (default: today, UTC).") var date: String?
        @Option(help: "Only this order; repeatable.") var id: [String] = []

        func run() async throws {
            do {
                let orders = try await options.service()
                let service = AllocationService(
                    orders: orders, network: try await options.network(network, store: orders.store),
                    today: OrderOptions.today(date))
                let report = try await service.allocate(ids: id.isEmpty ? nil : id, operationID: options.operation)
                try options.output(report) {
                    var text = "\(report.allocated.count) allocated, \(report.backOrdered.count) back-ordered"
                    for (order, reason) in report.backOrdered.sorted(by: { $0.key < $1.key }) {
                        text += "\n  \(order): \(reason)"
                    }
                    return text
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Assess allocated orders with the rule packs; release them or hold them with the rule that fired."
        )
        @OptionGroup var options: OrderOptions
        @OptionGroup var rules: RulesOptions
        @Option(help: "Only this order; repeatable.") var id: [String] = []
        @Option(help: "Directory with Schemas/ and Templates/ (default: found automatically).") var resources: String?

        func run() async throws {
            do {
                let gate = ComplianceGate(
                    orders: try await options.service(), packSet: try rules.packSet(), day: try rules.day(),
                    producer: try OrderOptions.producer(resources: resources))
                let report = try await gate.release(ids: id.isEmpty ? nil : id, operationID: options.operation)
                try options.output(report) {
                    var text = "\(report.released.count) released, \(report.held.count) held"
                    for (order, holds) in report.held.sorted(by: { $0.key < $1.key }) {
                        text += "\n  \(order): " + holds.map(\.description).joined(separator: "; ")
                    }
                    return text
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an order, or list orders by status.")
        @OptionGroup var options: OrderOptions
        @Option(help: "Order id.") var id: String?
        @Option(help: "List orders in this status.") var status: String?

        func run() async throws {
            do {
                let orders = try await options.service()
                if let id {
                    guard let order = try await orders.order(id: id) else {
                        throw FlowError(.unknownDocument, field: "id", value: id, "no order '\(id)'")
                    }
                    try options.output(order) {
                        var text = "\(order.id): \(order.status.rawValue)"
                        if let warehouse = order.warehouse { text += " in \(warehouse)" }
                        if let reason = order.backOrder { text += "\n  back-order \(reason)" }
                        for hold in order.holds { text += "\n  hold \(hold) (\(hold.source))" }
                        for allocation in order.allocations {
                            text +=
                                "\n  line \(allocation.lineIndex): \(allocation.quantity) × \(allocation.sku)"
                                + "\(allocation.lot.isEmpty ? "" : " lot \(allocation.lot)") at \(allocation.location)"
                        }
                        if let tracking = order.trackingNumber { text += "\n  tracking \(tracking)" }
                        for document in order.parcel?.documents ?? [] {
                            text += "\n  document \(document.kind) \(document.id) sha256 \(document.sha256)"
                        }
                        return text
                    }
                    return
                }
                let filter = try status.map {
                    guard let value = OrderStatus(rawValue: $0) else { throw ValidationError("unknown --status \($0)") }
                    return value
                }
                let list = try await orders.orders(status: filter)
                struct Row: Encodable { var id: String; var status: String; var warehouse: String? }
                try options.output(list.map { Row(id: $0.id, status: $0.status.rawValue, warehouse: $0.warehouse) }) {
                    list.map { "\($0.id)\t\($0.status.rawValue)\t\($0.warehouse ?? "-")" }.joined(separator: "\n")
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }
}
