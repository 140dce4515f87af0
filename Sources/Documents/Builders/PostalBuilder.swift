/// UPU CN22 and CN23 customs declarations.
enum PostalBuilder {
    static let categories = ["gift", "documents", "commercial-sample", "returned-goods", "sale-of-goods", "other"]

    static func build(_ r: DocumentRequest, cn23: Bool) throws(DocumentError) -> XMLElement {
        let name = cn23 ? "CN23" : "CN22"
        var f = FieldChecker(document: name)
        var root = XMLElement(name)
        root.append("Reference", f.require(r.id, "id"))
        if let s10 = r.tracking?.s10 {
            if let problem = UPUS10.problem(with: s10) {
                f.issues.append(DocumentIssue(path: "tracking.s10", message: problem))
            }
            root.append("ItemId", s10)
        }
        root.append("Date", f.date(r.date, "date"))
        root.append(f.party("Sender", r.seller, "seller"))
        root.append(f.party("Addressee", r.buyer, "buyer"))
        let category = r.category ?? (r.gift == true ? "gift" : "sale-of-goods")
        f.check(categories.contains(category), "category", "category is one of \(categories.joined(separator: ", "))")
        root.append("Category", category)
        f.check(!r.lines.isEmpty, "lines", "at least one content line is required")
        if !cn23 { f.check(r.lines.count <= 4, "lines", "CN22 has room for 4 content lines; use CN23") }
        var net = Amount.zero
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("Item")
            let description = f.require(line.description, path + ".description")
            f.check(description.count <= 70, path + ".description", "at most 70 characters fit the form")
            item.append("Description", description)
            item.append("Quantity", line.quantity.text())
            let kg = f.require(line.netKg, path + ".net_kg")
            net = net + kg
            item.append("NetWeight", kg.text())
            item.append(
                XMLElement(
                    "Value", attributes: [.init("currency", r.currency)],
                    children: [.text(line.total.money(r.currency))]))
            item.append("HSCode", f.hsCode(line.hs, path + ".hs", digits: 6))
            item.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            root.append(item)
        }
        root.append("TotalNetWeight", net.text())
        root.append(
            XMLElement(
                "TotalValue", attributes: [.init("currency", r.currency)],
                children: [.text(r.goodsValue.money(r.currency))]))
        if cn23 {
            root.append(
                XMLElement(
                    "Postage", attributes: [.init("currency", r.currency)],
                    children: [.text((r.shipping ?? .zero).money(r.currency))]))
            root.appendIfPresent("TotalGrossWeight", r.parcel?.grossKg?.text())
            root.appendIfPresent("ImporterReference", r.buyer?.vat ?? r.buyer?.eori)
            root.append("InvoiceNumber", r.id)
        }
        try f.finish()
        return root
    }
}

/// Commercial invoice.
enum InvoiceBuilder {
    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "commercial invoice")
        var root = XMLElement("CommercialInvoice")
        root.append("InvoiceNumber", f.require(r.id, "id"))
        root.append("InvoiceDate", f.date(r.date, "date"))
        root.append(
            f.party(
                "Seller", r.seller, "seller",
                identifiers: [("EORI", r.seller.eori), ("VAT", r.seller.vat), ("IOSS", r.seller.ioss)]))
        root.append(f.party("Buyer", r.buyer, "buyer", identifiers: [("EORI", r.buyer?.eori), ("VAT", r.buyer?.vat)]))
        root.append("CountryOfDispatch", f.country(r.from, "from"))
        root.append("CountryOfDestination", f.country(r.to, "to"))
        if let transport = r.transport {
            f.check(
                ["air", "sea", "road", "rail", "postal", "courier"].contains(transport), "transport",
                "transport is air, sea, road, rail, postal or courier")
            root.append("TransportMode", transport)
        }
        root.appendIfPresent("TrackingReference", r.tracking?.s10 ?? r.tracking?.waybill ?? r.tracking?.billOfLading)
        root.append("Currency", r.currency)
        f.check(!r.lines.isEmpty, "lines", "at least one line is required")
        var goods = Amount.zero
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var node = XMLElement("Line")
            node.append("LineNumber", String(index + 1))
            node.append("SKU", line.sku)
            node.append("Description", f.require(line.description, path + ".description"))
            node.append("HSCode", f.hsCode(line.hs, path + ".hs", digits: 6))
            node.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            node.append("Quantity", line.quantity.text())
            node.append("UnitPrice", line.unitPrice.text(minimumDecimals: Amount.decimals(for: r.currency)))
            let total = line.total.moneyAmount(r.currency)
            goods = goods + total
            node.append("LineTotal", total.money(r.currency))
            node.appendIfPresent("NetWeight", line.netKg?.text())
            root.append(node)
        }
        let shipping = (r.shipping ?? .zero).moneyAmount(r.currency)
        let insurance = (r.insurance ?? .zero).moneyAmount(r.currency)
        let discount = (r.discount ?? .zero).moneyAmount(r.currency)
        let total = goods + shipping + insurance - discount
        f.check(total >= .zero, "discount", "discount exceeds the invoice total")
        root.append("GoodsTotal", goods.money(r.currency))
        root.append("Shipping", shipping.money(r.currency))
        root.append("Insurance", insurance.money(r.currency))
        root.append("Discount", discount.money(r.currency))
        root.append("InvoiceTotal", total.money(r.currency))
        let un = (r.dangerousGoods ?? []).compactMap(\.unNumber)
        if !un.isEmpty { root.append("DangerousGoods", un.joined(separator: ", ")) }
        try f.finish()
        return root
    }
}

