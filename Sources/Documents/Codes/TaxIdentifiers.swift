/// Shape and check-digit tests of the tax and customs identifiers a declaration carries: VAT numbers (country
/// prefix + national number), EORI numbers and IOSS numbers. A declaration with a malformed identifier is rejected
/// by customs, so builders refuse it up front and name the field.
///
/// Facts (../shared/DOMAIN.md, EU): VAT numbers are a country prefix and the national format with its check digits
/// — DE 9 digits with ISO 7064 MOD 11,10; IT 11 digits with Luhn; GB (and XI, Northern Ireland) 9 digits weighted
/// 8,7,6,5,4,3,2,10,1 whose sum mod 97 is 0 or 42; Greece uses `EL`, never `GR`. EORI: country code and up to 15
/// letters or digits. IOSS: `IM`, a member state's 3-digit ISO numeric code, 7 digits.
enum TaxIdentifier {
    /// The identifier without the spaces, dots and hyphens people type, in capitals.
    static func compact(_ value: String) -> String {
        String(value.uppercased().filter { $0 != " " && $0 != "." && $0 != "-" })
    }

    /// VAT prefixes of the EU member states, Northern Ireland (`XI`) and the United Kingdom.
    static let vatPrefixes: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI", "GB",
    ]

    /// ISO 3166 numeric codes of the member states as IOSS numbers use them, and 900 for Northern Ireland.
    static let iossStates: Set<String> = [
        "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348", "372", "380",
        "428", "440", "442", "470", "528", "616", "620", "642", "703", "705", "724", "752", "900",
    ]

    /// Why `compact` is not a valid VAT number, or nil. Numbers of other countries (their own formats) are only
    /// required to start with a country prefix.
    static func vatProblem(_ compact: String) -> String? {
        let characters = Array(compact)
        guard characters.count >= 3, characters[0].isASCII, characters[0].isLetter, characters[1].isASCII,
            characters[1].isLetter
        else { return "a VAT number starts with its two-letter country prefix, e.g. DE136695976" }
        let prefix = String(characters[0..<2])
        let number = String(characters[2...])
        guard number.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return "a VAT number has only letters and digits after its prefix"
        }
        if prefix == "GR" { return "Greek VAT numbers use the prefix EL, not GR" }
        guard vatPrefixes.contains(prefix) else { return nil }
        switch prefix {
        case "DE":
            guard number.count == 9, isDigits(number), number.first != "0" else {
                return "a German VAT number is DE and 9 digits, the first not 0"
            }
            return mod11_10(number) ? nil : "the check digit of \(compact) is wrong (ISO 7064 MOD 11,10)"
        case "IT":
            guard number.count == 11, isDigits(number) else { return "an Italian VAT number is IT and 11 digits" }
            let digits = number.map { Int(String($0))! }
            let office = Int(String(number.dropFirst(7).prefix(3)))!
            guard digits.prefix(7).contains(where: { $0 != 0 }),
                (1...100).contains(office) || [120, 121, 888, 999].contains(office)
            else { return "\(compact) is not an Italian VAT number (taxpayer or office code)" }
            return luhn(digits) ? nil : "the check digit of \(compact) is wrong (Luhn)"
        case "GB", "XI":
            if number.count == 5, number.hasPrefix("GD") || number.hasPrefix("HA") {
                guard let code = Int(number.dropFirst(2)), isDigits(String(number.dropFirst(2))) else {
                    return "a government VAT number is GD or HA and 3 digits"
                }
                return (number.hasPrefix("GD") ? code < 500 : code >= 500)
                    ? nil : "\(compact): GD numbers are below 500, HA numbers 500 and above"
            }
            guard number.count == 9 || number.count == 12, isDigits(number) else {
                return "a UK VAT number is \(prefix) and 9 digits (12 for a branch)"
            }
            let weights = [8, 7, 6, 5, 4, 3, 2, 10, 1]
            let sum = zip(weights, number.prefix(9)).reduce(0) { $0 + $1.0 * Int(String($1.1))! }
            return [0, 42].contains(sum % 97) ? nil : "the check digits of \(compact) are wrong (weighted sum mod 97)"
        default:
            return (2...12).contains(number.count) ? nil : "\(compact) is too short or too long for a \(prefix) VAT number"
        }
    }

    /// Why `compact` is not a valid EORI number, or nil.
    static func eoriProblem(_ compact: String) -> String? {
        let characters = Array(compact)
        guard characters.count >= 3, characters.count <= 17, characters.prefix(2).allSatisfy({ $0.isASCII && $0.isLetter }),
            characters.dropFirst(2).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return "an EORI number is a country code and up to 15 letters or digits, e.g. DE1234567890123" }
        return nil
    }

    /// Why `compact` is not a valid IOSS number, or nil.
    static func iossProblem(_ compact: String) -> String? {
        guard compact.count == 12, compact.hasPrefix("IM"), isDigits(String(compact.dropFirst(2))) else {
            return "an IOSS number is IM, a 3-digit member-state code and 7 digits, e.g. IM2760000001"
        }
        let state = String(compact.dropFirst(2).prefix(3))
        return iossStates.contains(state) ? nil : "\(state) is not the numeric code of an EU member state (or 900)"
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// ISO 7064 MOD 11,10 over every digit but the last, compared with the last.
    private static func mod11_10(_ number: String) -> Bool {
        let digits = number.map { Int(String($0))! }
        var product = 10
        for digit in digits.dropLast() {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = (2 * sum) % 11
        }
        let check = (11 - product) % 10
        return check == digits.last
    }

    /// Luhn over all digits, the last being the check digit.
    private static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            if index % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
