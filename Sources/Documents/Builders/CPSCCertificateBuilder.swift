/// The certificate-of-compliance data filed electronically with a US entry (CPSC eFiling, 16 CFR part 1110 as
/// revised by the final rule published 2025-01-08, 90 FR 1800, effective 2026-07-08; 2027-01-08 for goods entered
/// from a foreign-trade zone).
///
/// Per regulated product: its identification (GTIN, else the SKU as the other unique identifier, and description),
/// Children's Product Certificate (CPC) or General Certificate of Conformity (GCC), each safety rule, ban, standard
/// or regulation it is certified to, the manufacturer (name, address, phone or e-mail), month and place (city,
/// country) of manufacture, month and place of the testing the certificate relies on, the testing laboratory (for a
/// CPC the CPSC-accepted third-party laboratory with its CPSC id), the certifier (importer or domestic manufacturer)
/// and the person keeping the test records, each with contact details.
///
/// Which lines are filed: every line carrying certificate data, and every line in a category the `cpsc-efiling`
/// rule of `Rules/us-cbp` names (toys, children's clothing, children's products) — those are refused without it.
enum CPSCCertificateBuilder {
    /// Categories the `cpsc-efiling` rule of the US pack lists (a line of these must carry a certificate).
    static let regulatedCategories: Set<String> = ["toys", "children-clothing", "childrens-products"]

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "CPSC certificate eFiling")
        f.check(r.to == "US", "to", "the CPSC eFiling is for products imported into the United States")
        var root = XMLElement("CPSCCertificateFiling")
        root.append("Reference", f.require(r.id, "id"))
        root.append("PreparedOn", f.date(r.date, "date"))
        root.append(f.party("Importer", r.importer ?? r.buyer, r.importer == nil ? "buyer" : "importer"))
        var filed = 0
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            guard line.certificate != nil || regulatedCategories.contains(line.category ?? "") else { continue }
            filed += 1
            let certificate = line.certificate ?? DocumentRequest.Certificate()
            let at = path + ".certificate"
            var product = XMLElement("Product")
            product.append("LineNumber", String(index + 1))
            if let gtin = line.gtin {
                f.check(
                    [8, 12, 13, 14].contains(gtin.count) && GS1.isValid(gtin), path + ".gtin",
                    "a GTIN has 8, 12, 13 or 14 digits with a valid check digit")
                product.append(
                    XMLElement("ProductID", attributes: [.init("scheme", "GTIN")], children: [.text(gtin)]))
            } else {
                product.append(
                    XMLElement("ProductID", attributes: [.init("scheme", "SKU")], children: [.text(line.sku)]))
            }
            product.append("Description", f.require(line.description, path + ".description"))
            let type = f.require(certificate.type, at + ".type")
            f.check(type.isEmpty || type == "CPC" || type == "GCC", at + ".type", "expected CPC or GCC")
            product.append("CertificateType", type)
            let citations = certificate.citations ?? []
            f.check(!citations.isEmpty, at + ".citations", "at least one safety rule or regulation must be cited")
            for (number, citation) in citations.enumerated() {
                product.append("Citation", f.require(citation, at + ".citations[\(number)]"))
            }
            product.append(contact("Manufacturer", certificate.manufacturer, at + ".manufacturer", &f))
            product.append(
                event("Manufactured", certificate.manufactured, certificate.manufacturedAt, at, "manufactured", &f))
            product.append(event("Tested", certificate.tested, certificate.testedAt, at, "tested", &f))
            if certificate.laboratory != nil || type == "CPC" {
                var laboratory = contact("Laboratory", certificate.laboratory, at + ".laboratory", &f)
                if type == "CPC" {
                    laboratory.append(
                        "CPSCLabID",
                        f.require(certificate.laboratory?.number, at + ".laboratory.number"))
                } else {
                    laboratory.appendIfPresent("CPSCLabID", certificate.laboratory?.number)
                }
                product.append(laboratory)
            }
            product.append(contact("Certifier", certificate.certifier, at + ".certifier", &f))
            product.append(contact("RecordsKeeper", certificate.recordsKeeper, at + ".records_keeper", &f))
            root.append(product)
        }
        f.check(filed > 0, "lines", "no line carries a product certificate")
        try f.finish()
        return root
    }

    /// A party with its address and a phone number or e-mail address.
    static func contact(
        _ element: String, _ party: DocumentRequest.Party?, _ path: String, _ f: inout FieldChecker
    ) -> XMLElement {
        f.check(
            party?.phone != nil || party?.email != nil, path + ".phone",
            "a phone number or an e-mail address is required")
        return f.party(element, party, path)
    }

    /// `<Manufactured><Month/><City/><Country/></Manufactured>` from a `YYYY-MM` month and a place.
    static func event(
        _ element: String, _ month: String?, _ place: DocumentRequest.Party?, _ path: String, _ key: String,
        _ f: inout FieldChecker
    ) -> XMLElement {
        var node = XMLElement(element)
        let value = f.require(month, "\(path).\(key)")
        f.check(value.isEmpty || isMonth(value), "\(path).\(key)", "expected a month YYYY-MM")
        node.append("Month", value)
        node.append("City", f.require(place?.city, "\(path).\(key)_at.city"))
        node.append("Country", f.country(place?.country, "\(path).\(key)_at.country"))
        return node
    }

    /// `YYYY-MM` with a month 01–12.
    static func isMonth(_ text: String) -> Bool {
        let c = Array(text)
        guard c.count == 7, c[4] == "-",
            c.enumerated().allSatisfy({ $0.offset == 4 || ($0.element.isASCII && $0.element.isNumber) })
        else { return false }
        return (1...12).contains(Int(String(c[5...6])) ?? 0)
    }
}
