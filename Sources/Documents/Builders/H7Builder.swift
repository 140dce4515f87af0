/// EU H7 low-value import declaration.
enum H7Builder {
    static let limit = Amount(tenThousandths: 150 * Amount.scale)

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "H7")
        var root = XMLElement("H7Declaration")
        root.append("DeclarationType", "H7")
        root.append("LRN", f.require(r.customs?.lrn ?? r.id, "customs.lrn"))
        root.append("DeclarationDate", f.date(r.date, "date"))
        root.append("TotalItems", String(r.lines.count))
        f.check(!r.lines.isEmpty && r.lines.count <= 999, "lines", "H7 needs 1 to 999 goods items")
        root.append(f.party("Exporter", r.seller, "seller", identifiers: [("EORI", r.seller.eori)]))
        root.append(
            f.party(
                "Importer", r.buyer, "buyer",
                identifiers: [("EORI", r.buyer?.eori), ("VAT", r.buyer?.vat)]))

        let isIOSS =
            r.regime == "EU-IOSS" || r.customs?.additionalProcedure == "F48"
            || (r.customs?.additionalProcedure == nil && r.seller.ioss != nil)
        let procedure = r.customs?.additionalProcedure ?? (isIOSS ? "F48" : "F53")
        if isIOSS {
            let required = f.require(r.seller.ioss, "seller.ioss")
            if !required.isEmpty {
                let ioss = f.taxIdentifier("IOSS", required, "seller")
                var reference = XMLElement("AdditionalFiscalReference")
                reference.append("Role", "FR5")
                reference.append("VATIdentificationNumber", ioss)
                root.append(reference)
            }
        }
        if let awb = r.tracking?.billOfLading {
            var transport = XMLElement("TransportDocument")
            transport.append("Type", transportDocumentType(r.transport))
            transport.append("Reference", awb)
            root.append(transport)
        }
        root.append("CountryOfDispatch", f.country(r.from, "from"))
        root.append("CountryOfDestination", f.country(r.to, "to"))
        let total = r.goodsValue
        if r.currency == "EUR" {
            f.check(total <= limit, "lines", "H7 is only for consignments of intrinsic value up to EUR 150")
        }
        root.append(
            XMLElement(
                "TotalIntrinsicValue", attributes: [.init("currency", r.currency)],
                children: [.text(total.rounded(to: 2))]))
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("GoodsItem")
            item.append("ItemNumber", String(index + 1))
            item.append("RequestedProcedure", "40")
            item.append("PreviousProcedure", "00")
            item.append("AdditionalProcedure", procedure)
            item.append("DescriptionOfGoods", f.require(line.description, path + ".description"))
            item.append("CommodityCode", String(f.hsCode(line.hs, path + ".hs", digits: 6).prefix(6)))
            item.append(
                XMLElement(
                    "IntrinsicValue", attributes: [.init("currency", r.currency)],
                    children: [.text(line.total.rounded(to: 2))]))
            item.append("NetMass", f.require(line.netKg, path + ".net_kg").text())
            item.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            item.append("MerchantProductIdentifier", f.require(line.sku, path + ".sku"))
            item.appendIfPresent("ManufacturerProductIdentifier", line.gtin)
            root.append(item)
        }
        try f.finish()
        return root
    }

    static func transportDocumentType(_ transport: String?) -> String {
        switch transport {
        case "sea": "N705"
        case "road": "N730"
        case "rail": "N720"
        default: "N740"
        }
    }
}
