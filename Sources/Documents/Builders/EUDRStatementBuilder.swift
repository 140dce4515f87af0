/// The due-diligence statement references a customs declaration of relevant commodities and products into the EU
/// quotes (Regulation (EU) 2023/1115 on deforestation-free products, art. 4 and 26, as amended by Regulations (EU)
/// 2024/3234 and 2025/2650: from 2026-12-30 for large and medium operators, from 2027-06-30 for micro and small).
///
/// The operator submits the statement to the EU information system (TRACES), which returns a reference number and a
/// verification number; the customs declaration quotes the reference in its supporting documents (TARIC document
/// code `C716`). Bonded cannot submit a statement: this document carries the references, per EUDR line, with the
/// commodity's HS code, quantity, net mass and country of production, and refuses a line that has none.
///
/// Which lines: every line carrying a statement reference, and every line in a category the `eudr-large` /
/// `eudr-small` rules of `Rules/traceability` name (the `eudr_commodity` categories) — those are refused without it.
enum EUDRStatementBuilder {
    /// The `eudr_commodity` categories of `Rules/traceability/traceability.rules`.
    static let commodityCategories: Set<String> = [
        "coffee", "cocoa", "chocolate", "wood", "furniture", "paper", "rubber", "soy", "cattle", "leather", "palm-oil",
    ]

    /// TARIC document code under which a declaration quotes a due-diligence statement's reference number.
    static let taricDocumentCode = "C716"

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "EUDR due-diligence statement references")
        f.check(
            ImportDeclarationBuilder.customsUnion.contains(r.to), "to",
            "EUDR due-diligence statements cover products placed on the EU market")
        var root = XMLElement("EUDRStatementReferences")
        root.append("Reference", f.require(r.id, "id"))
        root.append("PreparedOn", f.date(r.date, "date"))
        root.append("Activity", "import")
        root.append(f.party("Operator", r.importer ?? r.seller, r.importer == nil ? "seller" : "importer"))
        var covered = 0
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            guard line.dds != nil || commodityCategories.contains(line.category ?? "") else { continue }
            covered += 1
            var item = XMLElement("Line")
            item.append("LineNumber", String(index + 1))
            item.append("SKU", line.sku)
            item.append("Description", f.require(line.description, path + ".description"))
            item.append("HSCode", f.hsCode(line.hs, path + ".hs", digits: 6))
            item.append("Quantity", line.quantity.text())
            item.append(
                XMLElement(
                    "NetMass", attributes: [.init("unit", "kg")],
                    children: [.text(f.require(line.netKg, path + ".net_kg").text())]))
            item.append("CountryOfProduction", f.country(line.origin, path + ".origin"))
            var statement = XMLElement("Statement", attributes: [.init("documentCode", taricDocumentCode)])
            statement.append("ReferenceNumber", token(line.dds?.reference, path + ".dds.reference", &f))
            statement.append("VerificationNumber", token(line.dds?.verification, path + ".dds.verification", &f))
            item.append(statement)
            root.append(item)
        }
        f.check(covered > 0, "lines", "no line is an EUDR commodity or carries a due-diligence statement reference")
        try f.finish()
        return root
    }

    /// A required reference: letters and digits only, at most 35 characters.
    static func token(_ value: String?, _ path: String, _ f: inout FieldChecker) -> String {
        let text = f.require(value, path)
        f.check(
            text.isEmpty || (text.count <= 35 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }),
            path, "expected up to 35 letters and digits as the EU information system issued it")
        return text
    }
}
