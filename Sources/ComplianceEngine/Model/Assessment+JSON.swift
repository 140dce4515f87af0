extension Assessment {
    /// The assessment as the JSON object of issue 3 (money as decimal strings, rates as percent strings).
    public func jsonValue(includeExplanation: Bool = true) -> JSONValue {
        let places = Money.minorUnits(currency)
        func amount(_ value: Fixed) -> JSONValue { .string(value.formatted(places: places)) }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        func percent(_ fraction: Fixed?) -> JSONValue {
            guard let fraction, let percent = fraction.multiplied(by: Fixed(raw: 100_000_000)) else { return .null }
            return .string(percent.description)
        }
        let lineValues: [JSONValue] = lines.map { line in
            var members: [(String, JSONValue)] = [
                ("sku", .string(line.sku)), ("vat_rate", percent(line.vatRate)), ("vat", amount(line.vat)), ("duty", amount(line.duty)),
            ]
            if line.dg.isEmpty {
                members.append(("dg", .null))
            } else {
                members.append(("dg", .object([
                    ("un_number", text(line.dg.unNumber)), ("class", text(line.dg.dgClass)),
                    ("packing_instruction", text(line.dg.packingInstruction)), ("section", text(line.dg.section)),
                    ("air", text(line.dg.air)), ("storage_zone", text(line.dg.storageZone)),
                    ("proper_shipping_name", text(line.dg.properShippingName)),
                    ("packing_group", text(line.dg.packingGroup)),
                    ("subsidiary_hazard", text(line.dg.subsidiaryHazard)),
                    ("labels", .array(line.dg.labels.map(JSONValue.string))),
                    ("segregation", .array(line.dg.segregation.map(JSONValue.string))),
                ])))
            }
            return .object(members)
        }
        var members: [(String, JSONValue)] = [
            ("id", .string(id)), ("decision", .string(decision.rawValue)), ("regime", text(regime)), ("currency", .string(currency)),
            ("totals", .object([("vat", amount(vat)), ("duty", amount(duty)), ("fees", amount(feeTotal))])),
            ("lines", .array(lineValues)),
            ("documents", .array(documents.map(JSONValue.string))),
            ("codes", .array(codes.map(JSONValue.string))),
            ("fees", .array(fees.map { .object([("name", .string($0.name)), ("amount", amount($0.amount))]) })),
            ("co2e_kg", .string((co2eGrams.divided(by: Fixed(raw: 1_000_000_000)) ?? .zero).formatted(places: 3))),
            ("holds", .array(holds.map {
                .object([("code", .string($0.code)), ("message", .string($0.message)), ("rule", .string($0.rule)), ("source", .string($0.source))])
            })),
        ]
        if includeExplanation {
            members.append(("explanation", .array(explanation().map { step in
                .object([
                    ("pack", .string(step.pack)), ("version", .string(step.version)), ("rule", .string(step.rule)),
                    ("line", text(step.line)), ("outcome", .string(step.outcome)),
                    ("inputs", .object(step.inputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                    ("source", .string(step.source)), ("at", .string(step.location)),
                ])
            })))
        }
        members.append(("assessed_on", .string(date.description)))
        members.append(("pack_set_sha256", .string(packSetHash)))
        return .object(members)
    }

    /// Compact JSON text.
    public func json(includeExplanation: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(includeExplanation ? 8_192 : 1_024)
        JSONWriter.write(jsonValue(includeExplanation: includeExplanation), into: &out)
        return out
    }
}

extension JSONValue {
    /// Compact JSON text.
    public var text: String {
        var out = ""
        JSONWriter.write(self, into: &out)
        return out
    }

    /// Parses JSON text: one value, or a sequence of values (JSON lines).
    public static func parseSequence(_ text: String) throws(JSONSyntaxError) -> [JSONValue] {
        try JSONReader.parseSequence(text)
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONReader.parse(text)
    }
}
