public import ComplianceEngine
import Foundation
import WMSCore

/// A 365-day, in-memory simulation of the demo network (three warehouses, four SKUs, one supplier in China):
/// seeded regional demand with weekly seasonality, a shift in demand between regions, an intermittent SKU,
/// random first-mile lead times and occasional delays. It compares a replenishment policy with lost sales, and
/// reports fill rate and average stock on hand.
public struct NetworkSimulation: Sendable {
    /// Which policy runs the network.
    public enum Policy: String, Sendable {
        /// Forecast-driven order-up-to replenishment plus transfer suggestions (this module).
        case intelligence
        /// Naive min/max: order up to 120 days of the last 90 days' average demand when the position falls to 60.
        case minMax = "min-max"
    }

    /// The outcome of one run.
    public struct Outcome: Sendable {
        public var policy: Policy
        public var demanded: Int64
        public var shipped: Int64
        /// Mean units on hand (all warehouses and SKUs) at the end of each day.
        public var averageInventory: Double
        public var orders: Int
        public var transfers: Int
        /// Transfer lanes the compliance engine refused at least once.
        public var refusedLanes: Set<String>
        /// Shipped ÷ demanded.
        public var fillRate: Double { demanded == 0 ? 1 : Double(shipped) / Double(demanded) }
    }

    public let packSet: PackSet
    public var seed: UInt64
    public var days = 365
    public var historyDays = 182
    public var reviewPeriod = 7
    /// Days between two re-forecasts (plans reuse the last forecast in between).
    public var forecastInterval = 28

    static let warehouses = ["DE-FRA1", "US-LAX1", "CN-NGB1"]
    /// Base daily demand per SKU and warehouse, and whether it is intermittent.
    static let demand: [(sku: String, rates: [Double], intermittent: Bool)] = [
        ("TSHIRT-BLK-M", [14, 20, 6], false),
        ("PB-20000", [5, 8, 3], false),
        ("PHONE-X1", [0.6, 0.9, 0.3], true),
        ("PERFUME-100", [3, 2, 1], false),
    ]
    static let unitValue: [String: Decimal] = [
        "TSHIRT-BLK-M": 8, "PB-20000": 18, "PHONE-X1": 220, "PERFUME-100": 35,
    ]

    public init(packSet: PackSet, seed: UInt64 = 2026) {
        self.packSet = packSet
        self.seed = seed
    }

    /// Supplier terms into a warehouse: ocean to Europe and the US, road inside China.
    static func terms(_ warehouse: String) -> SupplierTerms {
        switch warehouse {
        case "CN-NGB1": SupplierTerms(supplier: "SZ-FACTORY", mode: .road, minimumOrder: 10, casePack: 5)
        default: SupplierTerms(supplier: "SZ-FACTORY", mode: .ocean, minimumOrder: 20, casePack: 10)
        }
    }

    static let lanes: [TransferLane] = [
        TransferLane(from: "CN-NGB1", to: "DE-FRA1", transport: "rail", leadTimeDays: 20, costPerUnit: Decimal(string: "0.60")!),
        TransferLane(from: "CN-NGB1", to: "US-LAX1", transport: "air", leadTimeDays: 7, costPerUnit: Decimal(string: "1.80")!),
        TransferLane(from: "DE-FRA1", to: "US-LAX1", transport: "air", leadTimeDays: 6, costPerUnit: Decimal(string: "1.50")!),
        TransferLane(from: "US-LAX1", to: "DE-FRA1", transport: "air", leadTimeDays: 6, costPerUnit: Decimal(string: "1.50")!),
    ]

    /// The demand of every SKU × warehouse for history + simulated days (the same for every policy).
    func demandMatrix() -> [[[Int64]]] {
        var random = SeededRandom(seed: seed)
        let total = historyDays + days
        return Self.demand.map { sku in
            sku.rates.enumerated().map { index, rate in
                (0..<total).map { t in
                    // Regional shift: the US grows by half over the simulated year, Germany loses a third.
                    let progress = max(0, Double(t - historyDays)) / Double(days)
                    let shift = index == 1 ? 1 + 0.5 * progress : (index == 0 ? 1 - 0.33 * progress : 1)
                    if sku.intermittent {
                        return random.uniform() < rate * shift / 2.5 ? Int64(1 + random.poisson(1.5)) : 0
                    }
                    return Int64(random.poisson(rate * shift * SyntheticDemand.weeklyPattern[t % 7]))
                }
            }
        }
    }

