public import ComplianceEngine
public import Foundation
public import WMSCore

/// A way to move stock between two warehouses: transport, lead time and cost per unit.
public struct TransferLane: Hashable, Sendable {
    public var from: String
    public var to: String
    /// Transport as the rules know it (`road`, `rail`, `sea`, `air`).
    public var transport: String
    public var leadTimeDays: Int
    /// Cost per unit moved, in `currency` (decimal).
    public var costPerUnit: Decimal
    public var currency: String

    public init(from: String, to: String, transport: String, leadTimeDays: Int, costPerUnit: Decimal,
                currency: String = "EUR") {
        self.from = from
        self.to = to
        self.transport = transport
        self.leadTimeDays = leadTimeDays
        self.costPerUnit = costPerUnit
        self.currency = currency
    }
}

/// One SKU in one warehouse as rebalancing sees it.
public struct CoverPosition: Hashable, Sendable {
    public var warehouse: String
    public var availableToPromise: Int64
    /// Units already on their way to the warehouse.
    public var inTransit: Int64
    /// Forecast demand per day of the warehouse's regions.
    public var dailyDemand: Double
    /// Days until the warehouse's own replenishment can arrive (supplier lead time + review period).
    public var replenishmentDays: Double
    /// Units the warehouse keeps as safety stock.
    public var safetyStock: Double

    public init(warehouse: String, availableToPromise: Int64, inTransit: Int64 = 0, dailyDemand: Double,
                replenishmentDays: Double, safetyStock: Double = 0) {
        self.warehouse = warehouse
        self.availableToPromise = availableToPromise
        self.inTransit = inTransit
        self.dailyDemand = dailyDemand
        self.replenishmentDays = replenishmentDays
        self.safetyStock = safetyStock
    }

    /// Days the stock (on hand and arriving) lasts at the forecast rate.
    public var daysOfCover: Double {
        dailyDemand > 0 ? Double(availableToPromise + inTransit) / dailyDemand : .infinity
    }
}

/// A suggested transfer, with what compliance requires for it.
public struct TransferSuggestion: Hashable, Sendable {
    public var sku: String
    public var from: String
    public var to: String
    public var quantity: Int64
    public var transport: String
    public var leadTimeDays: Int
    public var cost: Decimal
    public var currency: String
    public var coverBefore: (from: Double, to: Double)
    public var coverAfter: (from: Double, to: Double)
    public var crossBorder: Bool
    /// An export and import declaration are needed (a cross-border move, or documents the assessment lists).
    public var needsDeclaration: Bool
    /// Documents the compliance assessment requires.
    public var documents: [String]

    public static func == (a: TransferSuggestion, b: TransferSuggestion) -> Bool {
        (a.sku, a.from, a.to, a.quantity, a.transport) == (b.sku, b.from, b.to, b.quantity, b.transport)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sku)
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(quantity)
    }
}

/// A transfer the rules forbid (a hold): never suggested, reported with the rule that holds it.
public struct RejectedTransfer: Hashable, Sendable {
    public var sku: String
    public var from: String
    public var to: String
    public var transport: String
    public var hold: String
    public var rule: String
    public var message: String
}

/// Suggests transfers that even out days of cover across warehouses. A warehouse needs stock when what it has and
/// what is arriving does not last until the lane could bring more plus `protectionDays`; a donor gives only what it
/// holds beyond its own need until its replenishment arrives plus its safety stock. Lanes are tried cheapest first
/// (then fastest); a lane slower than the receiver's own replenishment, or costing more than `maxCostShare` of the
/// unit value, is not used. Every cross-border transfer is assessed by the compliance engine: a hold means it is
/// never suggested, required documents are listed.
public struct RebalancePlanner: Sendable {
    public let packSet: PackSet
    public let day: Day
    public var warehouses: [String: Warehouse]
    public var products: [String: Product]
    public var lanes: [TransferLane]
    public var protectionDays: Double = 14
    public var maxCostShare: Decimal = Decimal(string: "0.3")!
    /// Smallest transfer worth making (units).
    public var minimumQuantity: Int64 = 5

