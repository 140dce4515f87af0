/// A calendar day as days since 1970-01-01 (proleptic Gregorian, UTC). Effective dates compare as integers.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// The day for a valid year/month/day; `nil` otherwise.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year)
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm, public domain description).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = Int32(era * 146_097 + doe - 719_468)
    }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                value = value * 10 + Int(bytes[i] - 48)
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(parsing text: String) { self.init(parsing: text[...]) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(ordinal) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var description: String {
        let (y, m, d) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public func adding(days: Int32) -> Day { Day(ordinal: ordinal &+ days) }
}

/// A half-open period `[from, until)` of days; either end may be open.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public var from: Day?
    public var until: Day?

    public init(from: Day? = nil, until: Day? = nil) {
        self.from = from
        self.until = until
    }

    public static let always = Period()

    @inline(__always)
    public func contains(_ day: Day) -> Bool {
        if let from, day < from { return false }
        if let until, day >= until { return false }
        return true
    }

    public func overlaps(_ other: Period) -> Bool {
        let lowerA = from?.ordinal ?? Int32.min, upperA = until?.ordinal ?? Int32.max
        let lowerB = other.from?.ordinal ?? Int32.min, upperB = other.until?.ordinal ?? Int32.max
        return lowerA < upperB && lowerB < upperA
    }

    public var description: String {
        switch (from, until) {
        case (nil, nil): "always"
        case (let f?, nil): "from \(f)"
        case (nil, let u?): "until \(u)"
        case (let f?, let u?): "\(f) until \(u)"
        }
    }
}