    /// Runs the simulation under a policy.
    public func run(_ policy: Policy) throws -> Outcome {
        let matrix = demandMatrix()
        var leadRandom = SeededRandom(seed: seed ^ 0x5EED)
        let inventoryPolicy = try InventoryPolicy(packSet: packSet, day: Day(ordinal: 20_000))
        let planner = ReplenishmentPlanner(policy: inventoryPolicy, reviewPeriodDays: Double(reviewPeriod))
        let forecaster = Forecaster(horizon: 28, seasonPeriod: 7, backtestOrigins: 3)
        var rebalance = RebalancePlanner(
            packSet: packSet, day: Day(ordinal: 20_000), warehouses: DemoNetwork.warehouses,
            products: DemoNetwork.products, lanes: Self.lanes)
        rebalance.protectionDays = Double(reviewPeriod) * 2
        let skus = Self.demand.count, sites = Self.warehouses.count
        // Opening stock: 45 days of base demand everywhere.
        var onHand = Self.demand.map { sku in sku.rates.map { Int64(($0 * 45).rounded()) } }
        var arrivals: [Int: [(sku: Int, site: Int, quantity: Int64)]] = [:]
        var pipeline = Array(repeating: Array(repeating: Int64(0), count: sites), count: skus)
        var outcome = Outcome(policy: policy, demanded: 0, shipped: 0, averageInventory: 0, orders: 0, transfers: 0,
                              refusedLanes: [])
        var inventorySum = 0.0
        var forecasts: [[Forecast?]] = Array(repeating: Array(repeating: nil, count: sites), count: skus)
        for day in 0..<days {
            let t = historyDays + day
            for arrival in arrivals.removeValue(forKey: day) ?? [] {
                onHand[arrival.sku][arrival.site] += arrival.quantity
                pipeline[arrival.sku][arrival.site] -= arrival.quantity
            }
            // Units arriving before a transfer could (the cover rebalancing counts; later ocean arrivals do not help).
            func arrivingSoon(_ s: Int, _ w: Int) -> Int64 {
                (day...(day + 3 * reviewPeriod)).reduce(0) { total, d in
                    total + (arrivals[d] ?? []).filter { $0.sku == s && $0.site == w }.reduce(0) { $0 + $1.quantity }
                }
            }
            if day % reviewPeriod == 0 {
                for s in 0..<skus {
                    var positions: [CoverPosition] = []
                    for w in 0..<sites {
                        let terms = Self.terms(Self.warehouses[w])
                        let history = matrix[s][w][(t - historyDays)..<t].map(Double.init)
                        let position = ReplenishmentPosition(
                            sku: Self.demand[s].sku, warehouse: Self.warehouses[w], available: onHand[s][w],
                            inTransit: pipeline[s][w])
                        var orderQuantity: Int64 = 0
                        switch policy {
                        case .intelligence:
                            if day % forecastInterval == 0 || forecasts[s][w] == nil {
                                forecasts[s][w] = forecaster.forecast(history)
                            }
                            let forecast = forecasts[s][w]!
                            let plan = planner.plan(position, forecast: forecast, terms: terms)
                            orderQuantity = plan.quantity
                            positions.append(CoverPosition(
                                warehouse: Self.warehouses[w], availableToPromise: onHand[s][w],
                                inTransit: arrivingSoon(s, w), dailyDemand: forecast.meanDemand,
                                replenishmentDays: terms.meanLeadTime + Double(reviewPeriod),
                                safetyStock: Double(plan.safetyStock)))
                        case .minMax:
                            let average = history.suffix(90).reduce(0, +) / 90
                            let low = average * 60, high = average * 120
                            if Double(position.position) <= low, average > 0 {
                                let needed = max(terms.minimumOrder, Int64((high - Double(position.position)).rounded(.up)))
                                orderQuantity = (needed + terms.casePack - 1) / terms.casePack * terms.casePack
                            }
                        }
                        if orderQuantity > 0 {
                            var lead = terms.leadTimeDays.lowerBound
                                + Int(leadRandom.uniform() * Double(terms.leadTimeDays.count))
                            if leadRandom.uniform() < 0.1 { lead += 7 + Int(leadRandom.uniform() * 8) }  // delays
                            arrivals[day + lead, default: []].append((s, w, orderQuantity))
                            pipeline[s][w] += orderQuantity
                            outcome.orders += 1
                        }
                    }
                    guard policy == .intelligence else { continue }
                    let plan = rebalance.plan(sku: Self.demand[s].sku, positions: positions,
                                              unitValue: Self.unitValue[Self.demand[s].sku] ?? 1)
                    for refused in plan.rejected { outcome.refusedLanes.insert("\(refused.from)>\(refused.to) \(refused.transport)") }
                    for transfer in plan.suggestions {
                        guard let from = Self.warehouses.firstIndex(of: transfer.from),
                            let to = Self.warehouses.firstIndex(of: transfer.to)
                        else { continue }
                        let quantity = min(transfer.quantity, onHand[s][from])
                        guard quantity > 0 else { continue }
                        onHand[s][from] -= quantity
                        pipeline[s][to] += quantity
                        arrivals[day + transfer.leadTimeDays, default: []].append((s, to, quantity))
                        outcome.transfers += 1
                    }
                }
            }
            for s in 0..<skus {
                for w in 0..<sites {
                    let wanted = matrix[s][w][t]
                    let shipped = min(wanted, onHand[s][w])
                    onHand[s][w] -= shipped
                    outcome.demanded += wanted
                    outcome.shipped += shipped
                    inventorySum += Double(onHand[s][w])
                }
            }
        }
        outcome.averageInventory = inventorySum / Double(days)
        return outcome
    }
}
