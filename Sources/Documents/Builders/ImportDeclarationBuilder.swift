/// A full import declaration for consignments above the low-value thresholds (UK above GBP 135, Australia above
/// AUD 1,000, Japan above JPY 10,000, China general trade): importer, exporter, transport, invoice amount, transport
/// and insurance costs, the customs value on the destination's valuation basis, and per item the commodity code,
/// description, origin, quantity, net mass and price.
///
/// The customs value follows the destination's basis: CIF (goods + transport + insurance to the border: UK, EU, JP,
/// CN and most countries) or FOB (goods only: AU, US, CA). The shipping charged to the buyer stands for the
/// transport cost to the destination when no freight invoice is given.
///
/// Into the EU customs union (an EU destination, or a regime `EU-…`/`XI-…`: Northern Ireland applies EU customs
/// rules) it is the H1 data set: declaration type IM/A, every item in procedure 40 00 with its additional procedure
/// (the request's, else 000), and the merchant's product identifier per item (the manufacturer's, the GTIN, when
/// known), mandatory in H1 from 2026-11-01.
enum ImportDeclarationBuilder {
    /// Destinations valuing imports free on board (transport and insurance to the border left out).
    static let freeOnBoard: Set<String> = ["AU", "US", "CA", "NZ"]

    /// The member states (ISO 3166 codes) of the EU customs union.
    static let customsUnion: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "GR", "ES", "FI", "FR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// UN/ECE Recommendation 19 transport mode codes.
    static func modeCode(_ transport: String?) -> String? {
        switch transport {
        case "sea": "1"
        case "rail": "2"
        case "road", "courier": "3"
        case "air": "4"
        case "postal": "5"
        default: nil
        }
    }

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "import declaration")
        var root = XMLElement("ImportDeclaration")
        root.append("LRN", f.require(r.customs?.lrn ?? r.id, "customs.lrn"))
        root.append("DeclarationDate", f.date(r.date, "date"))
        root.append("CountryOfDestination", f.country(r.to, "to"))
        root.append("CountryOfDispatch", f.country(r.from, "from"))
        root.appendIfPresent("Regime", r.regime)
        let union =
            customsUnion.contains(r.to) || r.regime?.hasPrefix("EU-") == true || r.regime?.hasPrefix("XI-") == true
        let additional = r.customs?.additionalProcedure ?? "000"
        if union {
            root.append("DeclarationType", "IM")
            root.append("AdditionalDeclarationType", "A")
            f.check(
                additional.count == 3 && additional.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) },
                "customs.additional_procedure", "an additional procedure code is 3 letters or digits")
        }
        root.append(
            f.party("Importer", r.importer ?? r.buyer, r.importer == nil ? "buyer" : "importer",
                identifiers: [("EORI", (r.importer ?? r.buyer)?.eori), ("VAT", (r.importer ?? r.buyer)?.vat)]))
        root.append(f.party("Exporter", r.seller, "seller", identifiers: [("EORI", r.seller.eori)]))
        let mode = modeCode(r.transport)
        f.check(mode != nil, "transport", "transport must be sea, rail, road, courier, air or postal")
        root.append("TransportMode", mode ?? "0")
        root.appendIfPresent("TransportDocument", r.tracking?.billOfLading ?? r.tracking?.waybill ?? r.tracking?.s10)
        let currency = r.currency
        func money(_ name: String, _ amount: Amount) -> XMLElement {
            XMLElement(name, attributes: [.init("currency", currency)], children: [.text(amount.money(currency))])
        }
        let goods = r.goodsValue
        let transport = r.shipping ?? .zero
        let insurance = r.insurance ?? .zero
        let basis = freeOnBoard.contains(r.to) ? "FOB" : "CIF"
        root.append(money("InvoiceAmount", goods))
        root.append(money("TransportCosts", transport))
        root.append(money("InsuranceCosts", insurance))
        root.append("ValuationMethod", "1")
        root.append("ValuationBasis", basis)
        root.append(money("CustomsValue", basis == "CIF" ? goods + transport + insurance : goods))
        root.append("TotalPackages", String(r.parcel?.packages ?? 1))
        root.append("GrossMass", f.require(r.parcel?.grossKg, "parcel.gross_kg").text())
        f.check(!r.lines.isEmpty && r.lines.count <= 999, "lines", "an import declaration has 1 to 999 items")
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("GoodsItem")
            item.append("ItemNumber", String(index + 1))
            item.append("CommodityCode", f.hsCode(line.hs, path + ".hs", digits: 6))
            item.append("DescriptionOfGoods", f.require(line.description, path + ".description"))
            item.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            item.append("Quantity", line.quantity.text())
            item.append("NetMass", f.require(line.netKg, path + ".net_kg").text())
            item.append(money("ItemPrice", line.total))
            if union {
                item.append("RequestedProcedure", "40")
                item.append("PreviousProcedure", "00")
                item.append("AdditionalProcedure", additional)
                item.append("MerchantProductIdentifier", f.require(line.sku, path + ".sku"))
                item.appendIfPresent("ManufacturerProductIdentifier", line.gtin)
            }
            root.append(item)
        }
        try f.finish()
        return root
    }
}
