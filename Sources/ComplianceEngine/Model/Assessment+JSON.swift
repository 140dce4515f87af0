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

    /// Compact JSON text: `jsonValue(includeExplanation:)` written straight out, without building the value tree
    /// first (the tree cost about a third of writing an answer of `POST /v1/assess`). Tests compare the two.
    public func json(includeExplanation: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(includeExplanation ? 8_192 : 1_024)
        let places = Money.minorUnits(currency)
        func member(_ key: String, first: Bool = false) {
            if !first { out += "," }
            out += "\""
            out += key
            out += "\":"
        }
        func string(_ value: String) { JSONString.quote(value, into: &out) }
        func text(_ value: String?) {
            if let value { string(value) } else { out += "null" }
        }
        func amount(_ value: Fixed) { string(value.formatted(places: places)) }
        func percent(_ fraction: Fixed?) {
            guard let fraction, let percent = fraction.multiplied(by: Fixed(raw: 100_000_000)) else {
                out += "null"
                return
            }
            string(percent.description)
        }
        func strings(_ values: [String]) {
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                string(value)
            }
            out += "]"
        }
        out += "{"
        member("id", first: true)
        string(id)
        member("decision")
        string(decision.rawValue)
        member("regime")
        text(regime)
        member("currency")
        string(currency)
        member("totals")
        out += "{"
        member("vat", first: true)
        amount(vat)
        member("duty")
        amount(duty)
        member("fees")
        amount(feeTotal)
        out += "}"
        member("lines")
        out += "["
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "," }
            out += "{"
            member("sku", first: true)
            string(line.sku)
            member("vat_rate")
            percent(line.vatRate)
            member("vat")
            amount(line.vat)
            member("duty")
            amount(line.duty)
            member("dg")
            if line.dg.isEmpty {
                out += "null"
            } else {
                let dg = line.dg
                out += "{"
                member("un_number", first: true)
                text(dg.unNumber)
                member("class")
                text(dg.dgClass)
                member("packing_instruction")
                text(dg.packingInstruction)
                member("section")
                text(dg.section)
                member("air")
                text(dg.air)
                member("storage_zone")
                text(dg.storageZone)
                member("proper_shipping_name")
                text(dg.properShippingName)
                member("packing_group")
                text(dg.packingGroup)
                member("subsidiary_hazard")
                text(dg.subsidiaryHazard)
                member("labels")
                strings(dg.labels)
                member("segregation")
                strings(dg.segregation)
                out += "}"
            }
            out += "}"
        }
        out += "]"
        member("documents")
        strings(documents)
        member("codes")
        strings(codes)
        member("fees")
        out += "["
        for (index, fee) in fees.enumerated() {
            if index > 0 { out += "," }
            out += "{"
            member("name", first: true)
            string(fee.name)
            member("amount")
            amount(fee.amount)
            out += "}"
        }
        out += "]"
        member("co2e_kg")
        string((co2eGrams.divided(by: Fixed(raw: 1_000_000_000)) ?? .zero).formatted(places: 3))
        member("holds")
        out += "["
        for (index, hold) in holds.enumerated() {
            if index > 0 { out += "," }
            out += "{"
            member("code", first: true)
            string(hold.code)
            member("message")
            string(hold.message)
            member("rule")
            string(hold.rule)
            member("source")
            string(hold.source)
            out += "}"
        }
        out += "]"
        if includeExplanation {
            member("explanation")
            out += "["
            for (index, step) in explanation().enumerated() {
                if index > 0 { out += "," }
                out += "{"
                member("pack", first: true)
                string(step.pack)
                member("version")
                string(step.version)
                member("rule")
                string(step.rule)
                member("line")
                text(step.line)
                member("outcome")
                string(step.outcome)
                member("inputs")
                out += "{"
                for (number, input) in step.inputs.sorted(by: { $0.key < $1.key }).enumerated() {
                    if number > 0 { out += "," }
                    string(input.key)
                    out += ":"
                    string(input.value)
                }
                out += "}"
                member("source")
                string(step.source)
                member("at")
                string(step.location)
                out += "}"
            }
            out += "]"
        }
        member("assessed_on")
        string(date.description)
        member("pack_set_sha256")
        string(packSetHash)
        out += "}"
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
