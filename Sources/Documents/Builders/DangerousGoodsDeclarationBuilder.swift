/// The shipper's declaration for dangerous goods: the IATA DGR form (section 8.1) by air, the dangerous goods
/// transport document (ADR 5.4.1 by road, RID by rail, IMDG 5.4.1 by sea) otherwise — one canonical document with
/// the fields all of them share, plus the air-only ones (packing instruction, aircraft type limitation).
///
/// Every line with a UN number is declared: UN number, proper shipping name, class, packing group, number and type
/// of packages, net quantity, packing instruction and lithium battery section (air), with the shipper, the
/// consignee, a 24-hour emergency contact and the shipper's signed statement. Batteries shipped alone (UN3480,
/// UN3090) are cargo aircraft only: a declaration for a passenger aircraft is refused (fail closed).
enum DangerousGoodsDeclarationBuilder {
    /// Proper shipping name, class and packing group (nil when the entry has none) from the UN Model Regulations
    /// dangerous goods list, for the UN numbers of `Rules/dangerous-goods/un-numbers.csv`.
    struct Entry {
        var name: String
        var hazardClass: String
        var packingGroup: String?
        var subsidiaryHazard: String? = nil
    }

    static let entries: [String: Entry] = [
        "UN3480": Entry(name: "Lithium ion batteries", hazardClass: "9"),
        "UN3481": Entry(name: "Lithium ion batteries contained in equipment", hazardClass: "9"),
        "UN3090": Entry(name: "Lithium metal batteries", hazardClass: "9"),
        "UN3091": Entry(name: "Lithium metal batteries contained in equipment", hazardClass: "9"),
        "UN3556": Entry(name: "Vehicle, lithium ion battery powered", hazardClass: "9"),
        "UN3557": Entry(name: "Vehicle, lithium metal battery powered", hazardClass: "9"),
        "UN3551": Entry(name: "Sodium ion batteries with organic electrolyte", hazardClass: "9"),
        "UN1266": Entry(name: "Perfumery products", hazardClass: "3", packingGroup: "II"),
        "UN1263": Entry(name: "Paint", hazardClass: "3", packingGroup: "II"),
        "UN1993": Entry(name: "Flammable liquid, n.o.s.", hazardClass: "3", packingGroup: "II"),
        "UN1170": Entry(name: "Ethanol", hazardClass: "3", packingGroup: "II"),
        "UN1090": Entry(name: "Acetone", hazardClass: "3", packingGroup: "II"),
        "UN1950": Entry(name: "Aerosols, flammable", hazardClass: "2.1"),
        "UN2807": Entry(name: "Magnetized material", hazardClass: "9"),
        "UN1845": Entry(name: "Dry ice", hazardClass: "9"),
        "UN1479": Entry(name: "Oxidizing solid, n.o.s.", hazardClass: "5.1", packingGroup: "II"),
        "UN1942": Entry(name: "Ammonium nitrate", hazardClass: "5.1", packingGroup: "III"),
        "UN2014": Entry(
            name: "Hydrogen peroxide, aqueous solution", hazardClass: "5.1", packingGroup: "II", subsidiaryHazard: "8"),
        "UN1789": Entry(name: "Hydrochloric acid", hazardClass: "8", packingGroup: "II"),
        "UN1823": Entry(name: "Sodium hydroxide, solid", hazardClass: "8", packingGroup: "II"),
        "UN2031": Entry(name: "Nitric acid", hazardClass: "8", packingGroup: "II"),
        "UN3373": Entry(name: "Biological substance, Category B", hazardClass: "6.2"),
        "UN1381": Entry(
            name: "Phosphorus, white, dry", hazardClass: "4.2", packingGroup: "I", subsidiaryHazard: "6.1"),
        "UN1415": Entry(name: "Lithium", hazardClass: "4.3", packingGroup: "I"),
        "UN1325": Entry(name: "Flammable solid, organic, n.o.s.", hazardClass: "4.1", packingGroup: "II"),
    ]

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
            let mark = r.dangerousGoods?.first { $0.unNumber == un }
            guard let entry = entries[un] else {
                f.check(false, path + ".un_number", "\(un) is not in the dangerous goods list Bonded declares")
                continue
            }
            if let declared = mark?.hazardClass {
                f.check(declared == entry.hazardClass, path + ".un_number", "\(un) is class \(entry.hazardClass)")
            }
            let marks = mark?.marks ?? []
            let itemCargoOnly = cargoAircraftOnly.contains(un) || marks.contains("cargo-aircraft-only")
            cargoOnly = cargoOnly || itemCargoOnly
            var item = XMLElement("Item")
            item.append("UNNumber", un)
            item.append("ProperShippingName", properShippingName(un, entry: entry, line: line, mark: mark))
            item.append("Class", entry.hazardClass)
            item.appendIfPresent("SubsidiaryHazard", entry.subsidiaryHazard)
            item.appendIfPresent("PackingGroup", entry.packingGroup)
            item.append("Packages", String(packages))
            item.append("PackagingType", "Fibreboard box")
            item.append("PackagingCode", "4G")
            item.append("Articles", line.quantity.text())
            item.append(
                XMLElement(
                    "NetQuantity", attributes: [.init("unit", "kg")],
                    children: [.text(f.require(line.netKg, path + ".net_kg").text())]))
            if byAir {
                let instruction = mark?.packingInstruction
                item.append(
                    "PackingInstruction",
                    f.require(instruction, "dangerous_goods[\(un)].packing_instruction"))
            } else {
                item.appendIfPresent("PackingInstruction", mark?.packingInstruction)
            }
            item.appendIfPresent("Section", mark?.section)
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

    /// The entry's name; for UN3481/UN3091 "packed with" when the battery is packed with (not in) equipment.
    static func properShippingName(
        _ un: String, entry: Entry, line: DocumentRequest.Line, mark: DocumentRequest.DangerousGoodsMark?
    ) -> String {
        guard un == "UN3481" || un == "UN3091" else { return entry.name }
        let packedWith = line.battery?.packing == "with-equipment" || ["966", "969"].contains(mark?.packingInstruction)
        guard packedWith else { return entry.name }
        return un == "UN3481"
            ? "Lithium ion batteries packed with equipment" : "Lithium metal batteries packed with equipment"
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
