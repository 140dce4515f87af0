public import ComplianceEngine

/// The bridge from the compliance engine: one source of truth for what a shipment needs.
///
/// A document request carries the assessment request's fields plus parties, carrier and customs data. The
/// engine assesses the shared fields; `applying(_:)` then takes the engine's decisions — the documents required,
/// the dangerous-goods marks, the regime and the tax — so documents can never disagree with compliance.
extension DocumentRequest {
    /// The compliance engine's request for this shipment (the fields both share), checked by the engine's decoder.
    public func assessmentRequest() throws(DocumentError) -> AssessmentRequest {
        let json = JSONText()
        json.object {
            json.field("id", string: id)
            json.field("date", string: date)
            json.field("sale", string: sale ?? "B2C")
            json.field("marketplace", bool: marketplace ?? false)
            json.field("gift", bool: gift ?? false)
            json.field("from", string: from)
            json.field("to", string: to)
            json.field("transport", string: transport ?? "courier")
            if let aircraft { json.field("aircraft", string: aircraft) }
            json.field("currency", string: currency)
            json.field("shipping", string: (shipping ?? Amount(tenThousandths: 0)).description)
            json.field("insurance", string: (insurance ?? Amount(tenThousandths: 0)).description)
            json.key("seller")
            json.object {
                if let country = seller.country { json.field("country", string: country) }
                if let ioss = seller.ioss { json.field("ioss", string: ioss) }
                if let vat = seller.vat { json.field("vat", string: vat) }
                if let eori = seller.eori { json.field("eori", string: eori) }
            }
            json.key("lines")
            json.array(lines) { line in
                json.object {
                    json.field("sku", string: line.sku)
                    if let description = line.description { json.field("description", string: description) }
                    // Tariff codes are often written 6109.10: the engine takes the digits.
                    json.field("hs", string: (line.hs ?? "").filter { $0 != "." && $0 != " " })
                    json.field("origin", string: line.origin ?? "")
                    if let category = line.category { json.field("category", string: category) }
                    json.field("quantity", string: line.quantity.description)
                    json.field("unit_price", string: line.unitPrice.description)
                    if let netKg = line.netKg { json.field("net_kg", string: netKg.description) }
                    json.field("excise", bool: line.excise ?? false)
                    if let unNumber = line.unNumber { json.field("un_number", string: unNumber) }
                    if let country = line.manufacturerCountry { json.field("manufacturer_country", string: country) }
                    if let person = line.euResponsiblePerson { json.field("eu_responsible_person", string: person) }
                    if let battery = line.battery {
                        json.key("battery")
                        json.object {
                            if let chemistry = battery.chemistry { json.field("chemistry", string: chemistry) }
                            if let packing = battery.packing { json.field("packing", string: packing) }
                            for (name, value) in [
                                ("wh", battery.wh), ("mah", battery.mah), ("volts", battery.volts),
                                ("lithium_g", battery.lithiumG), ("soc_percent", battery.socPercent),
                            ] {
                                if let value { json.field(name, string: value.description) }
                            }
                        }
                    }
                }
            }
        }
        do {
            return try AssessmentRequest.decode(json: json.text)
        } catch {
            throw DocumentError(
                .invalidRequest, "the shipment cannot be assessed: \(error)",
                issues: [DocumentIssue(path: error.path, message: error.message)])
        }
    }

    /// This request with the assessment's decisions: required documents, dangerous-goods marks, regime and the
    /// tax charged (VAT + duty, when the assessment is in the request's currency).
    public func applying(_ assessment: Assessment) -> DocumentRequest {
        var request = self
        request.documents = assessment.documents
        request.regime = assessment.regime
        var marks: [DangerousGoodsMark] = []
        for line in assessment.lines where line.dg.unNumber != nil || !line.dg.labels.isEmpty {
            var mark = DangerousGoodsMark(
                unNumber: line.dg.unNumber, hazardClass: line.dg.dgClass, marks: line.dg.labels)
            mark.packingInstruction = line.dg.packingInstruction
            mark.section = line.dg.section
            mark.properShippingName = line.dg.properShippingName
            mark.packingGroup = line.dg.packingGroup
            mark.subsidiaryHazard = line.dg.subsidiaryHazard
            if !marks.contains(mark) { marks.append(mark) }
        }
        request.dangerousGoods = marks.isEmpty ? nil : marks
        if assessment.currency == currency, let tax = assessment.vat.adding(assessment.duty),
            let amount = Amount(tax.formatted(places: 4))
        {
            request.taxTotal = amount
        }
        return request
    }
}

extension DocumentRequest.DangerousGoodsMark {
    /// A mark as the assessment decides it.
    public init(unNumber: String?, hazardClass: String?, marks: [String]) {
        self.unNumber = unNumber
        self.hazardClass = hazardClass
        self.marks = marks
    }
}

/// A minimal JSON writer for the bridge (strings escaped per RFC 8259; numbers travel as decimal strings).
final class JSONText {  // a class: nested closures write to the same buffer
    private(set) var text = ""
    private var needsComma = false

    func object(_ body: () -> Void) {
        separator()
        text += "{"
        needsComma = false
        body()
        text += "}"
        needsComma = true
    }

    func array<T>(_ items: [T], _ body: (T) -> Void) {
        separator()
        text += "["
        needsComma = false
        for item in items { body(item) }
        text += "]"
        needsComma = true
    }

    func key(_ name: String) {
        separator()
        quote(name)
        text += ":"
        needsComma = false
    }

    func field(_ name: String, string value: String) {
        key(name)
        quote(value)
        needsComma = true
    }

    func field(_ name: String, bool value: Bool) {
        key(name)
        text += value ? "true" : "false"
        needsComma = true
    }

    private func separator() {
        if needsComma { text += "," }
    }

    private func quote(_ value: String) { JSONString.quote(value, into: &text) }
}
