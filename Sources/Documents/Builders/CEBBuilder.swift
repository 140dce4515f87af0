/// China single-window CEB messages 311 (order) and 621 (inventory list).
enum CEBBuilder {
    static let namespace = "http://www.chinaport.gov.cn/ceb"

    /// China customs 3-digit country codes for the countries we trade with (GB/T customs country code table).
    /// A country missing here is reported as a field error rather than guessed.
    static let customsCountryCodes: [String: String] = [
        "CN": "142", "HK": "110", "JP": "116", "KR": "133", "SG": "132", "TH": "136", "MY": "122", "VN": "141",
        "US": "502", "CA": "501", "AU": "601", "NZ": "609", "GB": "303", "DE": "304", "FR": "305", "IT": "307",
    ]

    /// CEB transport mode codes: 2 waterway, 3 rail, 4 road, 5 air, 6 mail.
    static func trafMode(_ transport: String?) -> String? {
        switch transport {
        case "sea": "2"
        case "rail": "3"
        case "road": "4"
        case "air", "courier": "5"
        case "postal": "6"
        default: nil
        }
    }

    /// Amounts of the order head; `acturalPaid` (spelling of the CEB specification) = goods + freight + tax − discount.
    struct OrderAmounts: Sendable, Hashable {
        var goods: Amount
        var freight: Amount
        var discount: Amount
        var tax: Amount
        var paid: Amount { goods.roundedAmount(to: 2) + freight + tax - discount }
    }

    static func amounts(_ r: DocumentRequest) -> OrderAmounts {
        OrderAmounts(
            goods: r.lines.reduce(.zero) { $0 + $1.total.roundedAmount(to: 2) },
            freight: (r.shipping ?? .zero).roundedAmount(to: 2),
            discount: (r.discount ?? .zero).roundedAmount(to: 2),
            tax: (r.taxTotal ?? .zero).roundedAmount(to: 2))
    }

