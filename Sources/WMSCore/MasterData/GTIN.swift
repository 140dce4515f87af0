/// GS1 check digits (GTIN-8/12/13/14, SSCC-18): weights 3,1,3,… from the right of the payload.
public enum GS1 {
    /// The check digit for a payload of digits (the code without its last digit), or nil if it holds a non-digit.
    public static func checkDigit(forPayload payload: some StringProtocol) -> Int? {
        var sum = 0
        var weight = 3
        for character in payload.reversed() {
            guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
            sum += digit * weight
            weight = weight == 3 ? 1 : 3
        }
        return (10 - sum % 10) % 10
    }

    /// Whether `code` is all digits, of one of `lengths`, and ends with the right check digit.
    public static func isValid(_ code: String, lengths: Set<Int>) -> Bool {
        guard lengths.contains(code.count), let last = code.last?.wholeNumberValue else { return false }
        return checkDigit(forPayload: code.dropLast()) == last
    }
}

/// A Global Trade Item Number (GTIN-8, -12, -13 or -14) whose check digit has been verified.
public struct GTIN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The digits as given.
    public let digits: String

    /// Validates `digits`; throws naming `field` when it is not a GTIN.
    public init(_ digits: String, field: String = "gtin") throws {
        guard [8, 12, 13, 14].contains(digits.count) else {
            throw WMSError.invalid(field, digits, "a GTIN has 8, 12, 13 or 14 digits")
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw WMSError.invalid(field, digits, "a GTIN holds digits only")
        }
        guard GS1.isValid(digits, lengths: [8, 12, 13, 14]) else {
            let expected = GS1.checkDigit(forPayload: digits.dropLast()).map(String.init) ?? "?"
            throw WMSError.invalid(field, digits, "wrong GTIN check digit: expected \(expected)")
        }
        self.digits = digits
    }

    public var description: String { digits }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        try self.init(try container.decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