/// A dangerous-goods mark or hazard label as the label template draws it. Accepts the compliance packs' names
/// (`lithium-battery-mark`, `class-9-lithium`, `class-3`, …) as well as the short ones.
struct LabelMark: Equatable {
    let type: String
    let hazardClass: String?

    static let known = "lithium-battery, class-9, cargo-aircraft-only, limited-quantity, class-N (hazard class)"
    static let hazardClasses: Set<String> = [
        "1", "2.1", "2.2", "2.3", "3", "4.1", "4.2", "4.3", "5.1", "5.2", "6.1",
        "6.2", "7", "8",
    ]

    init?(_ name: String) {
        switch name {
        case "lithium-battery", "lithium-battery-mark": (type, hazardClass) = ("lithium-battery", nil)
        case "class-9", "class-9-lithium": (type, hazardClass) = ("class-9", nil)
        case "cargo-aircraft-only": (type, hazardClass) = ("cargo-aircraft-only", nil)
        case "limited-quantity": (type, hazardClass) = ("limited-quantity", nil)
        default:
            guard name.hasPrefix("class-"), Self.hazardClasses.contains(String(name.dropFirst(6))) else { return nil }
            (type, hazardClass) = ("hazard", String(name.dropFirst(6)))
        }
    }
}

/// 4×6 in shipping label data with computed barcode geometry.
enum LabelBuilder {

    /// Text of the QR code: the declaration reference and the tracking reference.
    static func qrText(_ r: DocumentRequest, sscc: String) -> String {
        "BONDED:\(r.id):\(r.tracking?.s10 ?? r.tracking?.waybill ?? sscc)"
    }

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "shipping label")
        var root = XMLElement("ShippingLabel")
        root.append("Reference", f.require(r.id, "id"))
        root.append("Date", f.date(r.date, "date"))
        root.append("Carrier", f.require(r.carrier?.name, "carrier.name"))
        root.appendIfPresent("Service", r.carrier?.service)
        root.append(f.party("From", r.seller, "seller"))
        root.append(f.party("To", r.buyer, "buyer"))
        root.append("GrossWeight", f.require(r.parcel?.grossKg, "parcel.gross_kg").text())
        if let s10 = r.tracking?.s10 {
            if let problem = UPUS10.problem(with: s10) {
                f.issues.append(DocumentIssue(path: "tracking.s10", message: problem))
            }
            root.append("ItemId", s10)
        }
        let rawSSCC = f.require(r.tracking?.sscc, "tracking.sscc")
        var sscc = ""
        if !rawSSCC.isEmpty {
            if let valid = GS1.sscc(rawSSCC) {
                sscc = valid
            } else {
                f.issues.append(
                    DocumentIssue(
                        path: "tracking.sscc",
                        message: "SSCC is 17 digits (check digit added) or 18 digits with a correct check digit"))
            }
        }
        var marks: [XMLElement] = []
        for (index, dg) in (r.dangerousGoods ?? []).enumerated() {
            for (markIndex, name) in dg.marks.enumerated() {
                let path = "dangerous_goods[\(index)].marks[\(markIndex)]"
                guard let mark = LabelMark(name) else {
                    f.issues.append(DocumentIssue(path: path, message: "unknown mark; use \(LabelMark.known)"))
                    continue
                }
                var attributes: [XMLElement.Attribute] = [.init("type", mark.type)]
                if let hazardClass = mark.hazardClass { attributes.append(.init("class", hazardClass)) }
                if mark.type == "lithium-battery" {
                    attributes.append(.init("un", f.require(dg.unNumber, "dangerous_goods[\(index)].un_number")))
                }
                let element = XMLElement("Mark", attributes: attributes)
                if !marks.contains(element) { marks.append(element) }
            }
        }
        try f.finish()

        let data = "00" + sscc
        guard let barcode = Code128.svgPath(for: data, gs1: true, height: 60) else {
            throw DocumentError(.barcodeFailed, "GS1-128 could not be encoded")
        }
        var gs1 = XMLElement("GS1128", attributes: [.init("modules", String(barcode.width))])
        gs1.append("Data", data)
        gs1.append("Text", "(00) " + sscc)
        gs1.append("Path", barcode.path)
        root.append("SSCC", sscc)
        root.append(gs1)
        let text = qrText(r, sscc: sscc)
        let qr = try QRCode(text)
        var qrNode = XMLElement("QR", attributes: [.init("modules", String(qr.size + 8))])
        qrNode.append("Text", text)
        qrNode.append("Path", qr.svgPath)
        root.append(qrNode)
        if !marks.isEmpty { root.append(XMLElement("DangerousGoods", children: marks.map { .element($0) })) }
        return root
    }
}
