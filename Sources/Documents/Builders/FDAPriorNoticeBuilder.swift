internal import ComplianceEngine

/// FDA prior notice of imported food (21 CFR 1.281(a), food arriving other than by international mail).
///
/// Data elements: the submitter (the seller: firm, address, phone or e-mail), entry type, per article the complete
/// FDA product code, the common or usual name, the estimated quantity from the smallest package to the largest
/// container, the manufacturer (name, address, food facility registration when given), the FDA country of
/// production; the shipper, the country the food is shipped from, the anticipated arrival (port of entry, date and
/// time), the importer/owner/ultimate consignee, the carrier and mode of transport, and the planned shipment
/// (air waybill or bill of lading). The builder also states the submission window the notice must respect: at
/// least 2 h (road), 4 h (air, rail, courier, post) or 8 h (sea) before arrival and at most 5 days before.
enum FDAPriorNoticeBuilder {
    /// Minimum hours between submission and arrival, by transport mode.
    static func leadHours(_ transport: String?) -> Int {
        switch transport {
        case "road": 2
        case "sea": 8
        default: 4
        }
    }

    /// The latest notice may be submitted this many hours before arrival.
    static let earliestHours = 5 * 24

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "FDA prior notice")
        f.check(r.to == "US", "to", "prior notice is for food imported into the United States")
        var root = XMLElement("FDAPriorNotice")
        root.append("Reference", f.require(r.id, "id"))
        root.append("PreparedOn", f.date(r.date, "date"))
        f.check(
            r.seller.phone != nil || r.seller.email != nil, "seller.phone",
            "the submitter needs a phone number or an e-mail address")
        root.append(f.party("Submitter", r.seller, "seller"))
        let entryType: String =
            switch r.regime {
            case "US-01": "01"
            case "US-11": "11"
            default: r.customs?.entryType ?? "11"
            }
        root.append("EntryType", entryType)
        f.check(!r.lines.isEmpty, "lines", "at least one article is required")
        for (index, line) in r.lines.enumerated() {
            let path = "lines[\(index)]"
            var article = XMLElement("Article")
            article.append("LineNumber", String(index + 1))
            let code = f.require(line.fdaProductCode, path + ".fda_product_code")
            f.check(
                code.isEmpty || isProductCode(code), path + ".fda_product_code",
                "an FDA product code has 7 characters: 2 digits (industry), a letter (class), a letter or '-' "
                    + "(subclass), a letter or '-' (process) and 2 characters (product)")
            article.append("ProductCode", code)
            article.append("CommonName", f.require(line.description, path + ".description"))
            var quantity = XMLElement("EstimatedQuantity")
            quantity.append("SmallestPackage", "1 unit")
            quantity.append("Units", line.quantity.text())
            quantity.append(
                XMLElement(
                    "NetMass", attributes: [.init("unit", "kg")],
                    children: [.text(f.require(line.netKg, path + ".net_kg").text())]))
            quantity.append("LargestContainer", "\(r.parcel?.packages ?? 1) fibreboard box")
            article.append(quantity)
            var manufacturer = f.party("Manufacturer", line.manufacturer, path + ".manufacturer")
            if let registration = line.manufacturer?.number {
                f.check(
                    registration.count == 11 && registration.allSatisfy { $0.isASCII && $0.isNumber },
                    path + ".manufacturer.number", "an FDA food facility registration number has 11 digits")
                manufacturer.append("RegistrationNumber", registration)
            }
            article.append(manufacturer)
            article.append("CountryOfProduction", f.country(line.origin, path + ".origin"))
            root.append(article)
        }
        root.append(f.party("Shipper", r.seller, "seller"))
        root.append("CountryShippedFrom", f.country(r.from, "from"))
        var arrival = XMLElement("AnticipatedArrival")
        let port = f.require(r.customs?.port, "customs.port")
        f.check(
            port.isEmpty || (port.count == 4 && port.allSatisfy { $0.isASCII && $0.isNumber }), "customs.port",
            "the port of entry is a 4-digit CBP code")
        arrival.append("PortOfEntry", port)
        let at = f.require(r.customs?.arrival, "customs.arrival")
        let minutes = minutesSinceEpoch(at)
        f.check(at.isEmpty || minutes != nil, "customs.arrival", "expected a UTC time YYYY-MM-DDThh:mm")
        arrival.append("Date", String(at.prefix(10)))
        arrival.append("Time", String(at.dropFirst(11)))
        root.append(arrival)
        if let minutes {
            var window = XMLElement("SubmissionWindow")
            window.append("Earliest", timestamp(minutes - earliestHours * 60))
            window.append("Latest", timestamp(minutes - leadHours(r.transport) * 60))
            root.append(window)
        }
        root.append(f.party("Importer", r.importer ?? r.buyer, r.importer == nil ? "buyer" : "importer"))
        root.append(f.party("Owner", r.importer ?? r.buyer, r.importer == nil ? "buyer" : "importer"))
        root.append(f.party("UltimateConsignee", r.buyer, "buyer"))
        var carrier = XMLElement("Carrier")
        carrier.append("Name", f.require(r.carrier?.name, "carrier.name"))
        carrier.appendIfPresent("Code", r.carrier?.code)
        let mode = r.transport ?? ""
        f.check(
            ["air", "road", "rail", "sea", "courier"].contains(mode), "transport",
            "mode of transport must be air, road, rail, sea or courier (international mail has its own notice)")
        carrier.append("Mode", mode.isEmpty ? "unknown" : mode)
        root.append(carrier)
        let document = r.tracking?.billOfLading ?? r.tracking?.waybill ?? r.tracking?.s10
        root.append("PlannedShipment", f.require(document, "tracking.bill_of_lading"))
        try f.finish()
        return root
    }

    /// `NNXYZPP`: industry digits, class letter, subclass letter or `-`, process letter or `-`, product characters.
    static func isProductCode(_ code: String) -> Bool {
        let c = Array(code)
        guard c.count == 7, c.allSatisfy(\.isASCII) else { return false }
        return c[0].isNumber && c[1].isNumber && c[2].isLetter && (c[3].isLetter || c[3] == "-")
            && (c[4].isLetter || c[4] == "-") && (c[5].isLetter || c[5].isNumber) && (c[6].isLetter || c[6].isNumber)
    }

    /// Minutes since 1970-01-01T00:00Z of `YYYY-MM-DDThh:mm` (UTC), or nil when malformed.
    static func minutesSinceEpoch(_ text: String) -> Int? {
        let c = Array(text)
        guard c.count == 16, c[10] == "T", c[13] == ":", let day = Day(parsing: String(c[0..<10])),
            let hour = Int(String(c[11..<13])), let minute = Int(String(c[14..<16])), (0...23).contains(hour),
            (0...59).contains(minute)
        else { return nil }
        return (Int(day.ordinal) * 24 + hour) * 60 + minute
    }

    /// `YYYY-MM-DDThh:mmZ` of minutes since the epoch.
    static func timestamp(_ minutes: Int) -> String {
        let dayNumber = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        let minuteOfDay = minutes - dayNumber * 1440
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(Day(ordinal: Int32(dayNumber)))T\(two(minuteOfDay / 60)):\(two(minuteOfDay % 60))Z"
    }
}
