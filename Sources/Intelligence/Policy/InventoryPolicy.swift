public import ComplianceEngine
import Foundation

/// The three warning levels, in increasing order of urgency.
public enum WarningLevel: String, Hashable, Sendable, Comparable, CaseIterable {
    case info
    case warning
    case critical

    public static func < (lhs: WarningLevel, rhs: WarningLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The policy checks whose thresholds live in the `inventory-policy` rule pack, one decision table each.
public enum PolicyCheck: String, Hashable, Sendable, CaseIterable {
    case safetyStock = "safety_stock"
    case expiry
    case fefoBreach = "fefo_breach"
    case daysOfCover = "days_of_cover"
    case daysSinceSale = "days_since_sale"
    case stockAge = "stock_age"
    case stuckStock = "stuck_stock"
}

/// The band a value falls in: level (nil: the row is informational only, e.g. an age bucket), code and the table
/// row that decided it.
public struct PolicyBand: Hashable, Sendable {
    public var level: WarningLevel?
    public var code: String
    /// `pack.table[row]`, for the explanation.
    public var rule: String
    public var sources: [String]
}

/// Reads warning thresholds and service-level targets from the `inventory-policy` pack of a pack set, with the
/// rows in force on `day`. Thresholds are policy: they are edited in `Rules/inventory-policy/`, not here.
public struct InventoryPolicy: Sendable {
    public static let packName = "inventory-policy"
    public let packSet: PackSet
    public let day: Day

    /// Fails naming the missing table when the pack set lacks the policy pack or one of its tables.
    public init(packSet: PackSet, day: Day) throws {
        for table in PolicyCheck.allCases.map(\.rawValue) + ["service_level"]
        where !packSet.hasTable(pack: Self.packName, table: table) {
            throw IntelligenceError(
                .policyMissing, field: "\(Self.packName).\(table)",
                "the rule packs have no table \(Self.packName).\(table); load Rules/ with the inventory-policy pack")
        }
        self.packSet = packSet
        self.day = day
    }

    /// The target cycle service level (0–1) for an ABC class.
    public func serviceLevel(abcClass: String) -> Double {
        let hit = packSet.lookup(pack: Self.packName, table: "service_level", [.text(abcClass)], on: day)
        guard let fixed = hit?.outputs["target"]?.fixed else { return 0.95 }
        return Double(fixed.raw) / 1_000_000
    }

    /// The band of a value for a check (`bucket` only for stuck stock); nil when no row matches (all is well).
    public func band(_ check: PolicyCheck, value: Double, bucket: String? = nil) -> PolicyBand? {
        let number = TableValue.number(Fixed(raw: Int64((min(max(value, -1e9), 1e9) * 1_000_000).rounded())))
        let arguments: [TableValue] = bucket.map { [.text($0), number] } ?? [number]
        guard let hit = packSet.lookup(pack: Self.packName, table: check.rawValue, arguments, on: day),
            let code = hit.text("code")
        else { return nil }
        return PolicyBand(
            level: hit.text("level").flatMap(WarningLevel.init(rawValue:)), code: code,
            rule: "\(Self.packName).\(check.rawValue)[\(hit.row)]", sources: hit.sources)
    }
}

/// An error of the intelligence services: a code, the field it is about, and a message.
public struct IntelligenceError: Error, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case policyMissing = "policy-missing"
        case invalidInput = "invalid-input"
    }

    public var code: Code
    public var field: String
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(field): \(message)" }

    public static func == (lhs: IntelligenceError, rhs: IntelligenceError) -> Bool { lhs.code == rhs.code }
}

/// The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
func normalQuantile(_ p: Double) -> Double {
    let p = min(max(p, 1e-9), 1 - 1e-9)
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
             -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
             -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
             4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    if p < low {
        let q = sqrt(-2 * log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p > 1 - low { return -normalQuantile(1 - p) }
    let q = p - 0.5
    let r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}
