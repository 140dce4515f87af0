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
        OrderAmounts(goods: r.lines.reduce(.zero) { $0 + $1.total.roundedAmount(to: 2) },
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
        let hex = (String(fnv(0xcbf2_9ce4_8422_2325), radix: 16, uppercase: true).leftPadded(16)
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

    private static func baseTransfer(_ f: inout FieldChecker, _ r: DocumentRequest) -> XMLElement {
        var base = XMLElement("BaseTransfer")
        base.append("copCode", f.require(r.customs?.copCode, "customs.cop_code"))
        base.append("copName", f.require(r.customs?.copName, "customs.cop_name"))
        base.append("dxpMode", "DXP")
        base.append("dxpId", f.require(r.customs?.dxpId, "customs.dxp_id"))
        return base
    }

    private static func consigneeAddress(_ buyer: DocumentRequest.Party?) -> String? {
        guard let buyer, let street = buyer.street else { return nil }
        return [buyer.region, buyer.city, street].compactMap { $0 }.joined(separator: " ")
    }

    static func order(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "CEB311")
        f.check(r.currency == "CNY", "currency", "CEB messages are in CNY (code 142)")
        f.check(!r.lines.isEmpty && r.lines.count <= 99, "lines", "an order has 1 to 99 lines")
        let guid = guid(for: r, message: "311")
        var head = XMLElement("OrderHead")
        head.append("guid", guid)
        head.append("appType", "1")
        head.append("appTime", appTime(r))
        head.append("appStatus", "2")
        head.append("orderType", "I")
        head.append("orderNo", f.require(r.id, "id"))
        head.append("ebpCode", f.require(r.customs?.ebpCode, "customs.ebp_code"))
        head.append("ebpName", f.require(r.customs?.ebpName, "customs.ebp_name"))
        head.append("ebcCode", f.require(r.customs?.ebcCode, "customs.ebc_code"))
        head.append("ebcName", f.require(r.customs?.ebcName, "customs.ebc_name"))
        let money = amounts(r)
        _ = f.require(r.taxTotal, "tax_total")
        f.check(money.paid >= .zero, "discount", "discount exceeds goods + freight + tax")
        if let paid = r.paid {
            f.check(paid.roundedAmount(to: 2) == money.paid, "paid",
                "paid \(paid.rounded(to: 2)) does not equal goods \(money.goods.rounded(to: 2)) + freight "
                + "\(money.freight.rounded(to: 2)) + tax \(money.tax.rounded(to: 2)) - discount "
                + "\(money.discount.rounded(to: 2)) = \(money.paid.rounded(to: 2))")
        }
        head.append("goodsValue", money.goods.rounded(to: 2))
        head.append("freight", money.freight.rounded(to: 2))
        head.append("discount", money.discount.rounded(to: 2))
        head.append("taxTotal", money.tax.rounded(to: 2))
        head.append("acturalPaid", money.paid.rounded(to: 2))
        head.append("currency", "142")
        head.append("buyerRegNo", f.require(r.buyer?.number, "buyer.number"))
        head.append("buyerName", f.require(r.buyer?.name, "buyer.name"))
        head.append("buyerTelephone", f.require(r.buyer?.phone, "buyer.phone"))
        head.append("buyerIdType", r.buyer?.idType ?? "1")
        head.append("buyerIdNumber", f.require(r.buyer?.idNumber, "buyer.id_number"))
        head.appendIfPresent("payCode", r.customs?.payCode)
        head.appendIfPresent("payName", r.customs?.payName)
        head.appendIfPresent("payTransactionId", r.customs?.payTransactionId)
        head.append("consignee", f.require(r.buyer?.name, "buyer.name"))
        head.append("consigneeTelephone", f.require(r.buyer?.phone, "buyer.phone"))
        head.append("consigneeAddress", f.require(consigneeAddress(r.buyer), "buyer.street"))
        var order = XMLElement("Order")
        order.append(head)
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("OrderList")
            item.append("gnum", String(index + 1))
            item.append("itemNo", line.sku)
            let name = f.require(line.description, path + ".description")
            item.append("itemName", name)
            item.append("gmodel", line.model ?? name)
            item.appendIfPresent("barCode", line.gtin)
            item.append("unit", f.require(line.unit, path + ".unit"))
            item.append("qty", line.quantity.text())
            item.append("price", line.unitPrice.text())
            item.append("totalPrice", line.total.rounded(to: 2))
            item.append("currency", "142")
            item.append("country", country(&f, line.origin, path + ".origin"))
            order.append(item)
        }
        var root = XMLElement("CEB311Message", attributes: [.init("guid", guid), .init("version", "1.0")])
        root.append(order)
        root.append(baseTransfer(&f, r))
        try f.finish()
        return root
    }

    static func inventory(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "CEB621")
        f.check(r.currency == "CNY", "currency", "CEB messages are in CNY (code 142)")
        f.check(!r.lines.isEmpty && r.lines.count <= 99, "lines", "an inventory list has 1 to 99 lines")
        let guid = guid(for: r, message: "621")
        let day = r.date.replacingDashes()
        var head = XMLElement("InventoryHead")
        head.append("guid", guid)
        head.append("appType", "1")
        head.append("appTime", appTime(r))
        head.append("appStatus", "2")
        head.append("orderNo", f.require(r.id, "id"))
        head.append("ebpCode", f.require(r.customs?.ebpCode, "customs.ebp_code"))
        head.append("ebpName", f.require(r.customs?.ebpName, "customs.ebp_name"))
        head.append("ebcCode", f.require(r.customs?.ebcCode, "customs.ebc_code"))
        head.append("ebcName", f.require(r.customs?.ebcName, "customs.ebc_name"))
        head.append("logisticsNo", f.require(r.tracking?.waybill, "tracking.waybill"))
        head.append("logisticsCode", f.require(r.carrier?.code, "carrier.code"))
        head.append("logisticsName", f.require(r.carrier?.name, "carrier.name"))
        head.append("copNo", f.require(r.customs?.lrn ?? r.id, "customs.lrn"))
        let agentCode = f.require(r.customs?.copCode, "customs.cop_code")
        let agentName = f.require(r.customs?.copName, "customs.cop_name")
        head.append("assureCode", agentCode)
        head.append("ieFlag", "I")
        head.append("declTime", day)
        head.append("customsCode", f.require(r.customs?.office, "customs.office"))
        head.append("portCode", f.require(r.customs?.port, "customs.port"))
        head.append("ieDate", day)
        head.append("buyerIdType", r.buyer?.idType ?? "1")
        head.append("buyerIdNumber", f.require(r.buyer?.idNumber, "buyer.id_number"))
        head.append("buyerName", f.require(r.buyer?.name, "buyer.name"))
        head.append("buyerTelephone", f.require(r.buyer?.phone, "buyer.phone"))
        head.append("consigneeAddress", f.require(consigneeAddress(r.buyer), "buyer.street"))
        head.append("agentCode", agentCode)
        head.append("agentName", agentName)
        let tradeMode = f.require(r.customs?.tradeMode, "customs.trade_mode")
        f.check(tradeMode.isEmpty || ["9610", "1210", "1239"].contains(tradeMode), "customs.trade_mode",
            "trade mode is 9610, 1210 or 1239")
        head.append("tradeMode", tradeMode)
        head.append("trafMode", f.require(r.customs?.trafMode ?? trafMode(r.transport), "customs.traf_mode"))
        head.appendIfPresent("billNo", r.tracking?.billOfLading)
        head.append("country", country(&f, r.from, "from"))
        head.append("freight", (r.shipping ?? .zero).rounded(to: 2))
        head.append("insuredFee", (r.insurance ?? .zero).rounded(to: 2))
        head.append("currency", "142")
        head.append("packNo", String(r.parcel?.packages ?? 1))
        head.append("grossWeight", f.require(r.parcel?.grossKg, "parcel.gross_kg").text())
        var net = Amount.zero
        for (index, line) in r.lines.enumerated() { net = net + f.require(line.netKg, "lines[\(index)].net_kg") }
        head.append("netWeight", net.text())
        var inventory = XMLElement("Inventory")
        inventory.append(head)
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var item = XMLElement("InventoryList")
            item.append("gnum", String(index + 1))
            item.append("itemNo", line.sku)
            item.append("gcode", f.hsCode(line.hs, path + ".hs", digits: 10, exactly: 10))
            let name = f.require(line.description, path + ".description")
            item.append("gname", name)
            item.append("gmodel", line.model ?? name)
            item.appendIfPresent("barCode", line.gtin)
            item.append("country", country(&f, line.origin, path + ".origin"))
            item.append("currency", "142")
            item.append("qty", line.quantity.text())
            item.append("unit", f.require(line.unit, path + ".unit"))
            item.append("qty1", f.require(line.legalQuantity, path + ".legal_quantity").text())
            item.append("unit1", f.require(line.legalUnit, path + ".legal_unit"))
            item.append("price", line.unitPrice.text())
            item.append("totalPrice", line.total.rounded(to: 2))
            inventory.append(item)
        }
        var root = XMLElement("CEB621Message", attributes: [.init("guid", guid), .init("version", "1.0")])
        root.append(inventory)
        root.append(baseTransfer(&f, r))
        try f.finish()
        return root
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
    func replacingDashes() -> String { filter { $0 != "-" } }
}
