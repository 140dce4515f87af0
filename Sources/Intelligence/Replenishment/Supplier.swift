public import Foundation

/// How goods travel the first mile from the supplier to the warehouse, with its usual lead-time range.
public enum FirstMileMode: String, Hashable, Sendable, CaseIterable {
    case ocean
    case rail
    case air
    case road

    /// Typical door-to-door lead time in days (ocean 30–45, rail 18–25, air 5–10, road 2–5).
    public var typicalLeadTimeDays: ClosedRange<Int> {
        switch self {
        case .ocean: 30...45
        case .rail: 18...25
        case .air: 5...10
        case .road: 2...5
        }
    }
}

/// A supplier of a SKU to a warehouse: first-mile mode and lead time, minimum order quantity, case pack and cost.
public struct SupplierTerms: Hashable, Sendable {
    public var supplier: String
    public var mode: FirstMileMode
    /// Lead time range in days; defaults to the mode's typical range.
    public var leadTimeDays: ClosedRange<Int>
    /// Minimum order quantity (units).
    public var minimumOrder: Int64
    /// Units per case; orders are whole cases.
    public var casePack: Int64
    /// Days of demand one order covers beyond the reorder point.
    public var orderCycleDays: Int
    /// Unit cost in `currency` (a decimal, never floating point).
    public var unitCost: Decimal
    public var currency: String

    public init(
        supplier: String, mode: FirstMileMode, leadTimeDays: ClosedRange<Int>? = nil, minimumOrder: Int64 = 1,
        casePack: Int64 = 1, orderCycleDays: Int = 28, unitCost: Decimal = 0, currency: String = "USD"
    ) {
        self.supplier = supplier
        self.mode = mode
        self.leadTimeDays = leadTimeDays ?? mode.typicalLeadTimeDays
        self.minimumOrder = minimumOrder
        self.casePack = casePack
        self.orderCycleDays = orderCycleDays
        self.unitCost = unitCost
        self.currency = currency
    }

    /// Mean lead time (days).
    public var meanLeadTime: Double { Double(leadTimeDays.lowerBound + leadTimeDays.upperBound) / 2 }
    /// Standard deviation of a lead time uniform over the range (days).
    public var leadTimeDeviation: Double { Double(leadTimeDays.upperBound - leadTimeDays.lowerBound) / 12.0.squareRoot() }

    /// Checks the terms, naming the first bad field.
    public func validate(field: String = "supplier") throws {
        guard !supplier.isEmpty else { throw IntelligenceError(.invalidInput, field: "\(field).supplier", "must not be empty") }
        guard minimumOrder >= 0 else {
            throw IntelligenceError(.invalidInput, field: "\(field).minimumOrder", "must not be negative: \(minimumOrder)")
        }
        guard casePack >= 1 else {
            throw IntelligenceError(.invalidInput, field: "\(field).casePack", "must be at least 1: \(casePack)")
        }
        guard leadTimeDays.lowerBound >= 0 else {
            throw IntelligenceError(.invalidInput, field: "\(field).leadTimeDays", "must not be negative")
        }
        guard unitCost >= 0 else {
            throw IntelligenceError(.invalidInput, field: "\(field).unitCost", "must not be negative: \(unitCost)")
        }
    }
}
