internal import ComplianceEngine
internal import Foundation

/// Reads orders from JSON: one order object or an array of them, in the field names of `OrderIntake`.
///
/// Strict: an unknown field, a missing required field or a value of the wrong type is an error naming its JSON
/// path (`$[2].lines[0].quantity`); money is a decimal string (`"12.50"`), quantities are integers, dates ISO 8601
/// (`2026-11-28T10:00:00Z`). Nothing is returned unless every order is good.
public enum OrderJSONParser {
    /// Parses `text` into intakes, checked with `OrderIntake.validate`.
    public static func parse(_ text: String) throws(WMSError) -> [OrderIntake] {
        let root: JSONValue
        do { root = try JSONValue.parse(text) } catch {
            throw WMSError(.invalidField, field: "$", value: nil, "not JSON: \(error)")
        }
        switch root {
        case .array(let items):
            var intakes: [OrderIntake] = []
            for (index, item) in items.enumerated() {
                intakes.append(try intake(item, path: "$[\(index)]"))
            }
            return intakes
        case .object:
            return [try intake(root, path: "$")]
        default:
            throw WMSError.invalid("$", kind(root), "expected an order object or an array of orders")
        }
    }

    static func intake(_ value: JSONValue, path: String) throws(WMSError) -> OrderIntake {
        let object = try Fields(
            value, path: path,
            known: [
                "channel", "channelOrderID", "marketplace", "orderedAt", "shipBy", "currency", "shippingService",
                "shipTo", "marketplaceTaxID", "lines", "shippingCharge",
            ])
        let shipTo = try Fields(
            try object.required("shipTo"), path: "\(path).shipTo",
            known: ["name", "line1", "line2", "city", "region", "postalCode", "country"])
        guard case .array(let lineValues) = try object.required("lines") else {
            throw WMSError.invalid("\(path).lines", kind(try object.required("lines")), "expected an array")
        }
        var lines: [OrderIntakeLine] = []
        for (index, lineValue) in lineValues.enumerated() {
            let line = try Fields(
                lineValue, path: "\(path).lines[\(index)]", known: ["lineID", "sku", "quantity", "unitPrice"])
            lines.append(
                OrderIntakeLine(
                    lineID: try line.string("lineID"), sku: try line.string("sku"),
                    quantity: try line.integer("quantity"), unitPrice: try line.money("unitPrice")))
        }
        let intake = OrderIntake(
            channel: try object.string("channel"), channelOrderID: try object.string("channelOrderID"),
            marketplace: try object.optionalString("marketplace"), orderedAt: try object.date("orderedAt"),
            shipBy: try object.optionalString("shipBy") == nil ? nil : try object.date("shipBy"),
            currency: try object.string("currency"),
            shippingService: try object.optionalString("shippingService") ?? "standard",
            shipTo: PostalAddress(
                name: try shipTo.string("name"), line1: try shipTo.string("line1"),
                line2: try shipTo.optionalString("line2"), city: try shipTo.string("city"),
                region: try shipTo.optionalString("region"), postalCode: try shipTo.string("postalCode"),
                country: try shipTo.string("country")),
            marketplaceTaxID: try object.optionalString("marketplaceTaxID"), lines: lines,
            shippingCharge: object.members["shippingCharge"].flatMap { $0 == .null ? nil : $0 } == nil
                ? nil : try object.money("shippingCharge"))
        try intake.validate(path: path)
        return intake
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number(let text): "the number \(text)"
        case .string(let text): "the string \"\(text.prefix(40))\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The members of one JSON object, read by name with their path.
    struct Fields {
        let members: [String: JSONValue]
        let path: String

        init(_ value: JSONValue, path: String, known: Set<String>) throws(WMSError) {
            guard case .object(let pairs) = value else {
                throw WMSError.invalid(path, OrderJSONParser.kind(value), "expected an object")
            }
            var members: [String: JSONValue] = [:]
            for (key, member) in pairs {
                guard known.contains(key) else {
                    throw WMSError(.invalidField, field: "\(path).\(key)", value: key, "unknown field '\(key)'")
                }
                guard members.updateValue(member, forKey: key) == nil else {
                    throw WMSError(.invalidField, field: "\(path).\(key)", value: key, "field '\(key)' appears twice")
                }
            }
            self.members = members
            self.path = path
        }

        func required(_ key: String) throws(WMSError) -> JSONValue {
            guard let value = members[key], value != .null else {
                throw WMSError(.invalidField, field: "\(path).\(key)", value: nil, "required field '\(key)' is missing")
            }
            return value
        }

        func string(_ key: String) throws(WMSError) -> String {
            let value = try required(key)
            guard case .string(let text) = value else {
                throw WMSError.invalid("\(path).\(key)", OrderJSONParser.kind(value), "expected a string")
            }
            return text
        }

        func optionalString(_ key: String) throws(WMSError) -> String? {
            guard let value = members[key], value != .null else { return nil }
            guard case .string(let text) = value else {
                throw WMSError.invalid("\(path).\(key)", OrderJSONParser.kind(value), "expected a string or null")
            }
            return text
        }

        func integer(_ key: String) throws(WMSError) -> Int {
            let value = try required(key)
            guard case .number(let text) = value, let number = Int(text) else {
                throw WMSError.invalid("\(path).\(key)", OrderJSONParser.kind(value), "expected an integer")
            }
            return number
        }

        func money(_ key: String) throws(WMSError) -> Decimal {
            let value = try required(key)
            guard case .string(let text) = value else {
                throw WMSError.invalid(
                    "\(path).\(key)", OrderJSONParser.kind(value),
                    "expected money as a decimal string such as \"12.50\"")
            }
            guard let amount = MoneyText.parse(text) else {
                throw WMSError.invalid("\(path).\(key)", text, "expected a decimal with at most 4 decimals")
            }
            return amount
        }

        func date(_ key: String) throws(WMSError) -> Date {
            let text = try string(key)
            guard let date = OrderDates.parse(text) else {
                throw WMSError.invalid(
                    "\(path).\(key)", text, "expected an ISO 8601 date-time such as 2026-11-28T10:00:00Z")
            }
            return date
        }
    }
}

/// ISO 8601 date-times of the intake formats.
enum OrderDates {
    static func parse(_ text: String) -> Date? {
        if let date = utcSeconds(text) { return date }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// The common form `YYYY-MM-DDTHH:MM:SSZ` with every field in range, read by hand (creating an
    /// `ISO8601DateFormatter` per order cost ~3% of the server's CPU in the order-to-ship flow); nil for anything
    /// else, which the formatter then reads (or refuses) as before.
    static func utcSeconds(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
            bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1900...2999).contains(year),
            (1...12).contains(month), hour < 24, minute < 60, second < 60
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= lengths[month - 1] else { return nil }
        // Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse, years from March).
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }
}
