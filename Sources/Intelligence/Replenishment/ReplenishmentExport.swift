internal import ComplianceEngine
public import Foundation

/// Exports replenishment suggestions for procurement as CSV or JSON, and builds the payload of the outgoing
/// webhook (delivery is the service outbox's job).
public enum ReplenishmentExport {
    static let columns = [
        "sku", "warehouse", "supplier", "mode", "lead_time_days", "service_level", "daily_demand", "safety_stock",
        "reorder_point", "order_up_to", "position", "quantity", "cases", "order_value", "currency", "reason",
    ]

    /// RFC 4180 CSV with a header row; only suggestions with a quantity unless `all`.
    public static func csv(_ suggestions: [ReplenishmentSuggestion], all: Bool = false) -> String {
        var lines = [columns.joined(separator: ",")]
        for s in suggestions where all || s.quantity > 0 {
            let cells = [
                s.sku, s.warehouse, s.supplier, s.mode.rawValue, format(s.leadTimeDays, 1), format(s.serviceLevel, 3),
                format(s.dailyDemand, 3), String(s.safetyStock), String(s.reorderPoint), String(s.orderUpTo),
                String(s.position), String(s.quantity), String(s.cases), money(s.orderValue), s.currency, s.reason,
            ]
            lines.append(cells.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JSON objects (one per suggestion) with the CSV's fields; money as a decimal string.
    public static func jsonObjects(_ suggestions: [ReplenishmentSuggestion], all: Bool = false) -> [JSON] {
        suggestions.filter { all || $0.quantity > 0 }.map { s in
            .object([
                ("sku", .string(s.sku)), ("warehouse", .string(s.warehouse)), ("supplier", .string(s.supplier)),
                ("mode", .string(s.mode.rawValue)), ("lead_time_days", .number(s.leadTimeDays, 1)),
                ("service_level", .number(s.serviceLevel, 3)), ("daily_demand", .number(s.dailyDemand, 3)),
                ("safety_stock", .integer(s.safetyStock)), ("reorder_point", .integer(s.reorderPoint)),
                ("order_up_to", .integer(s.orderUpTo)), ("position", .integer(s.position)),
                ("quantity", .integer(s.quantity)), ("cases", .integer(s.cases)),
                ("order_value", .string(money(s.orderValue))), ("currency", .string(s.currency)),
                ("reason", .string(s.reason)),
            ])
        }
    }

    /// The webhook body for procurement: event name, run id (the idempotency key), day, and the lines to order.
    public static func webhookPayload(_ suggestions: [ReplenishmentSuggestion], runID: String, generatedOn: String) -> String {
        let lines = jsonObjects(suggestions)
        return JSON.object([
            ("event", .string("replenishment.suggested")), ("id", .string(runID)),
            ("generated_on", .string(generatedOn)), ("line_count", .integer(Int64(lines.count))),
            ("lines", .array(lines)),
        ]).text
    }

    static func format(_ value: Double, _ places: Int) -> String { JSON.number(value, places).text }

    /// A decimal amount with two places (banker's rounding), as exports print money.
    public static func csvMoney(_ value: Decimal) -> String { money(value) }

    static func money(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .bankers)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.usesGroupingSeparator = false
        return formatter.string(from: rounded as NSDecimalNumber) ?? "\(rounded)"
    }

    static func quote(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A small ordered JSON value for exports and CLI output (keys keep their order, numbers their decimals).
public indirect enum JSON: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    /// A number printed with a fixed number of decimals.
    case number(Double, Int)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    public static func == (lhs: JSON, rhs: JSON) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Compact JSON text.
    public var text: String {
        switch self {
        case .string(let s): return JSONString.quoted(s)
        case .integer(let i): return String(i)
        case .number(let d, let places):
            guard d.isFinite else { return "null" }
            let factor = pow(10.0, Double(places))
            let rounded = (d * factor).rounded() / factor
            var text = String(format: "%.\(places)f", rounded)
            if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
            return text
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.map { JSONString.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

}
