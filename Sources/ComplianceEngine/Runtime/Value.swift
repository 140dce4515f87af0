/// Physical dimension of a quantity; values are kept in the base unit (Wh, g, mL, km).
enum Dimension: String, Sendable, Hashable {
    case energy = "Energy"
    case mass = "Mass"
    case volume = "Volume"
    case length = "Length"

    var baseUnit: String {
        switch self {
        case .energy: "Wh"
        case .mass: "g"
        case .volume: "mL"
        case .length: "km"
        }
    }

    /// Dimension and factor to the base unit of a unit name.
    static func unit(_ name: String) -> (Dimension, Fixed)? {
        switch name {
        case "Wh": (.energy, .one)
        case "kWh": (.energy, Fixed(raw: 1_000_000_000))
        case "mWh": (.energy, Fixed(raw: 1_000))
        case "g": (.mass, .one)
        case "kg": (.mass, Fixed(raw: 1_000_000_000))
        case "mg": (.mass, Fixed(raw: 1_000))
        case "t": (.mass, Fixed(raw: 1_000_000_000_000))
        case "mL": (.volume, .one)
        case "L": (.volume, Fixed(raw: 1_000_000_000))
        case "km": (.length, .one)
        default: nil
        }
    }
}

/// A runtime value of the rules language. `absent` is JSON `null` or a missing optional fact.
enum Value: Sendable, Hashable {
    case absent
    case bool(Bool)
    case number(Fixed)
    case percent(Fixed)  // as a fraction: 19% is 0.19
    case money(Fixed, String)
    case quantity(Fixed, Dimension)
    case text(String)
    case date(Day)
    case list([Value])
    case row(Int32, Int32)  // table, row: a multi-output table hit

    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }

    var isAbsent: Bool {
        if case .absent = self { return true }
        return false
    }

    /// Orders two values of the same kind; `nil` if they are not comparable (different kinds or currencies).
    static func compare(_ a: Value, _ b: Value) -> Int? {
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case let (.number(x), .number(y)), let (.percent(x), .percent(y)): return order(x, y)
        case let (.money(x, c), .money(y, d)): return c == d ? order(x, y) : nil
        case let (.quantity(x, d), .quantity(y, e)): return d == e ? order(x, y) : nil
        case let (.text(x), .text(y)): return x == y ? 0 : (x < y ? -1 : 1)
        case let (.date(x), .date(y)): return order(x, y)
        case let (.bool(x), .bool(y)): return x == y ? 0 : (x ? 1 : -1)
        default: return nil
        }
    }

    /// Human-readable rendering for explanations and test failures.
    var rendered: String {
        switch self {
        case .absent: "absent"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.description
        case .percent(let p): (p.multiplied(by: Fixed(raw: 100_000_000)) ?? p).description + "%"
        case .money(let amount, let currency): "\(currency) \(amount.formatted(places: Money.minorUnits(currency)))"
        case .quantity(let amount, let dimension): "\(amount) \(dimension.baseUnit)"
        case .text(let t): "\"\(t)\""
        case .date(let d): d.description
        case .list(let values): "{" + values.map(\.rendered).joined(separator: ", ") + "}"
        case .row(let table, let row): "row \(table):\(row)"
        }
    }
}

enum Money {
    /// Decimal places used when printing amounts of a currency (ISO 4217 minor units).
    static func minorUnits(_ currency: String) -> Int {
        switch currency {
        case "JPY", "KRW", "CLP", "ISK", "VND": 0
        default: 2
        }
    }
}

/// Short ASCII texts (country and currency codes, HS-6 prefixes, most enumeration values) as one integer, so exact
/// matches against constant sets and table keys need neither hashing nor string comparison.
///
/// Only ASCII is packed: an ASCII text equals (in Swift's canonical-equivalence sense) exactly the ASCII texts with
/// the same bytes, but a non-ASCII text can equal an ASCII one (U+212A KELVIN SIGN is "K"), so a non-ASCII or
/// longer text always takes the general path.
enum ASCIIKey {
    /// The key of a text of at most 7 ASCII bytes (length in the top byte); `nil` otherwise.
    @inline(__always)
    static func of(_ text: String) -> UInt64? {
        var key: UInt64 = 0
        var count: UInt64 = 0
        for byte in text.utf8 {
            guard byte < 0x80, count < 7 else { return nil }
            key |= UInt64(byte) << (8 * count)
            count += 1
        }
        return key | count << 56
    }

    /// The key of the first `characters` characters of a text when its first `characters + 1` bytes are ASCII and
    /// none is a carriage return (so each of them is one character); `nil` otherwise.
    static func ofPrefix(_ text: String, characters: Int) -> UInt64? {
        var key: UInt64 = 0
        var count = 0
        for byte in text.utf8 {
            guard byte < 0x80, byte != 0x0D else { return nil }
            if count == characters { break }
            key |= UInt64(byte) << (8 * UInt64(count))
            count += 1
        }
        return key | UInt64(count) << 56
    }

    /// Sorted keys of a list of values, when every value is a text with a key.
    static func sortedKeys(_ values: [Value]) -> [UInt64]? {
        var keys: [UInt64] = []
        for value in values {
            guard case .text(let text) = value, let key = of(text) else { return nil }
            keys.append(key)
        }
        return keys.sorted()
    }

    /// Position of `key` in sorted `keys`, if present.
    @inline(__always)
    static func find(_ key: UInt64, in keys: UnsafeBufferPointer<UInt64>) -> Int? {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key ? low : nil
    }
}
