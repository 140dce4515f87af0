public import ComplianceEngine
public import Foundation

/// A value inside a marketplace payload together with its JSON field path (`payload.OrderItems[2].SellerSKU`), so
/// every error names where it is. Numbers keep their literal text: money never passes through a binary float.
public struct PayloadNode: Sendable {
    /// The JSON value (numbers as their literal text).
    public let value: JSONValue
    /// The field path of this value from the payload's root.
    public let path: String

    /// A value found at `path`.
    public init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    /// Parses payload text; a syntax error names the byte offset.
    public static func parse(_ text: String, root: String = "$") throws -> PayloadNode {
        do {
            return PayloadNode(try JSONValue.parse(text), path: root)
        } catch {
            throw WMSError(.invalidField, field: root.isEmpty ? "$" : root, value: "", "payload is not JSON: \(error)")
        }
    }

    private func child(_ key: String) -> String { path == "" ? key : "\(path).\(key)" }

    private var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    private func wrongType(_ expected: String) -> WMSError {
        WMSError(
            .invalidField, field: path.isEmpty ? "$" : path, value: value.text, "must be \(expected), not \(typeName)")
    }

    /// The member `key`; absent or null → nil.
    public func optional(_ key: String) throws -> PayloadNode? {
        guard case .object(let members) = value else { throw wrongType("an object") }
        guard let member = members.first(where: { $0.0 == key })?.1 else { return nil }
        if case .null = member { return nil }
        return PayloadNode(member, path: child(key))
    }

    /// The member `key`; absent or null is an error naming the field path.
    public func field(_ key: String) throws -> PayloadNode {
        guard let node = try optional(key) else {
            throw WMSError(.invalidField, field: child(key), value: "", "missing field '\(key)'")
        }
        return node
    }

    /// The elements of an array.
    public func elements() throws -> [PayloadNode] {
        guard case .array(let items) = value else { throw wrongType("an array") }
        return items.enumerated().map { PayloadNode($1, path: "\(path)[\($0)]") }
    }

    /// A string (numbers are not accepted as strings: an id sent as a number is a different shape).
    public func string() throws -> String {
        guard case .string(let text) = value else { throw wrongType("a string") }
        return text
    }

    /// A non-empty string after trimming.
    public func text() throws -> String {
        let trimmed = try string().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw WMSError(.invalidField, field: path, value: "", "must not be empty")
        }
        return trimmed
    }

    /// The literal text of a number, or the content of a string holding a number.
    private func numberText() throws -> String {
        switch value {
        case .number(let text): return text
        case .string(let text): return text.trimmingCharacters(in: .whitespaces)
        default: throw wrongType("a number or a numeric string")
        }
    }

    /// A decimal from its text (a JSON number's literal, or a string such as `"19.99"`), never through Double.
    public func decimal() throws -> Decimal {
        let text = try numberText()
        guard let parsed = PayloadText.decimal(text) else {
            throw WMSError(.invalidField, field: path, value: text, "must be a decimal number such as 19.99")
        }
        return parsed
    }

    /// A decimal that must not be negative (a price or an amount).
    public func amount() throws -> Decimal {
        let parsed = try decimal()
        guard parsed >= 0 else {
            throw WMSError(.invalidField, field: path, value: "\(parsed)", "must not be negative")
        }
        return parsed
    }

    /// A whole number (a JSON integer or an integer string).
    public func integer() throws -> Int64 {
        let text = try numberText()
        guard let parsed = Int64(text) else {
            throw WMSError(.invalidField, field: path, value: text, "must be a whole number")
        }
        return parsed
    }

    /// A quantity: a whole number greater than zero.
    public func quantity() throws -> Int {
        let parsed = try integer()
        guard parsed > 0, parsed <= Int64(Int32.max) else {
            throw WMSError(
                .invalidField, field: path, value: String(parsed),
                parsed < 0 ? "a quantity must not be negative" : "a quantity must be greater than zero")
        }
        return Int(parsed)
    }

    /// An ISO 8601 timestamp (`2026-11-28T09:15:00Z`, fractional seconds allowed).
    public func timestamp() throws -> Date {
        let text = try string()
        if let date = PayloadText.iso8601(text) { return date }
        throw WMSError(
            .invalidField, field: path, value: text, "must be an ISO 8601 date-time such as 2026-11-28T09:15:00Z")
    }

    /// Unix seconds (Shopee, Temu).
    public func unixSeconds() throws -> Date {
        let seconds = try integer()
        guard seconds > 0, seconds < 32_503_680_000 else {
            throw WMSError(.invalidField, field: path, value: String(seconds), "must be Unix seconds after 1970")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// An ISO 4217 currency code.
    public func currency() throws -> String {
        let code = try string()
        try PayloadText.checkCurrency(code, field: path)
        return code
    }

    /// An ISO 3166 alpha-2 country code (upper-cased).
    public func country() throws -> String {
        let code = try text().uppercased()
        guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw WMSError(.invalidField, field: path, value: code, "must be an ISO 3166 alpha-2 country code")
        }
        return code
    }
}

/// Strict number, money and date text for payload adapters.
enum PayloadText {
    /// ISO 4217 codes known to Foundation (the active and common ones).
    static let currencies = Set(Locale.commonISOCurrencyCodes)

    static func checkCurrency(_ code: String, field: String) throws {
        guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }), currencies.contains(code) else {
            throw WMSError(.invalidField, field: field, value: code, "must be an ISO 4217 currency code such as EUR")
        }
    }

    /// `-?digits[.digits][e±digits]` only; anything else (spaces, commas, `NaN`, `1,5`) is rejected.
    static func decimal(_ text: String) -> Decimal? {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let digits = bytes.prefix { (48...57).contains($0) }
        guard !digits.isEmpty else { return nil }
        bytes = bytes.dropFirst(digits.count)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix { (48...57).contains($0) }
            guard !fraction.isEmpty else { return nil }
            bytes = bytes.dropFirst(fraction.count)
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            let exponent = bytes.prefix { (48...57).contains($0) }
            guard !exponent.isEmpty, exponent.count <= 3 else { return nil }
            bytes = bytes.dropFirst(exponent.count)
        }
        guard bytes.isEmpty, text.count <= 40 else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func iso8601(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// `amount / quantity` rounded half-even to `scale` decimals (a marketplace line total spread over its units).
    static func unitPrice(total: Decimal, quantity: Int, scale: Int = 4) -> Decimal {
        var quotient = total / Decimal(quantity)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, scale, .bankers)
        return rounded
    }
}
