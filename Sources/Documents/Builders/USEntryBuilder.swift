/// US entry data, types 11 (informal) and 01 (formal).
enum USEntryBuilder {
    static let informalLimit = Amount(tenThousandths: 2_500 * Amount.scale)

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "US entry")
        f.check(r.currency == "USD", "currency", "US entry values must be in USD")
        let total = r.goodsValue
        let regimeType: String? =
            switch r.regime {
            case "US-11": "11"
            case "US-01": "01"
            default: nil
            }
        let entryType = r.customs?.entryType ?? regimeType ?? (total <= informalLimit ? "11" : "01")
        f.check(entryType == "11" || entryType == "01", "customs.entry_type", "entry type must be 11 or 01")
        if entryType == "11" {
            f.check(total <= informalLimit, "customs.entry_type", "type 11 is for shipments up to USD 2,500")
        }
        var root = XMLElement("USEntry")
        root.append("EntryType", entryType)
        root.append("Reference", f.require(r.id, "id"))
        root.append("EntryDate", f.date(r.date, "date"))
        root.append("BillOfLading", f.require(r.tracking?.billOfLading, "tracking.bill_of_lading"))
        let port = f.require(r.customs?.port, "customs.port")
        f.check(
            port.isEmpty || (port.count == 4 && port.allSatisfy(\.isNumber)), "customs.port",
            "port of entry is a 4-digit CBP code")
        root.append("PortOfEntry", port)
        let importer = r.importer ?? r.buyer
        let number = f.require(importer?.number, r.importer != nil ? "importer.number" : "buyer.number")
        root.append("ImporterNumber", number)
        root.append(f.party("Seller", r.seller, "seller"))
        root.append(f.party("Consignee", r.buyer, "buyer"))
        root.append("CountryOfExport", f.country(r.from, "from"))
        root.append(
            XMLElement(
                "TotalValue", attributes: [.init("currency", r.currency)],
                children: [.text(total.rounded(to: 2))]))
        f.check(!r.lines.isEmpty, "lines", "at least one line is required")
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var node = XMLElement("Line")
            node.append("LineNumber", String(index + 1))
            node.append("HTSUS", f.hsCode(line.hs, path + ".hs", digits: 10, exactly: 10))
            node.append("Description", f.require(line.description, path + ".description"))
            node.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            node.append("Quantity", line.quantity.text())
            node.append(
                XMLElement(
                    "Value", attributes: [.init("currency", r.currency)],
                    children: [.text(line.total.rounded(to: 2))]))
            node.append("SKU", line.sku)
            root.append(node)
        }
        try f.finish()
        return root
    }
}
