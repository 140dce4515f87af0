/// A signed decimal with exactly six fractional digits, stored as integer micro-units.
///
/// Money, percentages and quantities use it so that arithmetic is exact and deterministic; every operation that can
/// overflow returns `nil` instead of trapping, and rounding is always explicit.
public struct Fixed: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value times 10^6.
    public var raw: Int64

    /// Number of fractional digits kept.
    public static let places = 6
    static let scale: Int64 = 1_000_000

    public init(raw: Int64) { self.raw = raw }

    /// An integer value; `nil` when it does not fit.
    public init?(_ integer: Int) {
        let (value, overflow) = Int64(integer).multipliedReportingOverflow(by: Fixed.scale)
        if overflow { return nil }
        raw = value
    }

    public static let zero = Fixed(raw: 0)
    public static let one = Fixed(raw: scale)

    public static func < (lhs: Fixed, rhs: Fixed) -> Bool { lhs.raw < rhs.raw }

    /// Parses `-12.345`; at most six fractional digits and twelve integer digits.
    public init?(parsing text: Substring) {
        var bytes = Array(text.utf8)
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        var integerDigits = 0
        var fractionDigits = 0
        var seenPoint = false
        var value: Int64 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            if seenPoint { fractionDigits += 1 } else { integerDigits += 1 }
            if fractionDigits > Fixed.places || integerDigits > 12 { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        if integerDigits == 0 && fractionDigits == 0 { return nil }
        if seenPoint && fractionDigits == 0 { return nil }
        for _ in fractionDigits..<Fixed.places { value *= 10 }
        raw = negative ? -value : value
    }

    public init?(parsing text: String) { self.init(parsing: text[...]) }

    public func adding(_ other: Fixed) -> Fixed? {
        let (value, overflow) = raw.addingReportingOverflow(other.raw)
        return overflow ? nil : Fixed(raw: value)
    }

    public func subtracting(_ other: Fixed) -> Fixed? {
        let (value, overflow) = raw.subtractingReportingOverflow(other.raw)
        return overflow ? nil : Fixed(raw: value)
    }

    public var negated: Fixed? { raw == Int64.min ? nil : Fixed(raw: -raw) }

    /// Product, rounded half-even to six places.
    public func multiplied(by other: Fixed) -> Fixed? {
        let negative = (raw < 0) != (other.raw < 0)
        let product = raw.magnitude.multipliedFullWidth(by: other.raw.magnitude)
        guard product.high < UInt64(Fixed.scale) else { return nil }
        let (quotient, remainder) = UInt64(Fixed.scale).dividingFullWidth(product)
        return Fixed.make(quotient: quotient, remainder: remainder, divisor: UInt64(Fixed.scale), negative: negative)
    }

    /// Quotient, rounded half-even to six places; `nil` on division by zero or overflow.
    public func divided(by other: Fixed) -> Fixed? {
        guard other.raw != 0 else { return nil }
        let negative = (raw < 0) != (other.raw < 0)
        let divisor = other.raw.magnitude
        let numerator = raw.magnitude.multipliedFullWidth(by: UInt64(Fixed.scale))
        guard numerator.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(numerator)
        return Fixed.make(quotient: quotient, remainder: remainder, divisor: divisor, negative: negative)
    }

    private static func make(quotient: UInt64, remainder: UInt64, divisor: UInt64, negative: Bool) -> Fixed? {
        var q = quotient
        // Half-even: compare 2*remainder with divisor without overflowing.
        let half = divisor - remainder
        if remainder > half || (remainder == half && q & 1 == 1) { q += 1 }
        guard q <= UInt64(Int64.max) else { return nil }
        return Fixed(raw: negative ? -Int64(q) : Int64(q))
    }

    /// How a value is rounded to fewer places.
    public enum Rounding: String, Sendable, CaseIterable {
        case halfUp = "half-up"
        case halfEven = "half-even"
        case down
        case up
    }

    /// The value rounded to `places` (0…6) fractional digits.
    public func rounded(places: Int, _ mode: Rounding) -> Fixed {
        let places = max(0, min(Fixed.places, places))
        var unit: Int64 = 1
        for _ in places..<Fixed.places { unit *= 10 }
        if unit == 1 { return self }
        let magnitude = raw.magnitude
        var q = magnitude / UInt64(unit)
        let r = magnitude % UInt64(unit)
        let twice = r * 2
        switch mode {
        case .halfUp: if twice >= UInt64(unit) { q += 1 }
        case .halfEven: if twice > UInt64(unit) || (twice == UInt64(unit) && q & 1 == 1) { q += 1 }
        case .down: break
        case .up: if r != 0 { q += 1 }
        }
        let result = Int64(q) * unit
        return Fixed(raw: raw < 0 ? -result : result)
    }

    /// Text with exactly `places` fractional digits (after half-even rounding).
    public func formatted(places: Int) -> String {
        let value = rounded(places: places, .halfEven)
        let magnitude = value.raw.magnitude
        let integer = magnitude / UInt64(Fixed.scale)
        var text = (value.raw < 0 ? "-" : "") + String(integer)
        if places > 0 {
            var fraction = String(magnitude % UInt64(Fixed.scale))
            fraction = String(repeating: "0", count: Fixed.places - fraction.count) + fraction
            text += "." + fraction.prefix(places)
        }
        return text
    }

    /// Shortest exact text (`19`, `0.3464`, `-2.5`).
    public var description: String {
        var text = formatted(places: Fixed.places)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