    /// A deterministic upper-case 36-character guid from the request id and message type (FNV-1a, two lanes).
    static func guid(for r: DocumentRequest, message: String) -> String {
        if let guid = r.customs?.guid { return guid }
        func fnv(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in (message + "|" + r.id).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        let hex =
            (String(fnv(0xcbf2_9ce4_8422_2325), radix: 16, uppercase: true).leftPadded(16)
                + String(fnv(0x8422_2325_cbf2_9ce4), radix: 16, uppercase: true).leftPadded(16))
        let c = Array(hex)
        return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
    }

    static func appTime(_ r: DocumentRequest) -> String {
        r.customs?.appTime ?? (r.date.replacingDashes() + "000000")
    }

    private static func country(_ f: inout FieldChecker, _ iso: String?, _ path: String) -> String {
        let code = f.country(iso, path)
        guard !code.isEmpty else { return "" }
        guard let mapped = customsCountryCodes[code] else {
            f.issues.append(DocumentIssue(path: path, message: "no China customs country code known for \(code)"))
            return ""
        }
        return mapped
    }

    private static func consigneeAddress(_ buyer: DocumentRequest.Party?) -> String? {
        guard let buyer, let street = buyer.street else { return nil }
        return [buyer.region, buyer.city, street].compactMap { $0 }.joined(separator: " ")
    }

    private static func pair(_ name: String, _ code: String, _ label: String) -> XMLElement {
        var element = XMLElement(name)
        element.append("Code", code)
        element.append("Name", label)
        return element
    }

    /// Canonical data for CEB 311 (order). `Templates/xml/ceb311.xsl` maps it to the CEB311Message.
    static func order(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "CEB311")
        f.check(r.currency == "CNY", "currency", "CEB messages are in CNY (code 142)")
        f.check(!r.lines.isEmpty && r.lines.count <= 99, "lines", "an order has 1 to 99 lines")
        var root = XMLElement("CrossBorderOrder", attributes: [.init("message", "311")])
        root.append("Guid", guid(for: r, message: "311"))
        root.append("AppTime", appTime(r))
        root.append("OrderNo", f.require(r.id, "id"))
        root.append(
            pair(
                "Platform", f.require(r.customs?.ebpCode, "customs.ebp_code"),
                f.require(r.customs?.ebpName, "customs.ebp_name")))
        root.append(
            pair(
                "Merchant", f.require(r.customs?.ebcCode, "customs.ebc_code"),
                f.require(r.customs?.ebcName, "customs.ebc_name")))
        let money = amounts(r)
        _ = f.require(r.taxTotal, "tax_total")
        f.check(money.paid >= .zero, "discount", "discount exceeds goods + freight + tax")
        if let paid = r.paid {
            f.check(
                paid.roundedAmount(to: 2) == money.paid, "paid",
                "paid \(paid.rounded(to: 2)) does not equal goods \(money.goods.rounded(to: 2)) + freight "
                    + "\(money.freight.rounded(to: 2)) + tax \(money.tax.rounded(to: 2)) - discount "
                    + "\(money.discount.rounded(to: 2)) = \(money.paid.rounded(to: 2))")
        }
        var totals = XMLElement("Amounts")
        totals.append("Goods", money.goods.rounded(to: 2))
        totals.append("Freight", money.freight.rounded(to: 2))
        totals.append("Discount", money.discount.rounded(to: 2))
        totals.append("Tax", money.tax.rounded(to: 2))
        totals.append("Paid", money.paid.rounded(to: 2))
        root.append(totals)
        var buyer = XMLElement("Buyer")
        buyer.append("RegNo", f.require(r.buyer?.number, "buyer.number"))
        buyer.append("Name", f.require(r.buyer?.name, "buyer.name"))
        buyer.append("Phone", f.require(r.buyer?.phone, "buyer.phone"))
        buyer.append("IdType", r.buyer?.idType ?? "1")
        buyer.append("IdNumber", f.require(r.buyer?.idNumber, "buyer.id_number"))
        buyer.append("Address", f.require(consigneeAddress(r.buyer), "buyer.street"))
        root.append(buyer)
        var payment = XMLElement("Payment")
        payment.appendIfPresent("Code", r.customs?.payCode)
        payment.appendIfPresent("Name", r.customs?.payName)
        payment.appendIfPresent("TransactionId", r.customs?.payTransactionId)
        root.append(payment)
        root.append(
            pair(
                "Declarant", f.require(r.customs?.copCode, "customs.cop_code"),
                f.require(r.customs?.copName, "customs.cop_name")))
        root.append("DxpId", f.require(r.customs?.dxpId, "customs.dxp_id"))
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("Line")
            item.append("No", String(index + 1))
            item.append("Sku", line.sku)
            let name = f.require(line.description, path + ".description")
            item.append("Name", name)
            item.append("Model", line.model ?? name)
            item.appendIfPresent("Barcode", line.gtin)
            item.append("Unit", f.require(line.unit, path + ".unit"))
            item.append("Qty", line.quantity.text())
            item.append("Price", line.unitPrice.text())
            item.append("Total", line.total.rounded(to: 2))
            item.append("Origin", country(&f, line.origin, path + ".origin"))
            root.append(item)
        }
        try f.finish()
        return root
    }

    /// Canonical data for CEB 621 (inventory list). `Templates/xml/ceb621.xsl` maps it to the CEB621Message.
    static func inventory(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "CEB621")
        f.check(r.currency == "CNY", "currency", "CEB messages are in CNY (code 142)")
        f.check(!r.lines.isEmpty && r.lines.count <= 99, "lines", "an inventory list has 1 to 99 lines")
        var root = XMLElement("CrossBorderOrder", attributes: [.init("message", "621")])
        root.append("Guid", guid(for: r, message: "621"))
        root.append("AppTime", appTime(r))
        root.append("OrderNo", f.require(r.id, "id"))
        root.append(
            pair(
                "Platform", f.require(r.customs?.ebpCode, "customs.ebp_code"),
                f.require(r.customs?.ebpName, "customs.ebp_name")))
        root.append(
            pair(
                "Merchant", f.require(r.customs?.ebcCode, "customs.ebc_code"),
                f.require(r.customs?.ebcName, "customs.ebc_name")))
        var logistics = XMLElement("Logistics")
        logistics.append("WaybillNo", f.require(r.tracking?.waybill, "tracking.waybill"))
        logistics.append("Code", f.require(r.carrier?.code, "carrier.code"))
        logistics.append("Name", f.require(r.carrier?.name, "carrier.name"))
        logistics.appendIfPresent("BillNo", r.tracking?.billOfLading)
        root.append(logistics)
        root.append("CopNo", f.require(r.customs?.lrn ?? r.id, "customs.lrn"))
        root.append(
            pair(
                "Declarant", f.require(r.customs?.copCode, "customs.cop_code"),
                f.require(r.customs?.copName, "customs.cop_name")))
        root.append("DeclDate", r.date.replacingDashes())
        root.append("Office", f.require(r.customs?.office, "customs.office"))
        root.append("Port", f.require(r.customs?.port, "customs.port"))
        var buyer = XMLElement("Buyer")
        buyer.append("Name", f.require(r.buyer?.name, "buyer.name"))
        buyer.append("Phone", f.require(r.buyer?.phone, "buyer.phone"))
        buyer.append("IdType", r.buyer?.idType ?? "1")
        buyer.append("IdNumber", f.require(r.buyer?.idNumber, "buyer.id_number"))
        buyer.append("Address", f.require(consigneeAddress(r.buyer), "buyer.street"))
        root.append(buyer)
        let tradeMode = f.require(r.customs?.tradeMode, "customs.trade_mode")
        f.check(
            tradeMode.isEmpty || ["9610", "1210", "1239"].contains(tradeMode), "customs.trade_mode",
            "trade mode is 9610, 1210 or 1239")
        if tradeMode == "1210" {
            // Bonded import: the bonded-zone company is part of the declaration.
            root.append(
                pair(
                    "Area", f.require(r.customs?.areaCode, "customs.area_code"),
                    f.require(r.customs?.areaName, "customs.area_name")))
        }
        root.append("TradeMode", tradeMode)
        root.append("TrafMode", f.require(r.customs?.trafMode ?? trafMode(r.transport), "customs.traf_mode"))
        root.append("Dispatch", country(&f, r.from, "from"))
        var totals = XMLElement("Amounts")
        totals.append("Freight", (r.shipping ?? .zero).rounded(to: 2))
        totals.append("Insurance", (r.insurance ?? .zero).rounded(to: 2))
        root.append(totals)
        root.append("Packages", String(r.parcel?.packages ?? 1))
        root.append("GrossKg", f.require(r.parcel?.grossKg, "parcel.gross_kg").text())
        var net = Amount.zero
        for (index, line) in r.lines.enumerated() { net = net + f.require(line.netKg, "lines[\(index)].net_kg") }
        root.append("NetKg", net.text())
        root.append("DxpId", f.require(r.customs?.dxpId, "customs.dxp_id"))
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("Line")
            item.append("No", String(index + 1))
            item.append("Sku", line.sku)
            item.append("HS", f.hsCode(line.hs, path + ".hs", digits: 10, exactly: 10))
            let name = f.require(line.description, path + ".description")
            item.append("Name", name)
            item.append("Model", line.model ?? name)
            item.appendIfPresent("Barcode", line.gtin)
            item.append("Origin", country(&f, line.origin, path + ".origin"))
            // Trade country (the seller's), 2022 edition; left out when we hold no code for it.
            item.appendIfPresent("TradeCountry", r.seller.country.flatMap { customsCountryCodes[$0] })
            item.append("Qty", line.quantity.text())
            item.append("Unit", f.require(line.unit, path + ".unit"))
            item.append("LegalQty", f.require(line.legalQuantity, path + ".legal_quantity").text())
            item.append("LegalUnit", f.require(line.legalUnit, path + ".legal_unit"))
            item.append("Price", line.unitPrice.text())
            item.append("Total", line.total.rounded(to: 2))
            root.append(item)
        }
        try f.finish()
        return root
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
    func replacingDashes() -> String { filter { $0 != "-" } }
}
