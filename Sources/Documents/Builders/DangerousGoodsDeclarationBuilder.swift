/// The shipper's declaration for dangerous goods: the IATA DGR form (section 8.1) by air, the dangerous goods
/// transport document (ADR 5.4.1 by road, RID by rail, IMDG 5.4.1 by sea) otherwise — one canonical document with
/// the fields all of them share, plus the air-only ones (packing instruction, aircraft type limitation).
///
/// Every line with a UN number is declared: UN number, proper shipping name, class, packing group, number and type
/// of packages, net quantity, packing instruction and lithium battery section (air), with the shipper, the
/// consignee, a 24-hour emergency contact and the shipper's signed statement. Batteries shipped alone (UN3480,
/// UN3090) are cargo aircraft only: a declaration for a passenger aircraft is refused (fail closed).
///
/// The entry facts (class, proper shipping name, packing group, subsidiary hazard) are not kept here: they come
/// with the request's `dangerous_goods` marks, which the assessment fills from `Rules/dangerous-goods/un-numbers.csv`
/// — a compliance officer adds a UN number there and the declaration follows.
enum DangerousGoodsDeclarationBuilder {
    /// UN numbers forbidden on passenger aircraft whatever their section (batteries shipped alone, PI 965/968).
    static let cargoAircraftOnly: Set<String> = ["UN3480", "UN3090"]

    /// The shipper's signed statement (IATA DGR 8.1.6.12 wording; ADR/IMDG accept it too).
    static let statement =
        "I hereby declare that the contents of this consignment are fully and accurately described above by the "
        + "proper shipping name, and are classified, packaged, marked and labelled/placarded, and are in all respects "
        + "in proper condition for transport according to applicable international and national governmental "
        + "regulations."

    /// Regulations by transport mode; other modes (postal, unspecified courier) cannot carry a declaration.
    static func regulations(_ transport: String?) -> String? {
        switch transport {
        case "air": "IATA-DGR"
        case "road": "ADR"
        case "rail": "RID"
        case "sea": "IMDG"
        default: nil
        }
    }

    static func build(_ r: DocumentRequest) throws(DocumentError) -> XMLElement {
        var f = FieldChecker(document: "shipper's declaration for dangerous goods")
        let transport = r.transport ?? ""
        let regulations = regulations(r.transport)
        f.check(
            regulations != nil, "transport",
            "dangerous goods travel by air, road, rail or sea with a declaration; '\(transport)' cannot carry one")
        let byAir = transport == "air"
        var root = XMLElement("DangerousGoodsDeclaration")
        root.append("Reference", f.require(r.id, "id"))
        root.append("DeclarationDate", f.date(r.date, "date"))
        root.append("TransportMode", transport.isEmpty ? "unknown" : transport)
        root.append("Regulations", regulations ?? "none")
        let document = r.tracking?.billOfLading ?? r.tracking?.waybill ?? r.tracking?.s10
        root.append(byAir ? "AirWaybill" : "TransportDocument", f.require(document, "tracking.bill_of_lading"))
        root.append(f.party("Shipper", r.seller, "seller"))
        root.append(f.party("Consignee", r.buyer, "buyer"))
        root.append("CountryOfDeparture", f.country(r.from, "from"))
        root.append("CountryOfDestination", f.country(r.to, "to"))

        var items: [XMLElement] = []
        var cargoOnly = false
        let packages = r.parcel?.packages ?? 1
        for (index, line) in r.lines.enumerated() {
            guard let un = line.unNumber else { continue }
            let path = "lines[\(index)]"
            guard let mark = r.dangerousGoods?.first(where: { $0.unNumber == un }) else {
                f.check(
                    false, path + ".un_number",
                    "\(un) has no dangerous-goods entry (class, proper shipping name) in the request: assess the "
                        + "shipment, or add the UN number to Rules/dangerous-goods/un-numbers.csv")
                continue
            }
            let markPath = "dangerous_goods[\(un)]"
            let hazardClass = f.require(mark.hazardClass, markPath + ".class")
            let name = f.require(mark.properShippingName, markPath + ".proper_shipping_name")
            let marks = mark.marks
            let itemCargoOnly = cargoAircraftOnly.contains(un) || marks.contains("cargo-aircraft-only")
            cargoOnly = cargoOnly || itemCargoOnly
            var item = XMLElement("Item")
            item.append("UNNumber", un)
            item.append("ProperShippingName", name)
            item.append("Class", hazardClass)
            item.appendIfPresent("SubsidiaryHazard", mark.subsidiaryHazard)
            item.appendIfPresent("PackingGroup", mark.packingGroup)
            item.append("Packages", String(packages))
            item.append("PackagingType", "Fibreboard box")
            item.append("PackagingCode", "4G")
            item.append("Articles", line.quantity.text())
            item.append(
                XMLElement(
                    "NetQuantity", attributes: [.init("unit", "kg")],
                    children: [.text(f.require(line.netKg, path + ".net_kg").text())]))
            if byAir {
                item.append("PackingInstruction", f.require(mark.packingInstruction, markPath + ".packing_instruction"))
            } else {
                item.appendIfPresent("PackingInstruction", mark.packingInstruction)
            }
            item.appendIfPresent("Section", mark.section)
            if marks.contains("limited-quantity") { item.append("LimitedQuantity", "true") }
            if let soc = line.battery?.socPercent {
                item.append("StateOfChargePercent", soc.text())
                if un == "UN3480" && byAir {
                    f.check(
                        soc <= Amount(tenThousandths: 30 * Amount.scale), path + ".battery.soc_percent",
                        "UN3480 by air needs a state of charge of at most 30%")
                }
            } else if un == "UN3480" && byAir {
                f.check(false, path + ".battery.soc_percent", "UN3480 by air needs its state of charge (≤ 30%)")
            }
            items.append(item)
        }
        f.check(!items.isEmpty, "lines", "no line carries a UN number: there is nothing to declare")
        if byAir {
            let passenger = r.aircraft != "cargo"
            if cargoOnly && passenger {
                f.check(
                    false, "aircraft",
                    "batteries shipped alone are forbidden on passenger aircraft: book a cargo aircraft")
            }
            root.append("AircraftLimitation", cargoOnly ? "CARGO AIRCRAFT ONLY" : "PASSENGER AND CARGO AIRCRAFT")
        }
        root.append("ShipmentType", "NON-RADIOACTIVE")
        for item in items { root.append(item) }
        var handling: [String] = []
        if items.contains(where: { $0.text("UNNumber").map(cargoAircraftOnly.contains) ?? false }) {
            handling.append("Lithium batteries shipped alone: state of charge not exceeding 30% of rated capacity")
        }
        root.appendIfPresent("AdditionalHandlingInformation", handling.isEmpty ? nil : handling.joined(separator: "; "))
        var emergency = XMLElement("EmergencyContact")
        emergency.append("Name", f.require(r.emergencyContact?.name, "emergency_contact.name"))
        emergency.append("Phone", f.require(r.emergencyContact?.phone, "emergency_contact.phone"))
        root.append(emergency)
        var signatory = XMLElement("Signatory")
        signatory.append("Name", f.require(r.seller.name, "seller.name"))
        signatory.append("Place", f.require(r.seller.city, "seller.city"))
        signatory.append("Date", r.date)
        root.append(signatory)
        root.append("Statement", statement)
        try f.finish()
        return root
    }
}

extension XMLElement {
    /// The text of the first child element `name`, if any.
    func text(_ name: String) -> String? {
        for case .element(let child) in children where child.name == name {
            for case .text(let text) in child.children { return text }
        }
        return nil
    }
}
