import ArgumentParser
import Foundation
import WMSCore

/// `bonded inbound …`: ASN import, first-mile events and customs holds, receiving by scan, container close.
struct InboundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbound", abstract: "Import ASNs, record arrival and customs holds, receive by scan.",
        subcommands: [Import.self, Arrive.self, Inspect.self, Release.self, Receive.self, Close.self, Show.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import an ASN / bill of lading (CSV or XLSX) into in-transit (all or nothing; every bad cell listed).")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id.") var asn: String
        @Option(help: "Bill of lading number.") var billOfLading = ""
        @Argument(
            help: "CSV or .xlsx file (container,carton,sku,quantity,lot,expiry,hs_code,origin); - reads CSV from stdin."
        )
        var file: String

        func run() async throws {
            do {
                let store = try await options.database.open()
                let inbound = InboundService(store: store)
                let shipment: InboundShipment
                let replayed: Bool
                if file.lowercased().hasSuffix(".xlsx") {
                    guard let data = FileManager.default.contents(atPath: file) else {
                        throw ValidationError("cannot read '\(file)'")
                    }
                    var progress: (@Sendable (Int, Int) -> Void)? = nil
                    if data.count > 200_000 && !options.json {
                        progress = { @Sendable done, total in FlowOutput.progress(done, total, "rows checked") }
                    }
                    (shipment, replayed) = try await inbound.importXLSX(
                        [UInt8](data), id: asn, warehouse: options.warehouse, billOfLading: billOfLading,
                        operationID: options.operation, actor: options.actor, progress: progress)
                } else {
                    let text = try FlowOutput.readText(file)
                    var progress: (@Sendable (Int, Int) -> Void)? = nil
                    if text.utf8.count > 20_000 && !options.json {
                        progress = { @Sendable done, total in FlowOutput.progress(done, total, "rows checked") }
                    }
                    (shipment, replayed) = try await inbound.importCSV(
                        text, id: asn, warehouse: options.warehouse, billOfLading: billOfLading,
                        operationID: options.operation, actor: options.actor, progress: progress)
                }
                if options.json {
                    try FlowOutput.json(shipment)
                } else {
                    let units = shipment.lines.reduce(0) { $0 + $1.quantity }
                    print(
                        "\(shipment.id): \(shipment.lines.count) lines, \(units) units in transit to \(shipment.warehouse)"
                            + (replayed ? " (replayed; nothing written)" : ""))
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Arrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a shipment arrived.")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id.") var asn: String

        func run() async throws {
            do {
                let store = try await options.database.open()
                let shipment = try await InboundService(store: store).arrive(
                    asn, warehouse: options.warehouse, operationID: options.operation, actor: options.actor)
                try report(shipment, json: options.json)
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Customs inspection: freeze the outstanding units of SKUs (or SKU:LOT) until release.")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id.") var asn: String
        @Option(help: "Where the frozen stock waits (a dock or bonded location).") var location: String
        @Option(help: "SKU (all its lots) or SKU:LOT; repeatable.") var item: [String]

        func run() async throws {
            do {
                let store = try await options.database.open()
                let lots = item.filter { $0.contains(":") }.map {
                    let parts = $0.split(separator: ":", maxSplits: 1).map(String.init)
                    return SKULot(sku: parts[0], lot: parts[1])
                }
                let shipment = try await InboundService(store: store).inspect(
                    asn, warehouse: options.warehouse, items: lots, allLotsOf: item.filter { !$0.contains(":") },
                    location: location, operationID: options.operation, actor: options.actor)
                try report(shipment, json: options.json)
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Customs released the shipment: unfreeze held stock.")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id.") var asn: String

        func run() async throws {
            do {
                let store = try await options.database.open()
                let shipment = try await InboundService(store: store).release(
                    asn, warehouse: options.warehouse, operationID: options.operation, actor: options.actor)
                try report(shipment, json: options.json)
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive scans at a dock, against an ASN or blind; prints the containers' discrepancies.")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id (omit for a blind receipt).") var asn: String?
        @Option(help: "Dock location.") var dock: String
        @Option(help: "CONTAINER:SKU:LOT:QUANTITY[:DAMAGED] (LOT may be empty); repeatable.") var scan: [String] = []
        @Option(help: "CSV of scans (container,sku,lot,quantity,damaged).") var scans: String?
        @Flag(help: "Accept more than the ASN expects.") var allowOverReceipt = false

        func run() async throws {
            do {
                var parsed: [ReceiptScan] = []
                for text in scan {
                    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard (4...5).contains(parts.count), let quantity = Int64(parts[3]),
                        let damaged = parts.count == 5 ? Int64(parts[4]) : 0
                    else { throw ValidationError("--scan '\(text)' is not CONTAINER:SKU:LOT:QUANTITY[:DAMAGED]") }
                    parsed.append(
                        ReceiptScan(
                            container: parts[0], sku: parts[1], lot: parts[2], quantity: quantity, damaged: damaged))
                }
                if let scans {
                    let rows = ASNCSVParser.records(try FlowOutput.readText(scans))
                    for (index, row) in rows.dropFirst().enumerated() where row.count >= 4 {
                        guard let quantity = Int64(row[3]),
                            let damaged = row.count > 4 ? Int64(row[4].isEmpty ? "0" : row[4]) : 0
                        else { throw ValidationError("\(scans): row \(index + 2) has a bad quantity") }
                        parsed.append(
                            ReceiptScan(
                                container: row[0], sku: row[1], lot: row[2], quantity: quantity, damaged: damaged))
                    }
                }
                let store = try await options.database.open()
                let report = try await InboundService(store: store).receive(
                    ReceiveRequest(
                        clientOperationID: options.operation, warehouse: options.warehouse, asnID: asn, dock: dock,
                        scans: parsed, allowOverReceipt: allowOverReceipt, actor: options.actor))
                if options.json { try FlowOutput.json(report) } else { printContainers(report) }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a container: what was not received is short; prints its discrepancies.")
        @OptionGroup var options: FlowOptions
        @Option(help: "ASN id.") var asn: String
        @Option(help: "Container number.") var container: String

        func run() async throws {
            do {
                let store = try await options.database.open()
                let report = try await InboundService(store: store).closeContainer(
                    asn, warehouse: options.warehouse, container: container, operationID: options.operation,
                    actor: options.actor)
                if options.json { try FlowOutput.json(report) } else { printContainers([report]) }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a shipment's status, holds and containers.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Warehouse code.") var warehouse: String
        @Option(help: "ASN id.") var asn: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            do {
                let store = try await database.open()
                guard let shipment = try await InboundService(store: store).shipment(asn, warehouse: warehouse) else {
                    throw FlowError(.unknownDocument, field: "--asn", value: asn, "no ASN '\(asn)' in \(warehouse)")
                }
                try report(shipment, json: json)
            } catch {
                throw FlowOutput.failure(error, json: json)
            }
        }
    }
}

private func report(_ shipment: InboundShipment, json: Bool) throws {
    if json { return try FlowOutput.json(shipment) }
    print("\(shipment.id) (\(shipment.warehouse)): \(shipment.status)")
    for hold in shipment.holds {
        print(
            "  customs hold \(hold.id) at \(hold.location): \(hold.quantities.values.reduce(0, +)) units\(hold.released ? ", released" : "")"
        )
    }
    printContainers(shipment.containers)
}

private func printContainers(_ containers: [ContainerDiscrepancy]) {
    for container in containers {
        let lines = container.lines
        func sum(_ path: KeyPath<ContainerDiscrepancy.Line, Int64>) -> Int64 {
            lines.reduce(0) { $0 + $1[keyPath: path] }
        }
        print(
            "  \(container.container)\(container.closed ? " (closed)" : ""): expected \(sum(\.expected)), good \(sum(\.good)), damaged \(sum(\.damaged)), over \(sum(\.over)), short \(sum(\.short)), outstanding \(sum(\.outstanding))"
        )
        for line in container.discrepancies.prefix(20) {
            print(
                "    \(line.sku)\(line.lot.isEmpty ? "" : "/\(line.lot)"): expected \(line.expected), good \(line.good), damaged \(line.damaged), over \(line.over), short \(line.short)"
            )
        }
    }
}