    public init(packSet: PackSet, day: Day, warehouses: [Warehouse], products: [Product], lanes: [TransferLane]) {
        self.packSet = packSet
        self.day = day
        self.warehouses = Dictionary(warehouses.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        self.products = Dictionary(products.map { ($0.sku, $0) }, uniquingKeysWith: { a, _ in a })
        self.lanes = lanes
    }

    /// Suggestions (and rejected transfers) for one SKU; `unitValue` is the declared value per unit.
    public func plan(sku: String, positions: [CoverPosition], unitValue: Decimal, currency: String = "EUR")
        -> (suggestions: [TransferSuggestion], rejected: [RejectedTransfer])
    {
        var stock = Dictionary(positions.map { ($0.warehouse, $0) }, uniquingKeysWith: { a, _ in a })
        var suggestions: [TransferSuggestion] = []
        var rejected: [RejectedTransfer] = []
        var assessed: [String: Assessment] = [:]
        let receivers = positions.filter { $0.dailyDemand > 0 }.sorted {
            ($0.daysOfCover, $0.warehouse) < ($1.daysOfCover, $1.warehouse)
        }
        for receiver in receivers {
            let candidateLanes = lanes.filter { $0.to == receiver.warehouse && stock[$0.from] != nil }
                .filter { Double($0.leadTimeDays) < receiver.replenishmentDays }
                .filter { $0.costPerUnit <= unitValue * maxCostShare }
                .sorted { ($0.costPerUnit, $0.leadTimeDays, $0.from) < ($1.costPerUnit, $1.leadTimeDays, $1.from) }
            for lane in candidateLanes {
                guard let target = stock[receiver.warehouse], let donor = stock[lane.from] else { continue }
                let need = target.dailyDemand * (Double(lane.leadTimeDays) + protectionDays) + target.safetyStock
                    - Double(target.availableToPromise + target.inTransit)
                let keep = donor.dailyDemand * donor.replenishmentDays + donor.safetyStock
                let excess = Double(donor.availableToPromise) - keep
                let quantity = Int64(min(need, excess).rounded(.down))
                guard quantity >= minimumQuantity else { continue }
                let crossBorder = warehouses[lane.from]?.country != warehouses[lane.to]?.country
                var documents: [String] = []
                if crossBorder {
                    let key = "\(lane.from)>\(lane.to)>\(lane.transport)"
                    let assessment = assessed[key] ?? assess(sku: sku, lane: lane, quantity: quantity,
                                                              unitValue: unitValue, currency: currency)
                    assessed[key] = assessment
                    guard let assessment else { continue }
                    if let hold = assessment.holds.first {
                        if !rejected.contains(where: { $0.from == lane.from && $0.to == lane.to && $0.transport == lane.transport }) {
                            rejected.append(RejectedTransfer(sku: sku, from: lane.from, to: lane.to, transport: lane.transport,
                                                             hold: hold.code, rule: hold.rule, message: hold.message))
                        }
                        continue
                    }
                    documents = assessment.documents
                }
                let before = (donor.daysOfCover, target.daysOfCover)
                stock[lane.from]?.availableToPromise -= quantity
                stock[lane.to]?.inTransit += quantity
                suggestions.append(TransferSuggestion(
                    sku: sku, from: lane.from, to: lane.to, quantity: quantity, transport: lane.transport,
                    leadTimeDays: lane.leadTimeDays, cost: lane.costPerUnit * Decimal(quantity), currency: lane.currency,
                    coverBefore: before, coverAfter: (stock[lane.from]!.daysOfCover, stock[lane.to]!.daysOfCover),
                    crossBorder: crossBorder, needsDeclaration: crossBorder || !documents.isEmpty, documents: documents))
            }
        }
        return (suggestions, rejected)
    }

    /// The compliance assessment of moving `quantity` units along a lane (nil when the product or a warehouse is
    /// unknown: such a transfer is not suggested).
    func assess(sku: String, lane: TransferLane, quantity: Int64, unitValue: Decimal, currency: String) -> Assessment? {
        guard let product = products[sku], let from = warehouses[lane.from], let to = warehouses[lane.to] else {
            return nil
        }
        var line: [(String, JSON)] = [
            ("sku", .string(product.sku)), ("hs", .string(product.hsCode ?? "999999")),
            ("origin", .string(product.originCountry ?? from.country)), ("quantity", .string(String(quantity))),
            ("unit_price", .string(ReplenishmentExport.money(unitValue))),
        ]
        if product.netWeightGrams > 0 {
            line.append(("net_kg", .string(JSON.number(Double(product.netWeightGrams) / 1000, 3).text)))
        }
        if let un = product.unNumber { line.append(("un_number", .string(un))) }
        if let battery = product.battery {
            // The dangerous-goods rules read the category (vehicle batteries); a product with a battery is electronics.
            line.append(("category", .string("electronics")))
            var fields: [(String, JSON)] = [
                ("chemistry", .string(battery.chemistry.rawValue)), ("packing", .string(battery.packing.rawValue)),
            ]
            if let mwh = battery.milliwattHours { fields.append(("wh", .string(JSON.number(Double(mwh) / 1000, 3).text))) }
            if let mg = battery.lithiumMilligrams {
                fields.append(("lithium_g", .string(JSON.number(Double(mg) / 1000, 3).text)))
            }
            if let soc = battery.stateOfChargePercent { fields.append(("soc_percent", .string(String(soc)))) }
            line.append(("battery", .object(fields)))
        }
        let request = JSON.object([
            ("id", .string("rebalance-\(sku)-\(lane.from)-\(lane.to)")), ("date", .string(day.description)),
            ("sale", .string("B2B")), ("from", .string(from.country)), ("to", .string(to.country)),
            ("transport", .string(lane.transport)), ("currency", .string(currency)),
            ("lines", .array([.object(line)])),
        ])
        guard let decoded = try? AssessmentRequest.decode(json: request.text) else { return nil }
        return packSet.assess(decoded, on: day, explain: false)
    }
}
