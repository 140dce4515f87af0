/// UPU CN22 and CN23 customs declarations.
enum PostalBuilder {
    static let categories = ["gift", "documents", "commercial-sample", "returned-goods", "sale-of-goods", "other"]

    static func build(_ r: DocumentRequest, cn23: Bool) throws(DocumentError) -> XMLElement {
        let name = cn23 ? "CN23" : "CN22"
        var f = FieldChecker(document: name)
        var root = XMLElement(name)
        root.append("Reference", f.require(r.id, "id"))
        if let s10 = r.tracking?.s10 {
            if let problem = UPUS10.problem(with: s10) { f.issues.append(DocumentIssue(path: "tracking.s10", message: problem)) }
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
            item.append(XMLElement("Value", attributes: [.init("currency", r.currency)],
                children: [.text(line.total.rounded(to: 2))]))
            item.append("HSCode", f.hsCode(line.hs, path + ".hs", digits: 6))
            item.append("CountryOfOrigin", f.country(line.origin, path + ".origin"))
            root.append(item)
        }
        root.append("TotalNetWeight", net.text())
        root.append(XMLElement("TotalValue", attributes: [.init("currency", r.currency)],
            children: [.text(r.goodsValue.rounded(to: 2))]))
        if cn23 {
            root.append(XMLElement("Postage", attributes: [.init("currency", r.currency)],
                children: [.text((r.shipping ?? .zero).rounded(to: 2))]))
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
        root.append(f.party("Seller", r.seller, "seller",
            identifiers: [("EORI", r.seller.eori), ("VAT", r.seller.vat), ("IOSS", r.seller.ioss)]))
        root.append(f.party("Buyer", r.buyer, "buyer", identifiers: [("EORI", r.buyer?.eori), ("VAT", r.buyer?.vat)]))
        root.append("CountryOfDispatch", f.country(r.from, "from"))
        root.append("CountryOfDestination", f.country(r.to, "to"))
        if let transport = r.transport {
            f.check(["air", "sea", "road", "rail", "postal", "courier"].contains(transport), "transport",
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
            node.append("UnitPrice", line.unitPrice.text(minimumDecimals: 2))
            let total = line.total.roundedAmount(to: 2)
            goods = goods + total
            node.append("LineTotal", total.rounded(to: 2))
            node.appendIfPresent("NetWeight", line.netKg?.text())
            root.append(node)
        }
        let shipping = (r.shipping ?? .zero).roundedAmount(to: 2)
        let insurance = (r.insurance ?? .zero).roundedAmount(to: 2)
        let discount = (r.discount ?? .zero).roundedAmount(to: 2)
        let total = goods + shipping + insurance - discount
        f.check(total >= .zero, "discount", "discount exceeds the invoice total")
        root.append("GoodsTotal", goods.rounded(to: 2))
        root.append("Shipping", shipping.rounded(to: 2))
        root.append("Insurance", insurance.rounded(to: 2))
        root.append("Discount", discount.rounded(to: 2))
        root.append("InvoiceTotal", total.rounded(to: 2))
        let un = (r.dangerousGoods ?? []).compactMap(\.unNumber)
        if !un.isEmpty { root.append("DangerousGoods", un.joined(separator: ", ")) }
        try f.finish()
        return root
    }
}

/// 4×6 in shipping label data with computed barcode geometry.
enum LabelBuilder {
    static let marks = ["lithium-battery", "class-9", "cargo-aircraft-only"]

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
            if let problem = UPUS10.problem(with: s10) { f.issues.append(DocumentIssue(path: "tracking.s10", message: problem)) }
            root.append("ItemId", s10)
        }
        let rawSSCC = f.require(r.tracking?.sscc, "tracking.sscc")
        var sscc = ""
        if !rawSSCC.isEmpty {
            if let valid = GS1.sscc(rawSSCC) { sscc = valid } else {
                f.issues.append(DocumentIssue(path: "tracking.sscc",
                    message: "SSCC is 17 digits (check digit added) or 18 digits with a correct check digit"))
            }
        }
        var marks: [XMLElement] = []
        for (index, dg) in (r.dangerousGoods ?? []).enumerated() {
            for (markIndex, mark) in dg.marks.enumerated() {
                let path = "dangerous_goods[\(index)].marks[\(markIndex)]"
                f.check(Self.marks.contains(mark), path, "mark is one of \(Self.marks.joined(separator: ", "))")
                var attributes: [XMLElement.Attribute] = [.init("type", mark)]
                if mark == "lithium-battery" {
                    let un = f.require(dg.unNumber, "dangerous_goods[\(index)].un_number")
                    attributes.append(.init("un", un))
                }
                marks.append(XMLElement("Mark", attributes: attributes))
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
