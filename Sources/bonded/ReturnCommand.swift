import ArgumentParser
import Foundation
import WMSCore

/// `bonded return authorise|receive|grade|relabel|restock|reasons`.
struct ReturnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Returns: authorise against a shipped order, receive by scan, grade, relabel, restock, reasons.",
        subcommands: [
            Authorise.self, Receive.self, Grade.self, Relabel.self, Restock.self, ReturnReasonsCommand.self,
        ])

    struct Authorise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Authorise a return (RMA) of shipped units.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "RMA number.") var rma: String
        @Option(help: "Shipped order id.") var order: String
        @Option(help: "Returns location the parcel is received into.") var returnsLocation: String
        @Option(help: "Return parcel tracking number.") var parcel: String?
        @Option(
            help:
                "SKU[@LOT]:QUANTITY:REASON (repeat). Reasons: \(ReturnReason.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var line: [String] = []

        func run() async throws {
            do {
                let lines = try line.enumerated().map { index, text in
                    let parts = text.split(separator: ":").map(String.init)
                    guard parts.count == 3, let quantity = Int64(parts[1]),
                        let reason = ReturnReason(rawValue: parts[2])
                    else { throw ValidationError("--line \(index + 1) '\(text)': expected SKU[@LOT]:QUANTITY:REASON") }
                    let (sku, lot) = ReturnCommand.skuLot(parts[0])
                    return ReturnRequestLine(sku: sku, lot: lot, quantity: quantity, reason: reason)
                }
                let (rma, replayed) = try await ReturnCommand.service(options, rules).authorise(
                    AuthoriseReturnRequest(
                        rmaID: rma, orderID: order, lines: lines, returnsLocation: returnsLocation, parcel: parcel,
                        operationID: options.operation, actor: options.actor))
                if options.json { return try FlowOutput.json(ReturnView(rma)) }
                print(
                    "RMA \(rma.id) for order \(rma.orderID): \(rma.lines.count) line(s)\(replayed ? " (replayed)" : "")"
                )
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive a return parcel: scan the parcel (RMA or tracking number), then each item.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "Parcel scan: RMA number or return tracking number.") var parcel: String
        @Option(help: "Item scan: SKU or GTIN, optionally @LOT and :QUANTITY (repeat; default 1 unit).")
        var item: [String] = []
        @Option(help: "Scanner device.") var device = ""

        func run() async throws {
            do {
                let scans = try item.map { text in
                    let parts = text.split(separator: ":").map(String.init)
                    guard (1...2).contains(parts.count), let quantity = Int64(parts.count == 2 ? parts[1] : "1") else {
                        throw ValidationError("--item '\(text)': expected CODE[@LOT][:QUANTITY]")
                    }
                    let (code, lot) = ReturnCommand.skuLot(parts[0])
                    return ReturnItemScan(code: code, lot: lot, quantity: quantity)
                }
                let rma = try await ReturnCommand.service(options, rules).receive(
                    ReceiveReturnRequest(
                        warehouse: options.warehouse, parcel: parcel, items: scans, operationID: options.operation,
                        actor: options.actor, device: device))
                if options.json { return try FlowOutput.json(ReturnView(rma)) }
                for line in rma.lines {
                    print(
                        "\(line.sku)\(line.lot.isEmpty ? "" : " lot \(line.lot)"): \(line.received)/\(line.authorised) received"
                    )
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record an inspection: received units of a line get a grade (A resell, B refurbish, C defective, D destroy)."
        )
        @OptionGroup var options: FlowOptions
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "RMA number.") var rma: String
        @Option(help: "SKU.") var sku: String
        @Option(help: "Lot.") var lot = ""
        @Option(help: "Grade: A, B, C or D.") var grade: String
        @Option(help: "Units.") var quantity: Int64
        @Option(help: "Reason the inspector found, if not the customer's.") var reason: String?
        @Option(help: "Inspection note.") var note = ""

        func run() async throws {
            do {
                guard let grade = ReturnGrade(rawValue: grade.uppercased()) else {
                    throw ValidationError("--grade must be A, B, C or D")
                }
                let found = try reason.map {
                    guard let parsed = ReturnReason(rawValue: $0) else {
                        throw ValidationError("unknown --reason '\($0)'")
                    }
                    return parsed
                }
                let rma = try await ReturnCommand.service(options, rules).grade(
                    rma, warehouse: options.warehouse,
                    entries: [
                        GradeEntry(sku: sku, lot: lot, grade: grade, quantity: quantity, reason: found, note: note)
                    ],
                    operationID: options.operation, inspector: options.actor)
                if options.json { return try FlowOutput.json(ReturnView(rma)) }
                for line in rma.lines {
                    let grades = line.graded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print("\(line.sku): graded \(grades.joined(separator: ", ")); \(line.awaitingGrade) to grade")
                }
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Relabel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Relabel returned units; the new label is re-checked against the marking rules.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "RMA number.") var rma: String
        @Option(help: "SKU.") var sku: String
        @Option(help: "Lot.") var lot = ""
        @Option(help: "Units.") var quantity: Int64
        @Option(help: "Old label code.") var oldLabel: String
        @Option(help: "New label code.") var newLabel: String
        @Option(help: "Label language (repeat).") var language: [String] = []
        @Option(help: "Country of origin the label states.") var origin: String?
        @Option(help: "Type, batch or serial number on the label.") var identifier: String?
        @Option(help: "Manufacturer name and address on the label.") var manufacturer: String?
        @Option(help: "EU responsible person on the label.") var responsiblePerson: String?
        @Option(help: "Country the goods will be sold to (default: the warehouse's).") var destination: String?

        func run() async throws {
            do {
                let record = try await ReturnCommand.service(options, rules).relabel(
                    rma, warehouse: options.warehouse, sku: sku, lot: lot, quantity: quantity, oldLabel: oldLabel,
                    newLabel: LabelContent(
                        code: newLabel, languages: language, originCountry: origin, productIdentifier: identifier,
                        manufacturer: manufacturer, responsiblePerson: responsiblePerson),
                    destination: destination, operationID: options.operation, actor: options.actor)
                if options.json { return try FlowOutput.json(record) }
                print(
                    "\(record.oldLabel) → \(record.newLabel.code) (\(record.quantity) \(record.sku), for \(record.destination); markings \(record.requiredMarkings.joined(separator: ", ")))"
                )
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    struct Restock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restock graded units: A → available, B/C → defective, D → pending-destruction.")
        @OptionGroup var options: FlowOptions
        @Option(help: "Rules directory.") var rules = "Rules"
        @Option(help: "RMA number.") var rma: String
        @Option(help: "Location for grade A stock (default: the returns location).") var resellLocation: String?

        func run() async throws {
            do {
                let rma = try await ReturnCommand.service(options, rules).restock(
                    rma, warehouse: options.warehouse, resellLocation: resellLocation, operationID: options.operation,
                    actor: options.actor)
                if options.json { return try FlowOutput.json(ReturnView(rma)) }
                for line in rma.lines {
                    let grades = line.restocked.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                    print("\(line.sku): restocked \(grades.joined(separator: ", "))")
                }
                print("RMA \(rma.id): \(rma.status)")
            } catch {
                throw FlowOutput.failure(error, json: options.json)
            }
        }
    }

    static func skuLot(_ text: String) -> (String, String) {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count == 2 ? parts[1] : "")
    }

    static func service(_ options: FlowOptions, _ rules: String) async throws -> ReturnService {
        try await service(options.database, warehouse: options.warehouse, rules: rules)
    }

    /// The returns service over the store: shipped orders of the order desk (`BONDED_ORDER_DESK`, default `DESK`)
    /// first, then shipped-order summaries kept as the warehouse's flow documents.
    static func service(_ database: DatabaseOptions, warehouse: String, rules: String) async throws -> ReturnService {
        let store = try await database.open()
        let desk = ProcessInfo.processInfo.environment["BONDED_ORDER_DESK"] ?? "DESK"
        return ReturnService(
            store: store,
            orders: ShippedOrderLookups([
                OrderService(store: store, desk: desk),
                FlowDocumentShippedOrders(store: store, warehouses: [warehouse]),
            ]), packSet: try RulesCommand.load(rules, quiet: true))
    }
}
