public import Foundation

/// The stock position of a SKU in a warehouse that replenishment counts: available, reserved, in transit to the
/// warehouse and ordered from the supplier but not yet shipped.
public struct ReplenishmentPosition: Hashable, Sendable {
    public var sku: String
    public var warehouse: String
    public var available: Int64
    public var reserved: Int64
    public var inTransit: Int64
    public var onOrder: Int64
    /// ABC class for the service-level target (A, B, C).
    public var abcClass: String

    public init(sku: String, warehouse: String, available: Int64, reserved: Int64 = 0, inTransit: Int64 = 0,
                onOrder: Int64 = 0, abcClass: String = "B") {
        self.sku = sku
        self.warehouse = warehouse
        self.available = available
        self.reserved = reserved
        self.inTransit = inTransit
        self.onOrder = onOrder
        self.abcClass = abcClass
    }

    /// Inventory position: available − reserved + in transit + on order.
    public var position: Int64 { available - reserved + inTransit + onOrder }
}

/// A replenishment suggestion for procurement: the computed levels and, when the position is at or below the
/// reorder point, the quantity to order (whole cases, at least the MOQ).
public struct ReplenishmentSuggestion: Hashable, Sendable {
    public var sku: String
    public var warehouse: String
    public var supplier: String
    public var mode: FirstMileMode
    public var leadTimeDays: Double
    public var serviceLevel: Double
    public var dailyDemand: Double
    public var safetyStock: Int64
    public var reorderPoint: Int64
    public var orderUpTo: Int64
    public var position: Int64
    /// Units to order now (0: no order needed).
    public var quantity: Int64
    public var cases: Int64
    public var orderValue: Decimal
    public var currency: String
    public var reason: String
}

/// Order-up-to / reorder-point planning per SKU × warehouse with periodic review:
/// safety stock = z × √((L + R) σ² + μ² σ_L²) (z from the policy's service level, σ the forecast's one-step error
/// per day, L and σ_L the supplier's lead time mean and deviation, R the review period, μ the forecast daily
/// demand); reorder point = μ (L + R) + safety stock; order-up-to = reorder point + μ × the supplier's order cycle.
public struct ReplenishmentPlanner: Sendable {
    public let policy: InventoryPolicy
    /// Days between two planning runs.
    public var reviewPeriodDays: Double

    public init(policy: InventoryPolicy, reviewPeriodDays: Double = 7) {
        self.policy = policy
        self.reviewPeriodDays = reviewPeriodDays
    }

    /// Safety stock in units for a forecast and terms.
    public func safetyStock(dailyDemand: Double, sigma: Double, terms: SupplierTerms, abcClass: String) -> Double {
        let z = normalQuantile(policy.serviceLevel(abcClass: abcClass))
        let exposure = terms.meanLeadTime + reviewPeriodDays
        let variance = exposure * sigma * sigma + dailyDemand * dailyDemand * terms.leadTimeDeviation * terms.leadTimeDeviation
        return max(0, z * variance.squareRoot())
    }

    /// Plans one SKU × warehouse from its daily forecast.
    public func plan(_ position: ReplenishmentPosition, forecast: Forecast, terms: SupplierTerms) -> ReplenishmentSuggestion {
        plan(position, dailyDemand: forecast.meanDemand, sigma: forecast.sigma, terms: terms)
    }

    /// Plans one SKU × warehouse from a daily demand rate and its one-step error.
    public func plan(_ position: ReplenishmentPosition, dailyDemand: Double, sigma: Double, terms: SupplierTerms)
        -> ReplenishmentSuggestion
    {
        let service = policy.serviceLevel(abcClass: position.abcClass)
        let safety = safetyStock(dailyDemand: dailyDemand, sigma: sigma, terms: terms, abcClass: position.abcClass)
        let reorder = dailyDemand * (terms.meanLeadTime + reviewPeriodDays) + safety
        let upTo = reorder + dailyDemand * Double(terms.orderCycleDays)
        let current = position.position
        var quantity: Int64 = 0
        var reason = "position \(current) above reorder point \(Int64(reorder.rounded(.up)))"
        if dailyDemand > 0, Double(current) <= reorder {
            let needed = max(1, Int64((upTo - Double(current)).rounded(.up)))
            let withMinimum = max(needed, terms.minimumOrder)
            quantity = (withMinimum + terms.casePack - 1) / terms.casePack * terms.casePack
            reason = "position \(current) at or below reorder point \(Int64(reorder.rounded(.up)))"
            if withMinimum > needed { reason += "; raised to the MOQ \(terms.minimumOrder)" }
            if quantity > withMinimum { reason += "; rounded up to cases of \(terms.casePack)" }
        } else if dailyDemand <= 0 {
            reason = "no forecast demand"
        }
        return ReplenishmentSuggestion(
            sku: position.sku, warehouse: position.warehouse, supplier: terms.supplier, mode: terms.mode,
            leadTimeDays: terms.meanLeadTime, serviceLevel: service, dailyDemand: dailyDemand,
            safetyStock: Int64(safety.rounded(.up)), reorderPoint: Int64(reorder.rounded(.up)),
            orderUpTo: Int64(upTo.rounded(.up)), position: current, quantity: quantity,
            cases: quantity / terms.casePack, orderValue: Decimal(quantity) * terms.unitCost, currency: terms.currency,
            reason: reason)
    }
}
