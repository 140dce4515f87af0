/// GS1 check digits and element strings.
public enum GS1 {
    /// Mod-10 check digit for a GTIN-8/12/13/14 or SSCC body (all digits but the check digit).
    /// Weights 3,1,3,… from the right; check = (10 − sum mod 10) mod 10. Nil when `body` is not all ASCII digits.
    public static func checkDigit(for body: String) -> Int? {
        guard !body.isEmpty, body.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var sum = 0
        for (index, byte) in body.utf8.reversed().enumerated() {
            sum += Int(byte - 0x30) * (index % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// True when `code` (digits including the check digit) has a correct check digit.
    public static func isValid(_ code: String) -> Bool {
        guard code.count >= 2, let last = code.last?.wholeNumberValue,
            let expected = checkDigit(for: String(code.dropLast()))
        else { return false }
        return last == expected
    }

    /// A complete SSCC-18: appends the check digit to a 17-digit body, or verifies an 18-digit code.
    /// Nil when the input is not 17 or 18 digits or its check digit is wrong.
    public static func sscc(_ text: String) -> String? {
        switch text.count {
        case 17: checkDigit(for: text).map { text + String($0) }
        case 18: isValid(text) && checkDigit(for: text) != nil ? text : nil
        default: nil
        }
    }
}

/// UPU S10 item identifiers: 2 letters, 8 digits, check digit, 2-letter country code.
public enum UPUS10 {
    /// Check digit for the 8 serial digits (weights 8,6,4,2,3,5,9,7; 11 − sum mod 11; 10 → 0, 11 → 5).
    public static func checkDigit(serial: String) -> Int? {
        let digits = serial.compactMap(\.wholeNumberValue)
        guard serial.count == 8, digits.count == 8, serial.allSatisfy(\.isASCII) else { return nil }
        let weights = [8, 6, 4, 2, 3, 5, 9, 7]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        return check == 10 ? 0 : check == 11 ? 5 : check
    }

    /// Why `id` is not a valid S10 identifier, or nil when it is.
    public static func problem(with id: String) -> String? {
        let chars = Array(id)
        guard chars.count == 13 else { return "an S10 id has 13 characters" }
        func isUpper(_ c: Character) -> Bool { c.isASCII && c.isUppercase }
        guard isUpper(chars[0]), isUpper(chars[1]) else { return "an S10 id starts with two capital letters" }
        guard isUpper(chars[11]), isUpper(chars[12]) else { return "an S10 id ends with a two-letter country code" }
        let serial = String(chars[2..<10])
        guard let expected = checkDigit(serial: serial), let actual = chars[10].wholeNumberValue,
            chars[10].isASCII
        else { return "an S10 id has 9 digits after its service letters" }
        return actual == expected ? nil : "S10 check digit should be \(expected)"
    }

    /// True when `id` is a valid S10 identifier.
    public static func isValid(_ id: String) -> Bool { problem(with: id) == nil }
}
