internal import Foundation

/// Field checks shared by the master-data types; each throws a `WMSError` naming the field and value.
enum Validate {
    /// `field` is built only when the check fails: this runs for several fields of every posting.
    static func code(_ value: String, field: @autoclosure () -> String, maxLength: Int = 40) throws {
        guard !value.isEmpty else { throw WMSError.invalid(field(), value, "must not be empty") }
        // ASCII letters, digits and - _ . / only: plain byte checks (this runs on every scan).
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }
        // All ASCII: one character per byte, so the length is the byte count (no grapheme walk).
        guard (allowed ? value.utf8.count : value.count) <= maxLength else {
            throw WMSError.invalid(field(), value, "must be at most \(maxLength) characters")
        }
        guard allowed else {
            throw WMSError.invalid(field(), value, "may hold only letters, digits and - _ . /")
        }
    }

    static func country(_ value: String, field: String) throws {
        guard value.count == 2, value.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw WMSError.invalid(field, value, "must be an ISO 3166 alpha-2 country code such as DE")
        }
    }

    static func currency(_ value: String, field: String) throws {
        guard value.count == 3, value.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw WMSError.invalid(field, value, "must be an ISO 4217 currency code such as EUR")
        }
    }

    static func timeZone(_ value: String, field: String) throws {
        guard TimeZone(identifier: value) != nil else {
            throw WMSError.invalid(field, value, "must be an IANA time zone such as Europe/Berlin")
        }
    }

    static func positive(_ value: Int64, field: @autoclosure () -> String) throws {
        guard value > 0 else { throw WMSError.invalid(field(), String(value), "must be greater than zero") }
    }

    static func nonNegative(_ value: Int64, field: String) throws {
        guard value >= 0 else { throw WMSError.invalid(field, String(value), "must not be negative") }
    }

    static func hsCode(_ value: String, field: String) throws {
        guard (6...10).contains(value.count), value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw WMSError.invalid(field, value, "an HS code has 6 to 10 digits")
        }
    }

    static func isoDate(_ value: String, field: String) throws {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { throw WMSError.invalid(field, value, "must be a date YYYY-MM-DD") }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
