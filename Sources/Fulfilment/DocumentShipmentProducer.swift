public import Documents
public import Foundation
public import WMSCore

/// The glue between packing (WMSCore) and the Documents module: turns a packed order into a `DocumentRequest`
/// carrying the assessment's decisions (documents required, regime, dangerous-goods marks), builds exactly the
/// documents the assessment lists (all or nothing, each validated against its XSD) and the shipping label.
public struct DocumentShipmentProducer: ShipmentDocumentProducer {
    /// A shipper's postal address (the warehouse as sender).
    public struct Shipper: Hashable, Sendable, Codable {
        public var name: String
        public var street: String
        public var city: String
        public var postcode: String
        /// Phone and e-mail of the shipping desk (an FDA prior notice's submitter needs one of them).
        public var phone: String?
        public var email: String?

        public init(
            name: String, street: String, city: String, postcode: String, phone: String? = nil, email: String? = nil
        ) {
            self.name = name
            self.street = street
            self.city = city
            self.postcode = postcode
            self.phone = phone
            self.email = email
        }
    }

    /// The 24-hour dangerous-goods emergency contact printed on shipper's declarations.
    public struct EmergencyContact: Hashable, Sendable, Codable {
        public var name: String
        public var phone: String

        public init(name: String, phone: String) {
            self.name = name
            self.phone = phone
        }
    }

    /// What an FDA prior notice needs about a food SKU beyond the product master data.
    public struct FoodProduct: Hashable, Sendable, Codable {
        /// FDA product code, 7 characters (`31FAT03`).
        public var productCode: String
        public var manufacturer: String
        public var street: String
        public var city: String
        public var country: String
        /// FDA food facility registration number (11 digits), when the food is no longer in its natural state.
        public var registration: String?

        public init(
            productCode: String, manufacturer: String, street: String, city: String, country: String,
            registration: String? = nil
        ) {
            self.productCode = productCode
            self.manufacturer = manufacturer
            self.street = street
            self.city = city
            self.country = country
            self.registration = registration
        }
    }

    /// How parcels to a destination enter it: the port of entry code and the transit time from packing.
    public struct EntryPlan: Hashable, Sendable, Codable {
        /// Port of entry (a 4-digit CBP code for the US).
        public var port: String
        /// Hours from noon UTC of the packing day to arrival at the port.
        public var transitHours: Int

        public init(port: String, transitHours: Int) {
            self.port = port
            self.transitHours = transitHours
        }
    }

    public let engine: DocumentEngine
    /// Sender addresses by warehouse code; a warehouse without one sends as "<name>, <code>".
    public let shippers: [String: Shipper]
    /// The dangerous-goods emergency contact; without one no shipper's declaration can be made.
    public let emergencyContact: EmergencyContact?
    /// FDA prior notice data by SKU.
    public let foodProducts: [String: FoodProduct]
    /// Port of entry and transit time by destination country (FDA prior notice arrival).
    public let entryPlans: [String: EntryPlan]

    public init(
        engine: DocumentEngine, shippers: [String: Shipper] = [:], emergencyContact: EmergencyContact? = nil,
        foodProducts: [String: FoodProduct] = [:], entryPlans: [String: EntryPlan] = [:]
    ) {
        self.engine = engine
        self.shippers = shippers
        self.emergencyContact = emergencyContact
        self.foodProducts = foodProducts
        self.entryPlans = entryPlans
    }

    /// Listed documents no builder makes, and the shipper's declaration when no emergency contact is configured.
    public func unavailable(_ documents: [String]) -> [String] {
        documents.filter {
            guard let kind = DocumentKind(assessmentName: $0) else {
                return !DocumentKind.dataRequirements.contains($0.lowercased())
            }
            return kind == .dgDeclaration && emergencyContact == nil
        }
    }

