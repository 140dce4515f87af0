public import ComplianceEngine
internal import Foundation

/// A marking a new label lacks: what the rules require, which rule and source say so.
public struct MarkingFinding: Hashable, Sendable, Codable {
    /// The requirement (`MARK-ORIGIN`, `LABEL-LANG-DE`, `GPSR-PRODUCT-ID`, `GPSR-RESPONSIBLE-PERSON`, …).
    public var code: String
    /// The label field at fault (`newLabel.languages`, …).
    public var field: String
    public var message: String
    /// The rule that requires it (`pack.rule`).
    public var rule: String
    /// The legal source the rule cites.
    public var source: String
}

/// The marking rules a relabelled item must meet, asked of the compliance engine: country-of-origin marking
/// (`MARK-ORIGIN`), the label languages of the destination (`LABEL-LANG-xx`) and the GPSR identifiers
/// (`GPSR-PRODUCT-ID`, `GPSR-MANUFACTURER`, and the responsible-person hold). The engine decides what is
/// required; this type only compares the label with it.
public struct MarkingCheck: Sendable {
    /// The rule packs that decide what a label needs.
    public let packSet: PackSet

    /// A check against `packSet`.
    public init(packSet: PackSet) { self.packSet = packSet }

    /// The markings required for `product` sold from `from` to `to` on `day`, and what `label` lacks.
    public func check(product: Product, label: LabelContent, from: String, to: String, day: Day) -> (
        required: [String], findings: [MarkingFinding]
    ) {
        var line = DangerousGoodsClassifier.lineJSON(product, fallbackOrigin: from)
        line.removeLast()
        if let person = label.responsiblePerson, !person.isEmpty {
            line += ", \"eu_responsible_person\": \(JSONString.quoted(person))"
        }
        line += "}"
        var text = DangerousGoodsClassifier.requestJSON(
            id: "relabel-" + product.sku, day: day, from: from, to: to, transport: "road", lines: [line])
        text = text.replacingOccurrences(of: "\"sale\": \"B2B\"", with: "\"sale\": \"B2C\"")
        guard let request = try? AssessmentRequest.decode(json: text) else {
            return (
                [],
                [
                    MarkingFinding(
                        code: "MARKING-ASSESSABLE", field: "sku", message: "the product cannot be assessed for marking",
                        rule: "returns.marking-assessable", source: "product master data")
                ]
            )
        }
        let assessment = packSet.assess(request, on: day, explain: true)
        let explanations = assessment.explanation()
        // Explanations name the rule, not the code it set: the marking rules are known by name.
        func cited(_ code: String) -> (rule: String, source: String) {
            let name =
                code == "MARK-ORIGIN"
                ? "origin-marking" : code.hasPrefix("LABEL-LANG-") ? "label-language" : "gpsr-identifiers"
            let entry = explanations.first { $0.rule == name }
            return (entry.map { "\($0.pack).\($0.rule)" } ?? code, entry?.source ?? "see the active packs")
        }
        let required = assessment.codes.filter {
            $0 == "MARK-ORIGIN" || $0.hasPrefix("LABEL-LANG-") || $0.hasPrefix("GPSR-")
        }.sorted()
        var findings: [MarkingFinding] = []
        func lacks(_ code: String, _ field: String, _ message: String) {
            let (rule, source) = cited(code)
            findings.append(MarkingFinding(code: code, field: field, message: message, rule: rule, source: source))
        }
        let languages = Set(label.languages.map { $0.lowercased() })
        for code in required {
            switch code {
            case "MARK-ORIGIN":
                if label.originCountry == nil {
                    lacks(code, "newLabel.originCountry", "the label must state the country of origin for \(to)")
                }
            case "GPSR-PRODUCT-ID":
                if (label.productIdentifier ?? "").isEmpty {
                    lacks(code, "newLabel.productIdentifier", "the label must carry a type, batch or serial number")
                }
            case "GPSR-MANUFACTURER":
                if (label.manufacturer ?? "").isEmpty {
                    lacks(code, "newLabel.manufacturer", "the label must name the manufacturer and its address")
                }
            case _ where code.hasPrefix("LABEL-LANG-"):
                let language = code.dropFirst("LABEL-LANG-".count).lowercased()
                if !languages.contains(language) {
                    lacks(code, "newLabel.languages", "the label must be in \(language) for \(to)")
                }
            default:
                break
            }
        }
        // Whatever the destination, a new label must not change the origin the product has.
        if let stated = label.originCountry, let origin = product.originCountry, stated != origin {
            findings.append(
                MarkingFinding(
                    code: "ORIGIN-MISMATCH", field: "newLabel.originCountry",
                    message: "the label states origin \(stated) but \(product.sku) originates in \(origin)",
                    rule: "returns.origin-unchanged", source: "product master data (country of origin)"))
        }
        for hold in assessment.holds where hold.code.hasPrefix("GPSR-") {
            findings.append(
                MarkingFinding(
                    code: hold.code, field: "newLabel.responsiblePerson", message: hold.message,
                    rule: "traceability.\(hold.rule)", source: hold.source))
        }
        return (required, findings)
    }
}
