internal import Foundation

extension OrderIntake {
    /// Checks every field; throws `invalidField` naming the first wrong one under `path` (`$[3].lines[0].sku`).
    public func validate(path: String = "$") throws(WMSError) {
        try check {
            guard !channel.isEmpty, channel == channel.lowercased() else {
                throw WMSError.invalid("\(path).channel", channel, "must be a lower-case channel name")
            }
            try Validate.code(channel, field: "\(path).channel", maxLength: 30)
            guard !channelOrderID.isEmpty, channelOrderID.count <= 80 else {
                throw WMSError.invalid("\(path).channelOrderID", channelOrderID, "must be 1 to 80 characters")
            }
            try Validate.currency(currency, field: "\(path).currency")
            guard !shippingService.isEmpty else {
                throw WMSError.invalid("\(path).shippingService", shippingService, "must not be empty")
            }
            try shipTo.validate(path: "\(path).shipTo")
            if let shippingCharge { try MoneyText.check(shippingCharge, field: "\(path).shippingCharge") }
            guard !lines.isEmpty else { throw WMSError.invalid("\(path).lines", "[]", "an order needs a line") }
            var seen = Set<String>()
            for (index, line) in lines.enumerated() {
                let at = "\(path).lines[\(index)]"
                guard !line.lineID.isEmpty, seen.insert(line.lineID).inserted else {
                    throw WMSError.invalid("\(at).lineID", line.lineID, "must be present and unique in the order")
                }
                try Validate.code(line.sku, field: "\(at).sku", maxLength: 64)
                guard line.quantity > 0, line.quantity <= 100_000 else {
                    throw WMSError.invalid("\(at).quantity", String(line.quantity), "must be between 1 and 100000")
                }
                try MoneyText.check(line.unitPrice, field: "\(at).unitPrice")
            }
        }
    }

    /// The order id this intake gets: `channel-channelOrderID` when that is a plain code, else a digest of both.
    public var orderID: String {
        let plain = "\(channel)-\(channelOrderID)"
        if plain.count <= 60, (try? Validate.code(plain, field: "id", maxLength: 60)) != nil { return plain }
        return "\(channel.prefix(20))-h"
            + String(ContentDigest.sha256Hex(Data("\(channel)\u{0}\(channelOrderID)".utf8)).prefix(24))
    }
}

extension PostalAddress {
    /// Checks every field under `path`.
    public func validate(path: String) throws(WMSError) {
        try check {
            for (name, value) in [("name", name), ("line1", line1), ("city", city), ("postalCode", postalCode)] {
                guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw WMSError.invalid("\(path).\(name)", value, "must not be empty")
                }
            }
            try Validate.country(country, field: "\(path).country")
        }
    }
}

/// Runs `body`, which throws only `WMSError`s (the validators are untyped).
func check(_ body: () throws -> Void) throws(WMSError) {
    do { try body() } catch let error as WMSError { throw error } catch {
        throw WMSError(.invalidField, "\(error)")
    }
}

/// Parses money written as text: digits with at most four decimals (`12`, `12.5`, `12.50`), never floating point.
enum MoneyText {
    /// Checks an amount however it was made (parsed, a marketplace payload, code): a number, not negative, at
    /// most 12 integer digits and 4 decimals, so that every document and declaration can carry it exactly.
    static func check(_ value: Decimal, field: String) throws(WMSError) {
        guard !value.isNaN else { throw WMSError.invalid(field, "NaN", "must be a number") }
        guard value >= 0 else { throw WMSError.invalid(field, "\(value)", "must not be negative") }
        guard value < Decimal(sign: .plus, exponent: 12, significand: 1) else {
            throw WMSError.invalid(field, "\(value)", "must have at most 12 digits before the decimal point")
        }
        var scaled = value * 10_000
        var whole = Decimal()
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard whole == scaled else {
            throw WMSError.invalid(field, "\(value)", "must have at most 4 decimals")
        }
    }

    static func parse(_ text: String) -> Decimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12,
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        if parts.count == 2 {
            guard (1...4).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
        }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
