/// A non-floating decimal amount (money, quantity, kilograms) held as integer ten-thousandths.
///
/// Decoded from a JSON decimal string (`"12.50"`) or a JSON number written in decimal notation. At most 4 decimals
/// and 14 integer digits are accepted, so sums of a few thousand lines cannot overflow.
public struct Amount: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Value × 10 000.
    public let tenThousandths: Int64

    static let scale: Int64 = 10_000

    /// Creates an amount from integer ten-thousandths.
    public init(tenThousandths: Int64) { self.tenThousandths = tenThousandths }

    /// Zero.
    public static let zero = Amount(tenThousandths: 0)

    /// Parses `"-12.3456"`-style text; nil when malformed, too precise or too large.
    public init?(_ text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 14,
            whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
            parts.count == 1 || !fraction.isEmpty
        else { return nil }
        while fraction.count < 4 { fraction += "0" }
        guard let w = Int64(whole), let f = Int64(fraction) else { return nil }
        let value = w * Self.scale + f
        self.tenThousandths = negative ? -value : value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = Amount(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: Self.malformed(text))
            }
            self = value
        } else if let integer = try? container.decode(Int64.self), let value = Amount(String(integer)) {
            self = value
        } else if let double = try? container.decode(Double.self), let value = Amount(Self.plain(double)) {
            // JSON numbers with a fraction: re-read through their shortest decimal text; more than 4 decimals fails.
            self = value
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal string")
        }
    }

    /// The issue message for decimal text that does not parse.
    static func malformed(_ text: String) -> String { "expected a decimal with at most 4 decimals, got \"\(text)\"" }

    private static func plain(_ double: Double) -> String {
        let text = "\(double)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Shortest text with at least `minimumDecimals` and at most 4 decimals (no rounding).
    public func text(minimumDecimals: Int = 0) -> String {
        let negative = tenThousandths < 0
        let magnitude = tenThousandths.magnitude
        var fraction = String(magnitude % UInt64(Self.scale))
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > minimumDecimals, fraction.last == "0" { fraction.removeLast() }
        let whole = String(magnitude / UInt64(Self.scale))
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// Rounded half away from zero to `decimals` places (0…4), always printed with exactly that many decimals.
    public func rounded(to decimals: Int) -> String {
        let step = Int64([10_000, 1_000, 100, 10, 1][decimals])
        let half = step / 2
        let magnitude = (tenThousandths.magnitude + UInt64(half)) / UInt64(step) * UInt64(step)
        let value = Amount(tenThousandths: tenThousandths < 0 ? -Int64(magnitude) : Int64(magnitude))
        return value.text(minimumDecimals: decimals)
    }

    /// Rounded value (half away from zero) as an amount.
    public func roundedAmount(to decimals: Int) -> Amount { Amount(rounded(to: decimals))! }

    public var description: String { text(minimumDecimals: 2) }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.tenThousandths < rhs.tenThousandths }
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths + rhs.tenThousandths)
    }
    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths - rhs.tenThousandths)
    }

    /// Product rounded half away from zero to 4 decimals. Saturates at the Int64 range on overflow (such values then
    /// fail the schemas' digit limits instead of wrapping around).
    public static func * (lhs: Amount, rhs: Amount) -> Amount {
        let (product, overflow) = lhs.tenThousandths.multipliedReportingOverflow(by: rhs.tenThousandths)
        if overflow {
            let negative = (lhs.tenThousandths < 0) != (rhs.tenThousandths < 0)
            return Amount(tenThousandths: negative ? .min : .max)
        }
        let half = Self.scale / 2
        let quotient = product / Self.scale, remainder = product % Self.scale
        if remainder >= half { return Amount(tenThousandths: quotient + 1) }
        if remainder <= -half { return Amount(tenThousandths: quotient - 1) }
        return Amount(tenThousandths: quotient)
    }

    /// ISO 4217 currencies without minor units (the rest we print with 2 decimals).
    static let zeroDecimalCurrencies: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]

    /// Number of minor-unit decimals used for `currency` on documents (0 for JPY, KRW, …; otherwise 2).
    public static func decimals(for currency: String) -> Int { zeroDecimalCurrencies.contains(currency) ? 0 : 2 }

    /// Money text in `currency`'s minor units, rounded half away from zero.
    public func money(_ currency: String) -> String { rounded(to: Self.decimals(for: currency)) }

    /// Rounded to `currency`'s minor units, as an amount.
    public func moneyAmount(_ currency: String) -> Amount { roundedAmount(to: Self.decimals(for: currency)) }

    /// True when the value is a whole number.
    public var isWhole: Bool { tenThousandths % Self.scale == 0 }
}