    public func documents(for shipment: ShipmentData) throws -> ProducedDocuments {
        let tracking = Self.trackingNumber(orderID: shipment.order.id, country: shipment.warehouse.country)
        let request = try request(for: shipment, tracking: tracking)
        do {
            var documents: [(kind: String, content: Data)] = try engine.requiredDocuments(for: request).map {
                ($0.kind.rawValue, Data($0.xml.utf8))
            }
            if !documents.contains(where: { $0.kind == DocumentKind.label.rawValue }) {
                documents.append((DocumentKind.label.rawValue, Data(try engine.xml(.label, for: request).utf8)))
            }
            return ProducedDocuments(trackingNumber: tracking, documents: documents)
        } catch {
            throw ShipmentDocumentError(
                message: error.message + ": " + error.issues.map(\.description).joined(separator: "; "))
        }
    }

    /// The document request of a parcel: parties, carrier, tracking, parcel weight and lines from master data,
    /// then the assessment's documents, regime and marks.
    public func request(for shipment: ShipmentData, tracking: String) throws -> DocumentRequest {
        let order = shipment.order
        let intake = order.intake
        let warehouse = shipment.warehouse
        let shipper =
            shippers[warehouse.code]
            ?? Shipper(
                name: "\(warehouse.name) (\(warehouse.code))", street: "Warehouse \(warehouse.code)",
                city: warehouse.name, postcode: "00000")
        var lines: [[String: Any]] = []
        var quantities: [Int: Int64] = [:]
        for allocation in order.allocations { quantities[allocation.lineIndex, default: 0] += allocation.picked }
        for (index, line) in intake.lines.enumerated() {
            guard let quantity = quantities[index], quantity > 0 else { continue }
            let product = shipment.products[line.sku]
            var fields: [String: Any] = [
                "sku": line.sku, "description": String((product?.description ?? line.sku).prefix(70)),
                "quantity": String(quantity), "unit_price": "\(line.unitPrice)", "excise": false,
            ]
            if let hs = product?.hsCode { fields["hs"] = hs }
            if let origin = product?.originCountry { fields["origin"] = origin }
            if let category = product?.category { fields["category"] = category }
            if let grams = product?.netWeightGrams, grams > 0 { fields["net_kg"] = Self.kilograms(grams * quantity) }
            if let un = product?.unNumber { fields["un_number"] = un }
            if let country = product?.manufacturerCountry { fields["manufacturer_country"] = country }
            if let person = product?.euResponsiblePerson { fields["eu_responsible_person"] = person }
            if let gtin = product?.gtin { fields["gtin"] = gtin.digits }
            if let battery = product?.battery {
                var facts: [String: Any] = [
                    "chemistry": battery.chemistry.rawValue, "packing": battery.packing.rawValue,
                ]
                if let mwh = battery.milliwattHours { facts["wh"] = Self.thousandths(mwh) }
                if let mg = battery.lithiumMilligrams { facts["lithium_g"] = Self.thousandths(mg) }
                if let soc = battery.stateOfChargePercent { facts["soc_percent"] = String(soc) }
                fields["battery"] = facts
            }
            if let certificate = product?.certificate { fields["certificate"] = Self.certificateJSON(certificate) }
            if let dds = product?.dueDiligence {
                fields["dds"] = ["reference": dds.referenceNumber, "verification": dds.verificationNumber]
            }
            if let food = foodProducts[line.sku] {
                fields["fda_product_code"] = food.productCode
                fields["manufacturer"] = [
                    "name": food.manufacturer, "street": food.street, "city": food.city, "country": food.country,
                ].merging(food.registration.map { ["number": $0] } ?? [:]) { a, _ in a }
            }
            lines.append(fields)
        }
        var json: [String: Any] = [
            "id": order.id, "date": shipment.day, "sale": "B2C", "marketplace": intake.marketplace != nil,
            "gift": false, "from": warehouse.country, "to": intake.shipTo.country,
            "transport": order.route?.transport ?? "courier", "currency": intake.currency,
            "shipping": "\(intake.shippingCharge ?? 0)",
            "insurance": "0.00", "category": "sale-of-goods",
            "seller": [
                "name": shipper.name, "street": shipper.street, "city": shipper.city, "postcode": shipper.postcode,
                "country": warehouse.country,
            ].merging(intake.marketplaceTaxID.map { ["ioss": $0] } ?? [:]) { a, _ in a }
                .merging(shipper.phone.map { ["phone": $0] } ?? [:]) { a, _ in a }
                .merging(shipper.email.map { ["email": $0] } ?? [:]) { a, _ in a },
            "buyer": [
                "name": intake.shipTo.name,
                "street": [intake.shipTo.line1, intake.shipTo.line2].compactMap { $0 }.joined(separator: ", "),
                "city": intake.shipTo.city, "postcode": intake.shipTo.postalCode, "country": intake.shipTo.country,
            ],
            "carrier": ["name": order.route?.carrier ?? "Bonded Ground", "service": intake.shippingService],
            "tracking": ["s10": tracking, "sscc": shipment.sscc],
            "customs": ["lrn": String(order.id.prefix(22))].merging(
                entryPlans[intake.shipTo.country].map {
                    ["port": $0.port, "arrival": Self.arrival(day: shipment.day, transitHours: $0.transitHours)]
                } ?? [:]) { a, _ in a },
            "parcel": ["gross_kg": Self.kilograms(shipment.grossGrams), "packages": 1],
            "lines": lines,
        ]
        if let aircraft = order.route?.aircraft { json["aircraft"] = aircraft }
        if let contact = emergencyContact { json["emergency_contact"] = ["name": contact.name, "phone": contact.phone] }
        if let assessment = order.assessment {
            json["documents"] = assessment.documents
            if let regime = assessment.regime { json["regime"] = regime }
            let marks = assessment.dangerousGoods.filter { $0.unNumber != nil || !$0.labels.isEmpty }.map {
                var mark: [String: Any] = ["marks": $0.labels]
                if let un = $0.unNumber { mark["un_number"] = un }
                if let dgClass = $0.dgClass { mark["class"] = dgClass }
                if let instruction = $0.packingInstruction { mark["packing_instruction"] = instruction }
                if let section = $0.section { mark["section"] = section }
                if let name = $0.properShippingName { mark["proper_shipping_name"] = name }
                if let group = $0.packingGroup { mark["packing_group"] = group }
                if let hazard = $0.subsidiaryHazard { mark["subsidiary_hazard"] = hazard }
                return mark
            }
            if !marks.isEmpty { json["dangerous_goods"] = marks }
        }
        return try DocumentRequest.decode(json: Data(RequestJSON.text(json).utf8))
    }

    /// A UPU S10 tracking id for the order: `BD`, 8 serial digits from the order id, the check digit, the country.
    public static func trackingNumber(orderID: String, country: String) -> String {
        let digest = ContentDigest.sha256Hex(Data(orderID.utf8))
        var serial = ""
        for character in digest where serial.count < 8 { serial.append(String(character.hexDigitValue! % 10)) }
        return "BD" + serial + String(UPUS10.checkDigit(serial: serial) ?? 0) + country
    }

    /// `YYYY-MM-DDThh:mm` (UTC) of noon on `day` plus `transitHours`.
    static func arrival(day: String, transitHours: Int) -> String {
        let formatter = ISO8601DateFormatter()
        guard let noon = formatter.date(from: day + "T12:00:00Z") else { return day + "T12:00" }
        return String(formatter.string(from: noon.addingTimeInterval(Double(transitHours) * 3_600)).prefix(16))
    }

    /// `n / 1000` as a decimal string (milliwatt-hours → Wh, milligrams → g).
    static func thousandths(_ value: Int64) -> String {
        "\(value / 1000).\(String(repeating: "0", count: 3 - String(value % 1000).count))\(value % 1000)"
    }

    static func kilograms(_ grams: Int64) -> String { thousandths(grams) }
}

/// Documents a parcel needs could not all be produced (fail closed: no parcel ships half-documented).
public struct ShipmentDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
