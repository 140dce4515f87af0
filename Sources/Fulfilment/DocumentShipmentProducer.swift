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
    ///
    /// Built from the typed values directly (it used to be written as JSON and decoded, ~5% of the server's CPU per
    /// order). Strings pass through unchanged, as JSON carried them. The only field checks the JSON decoder made on
    /// this data are the decimals (at most 4 decimals and 14 integer digits): they are made here by the same parser,
    /// in the order the decoder met them (shipping, parcel, then line by line), and fail with
    /// `DocumentError.invalidRequest` naming the same path (`$.lines[1].unit_price`). Orders taken since intake
    /// bounds prices and the shipping charge (4 decimals, 12 integer digits) and the integer-derived values
    /// (quantities, weights, battery facts) stay inside them; they are checked all the same, for orders stored
    /// before that bound.
    public func request(for shipment: ShipmentData, tracking: String) throws -> DocumentRequest {
        let order = shipment.order
        let intake = order.intake
        let warehouse = shipment.warehouse
        let shipper =
            shippers[warehouse.code]
            ?? Shipper(
                name: "\(warehouse.name) (\(warehouse.code))", street: "Warehouse \(warehouse.code)",
                city: warehouse.name, postcode: "00000")
        let shipping = try Amount("\(intake.shippingCharge ?? 0)", path: "$.shipping")
        let grossKg = try Amount(Self.kilograms(shipment.grossGrams), path: "$.parcel.gross_kg")
        var lines: [DocumentRequest.Line] = []
        var quantities: [Int: Int64] = [:]
        for allocation in order.allocations { quantities[allocation.lineIndex, default: 0] += allocation.picked }
        for (index, line) in intake.lines.enumerated() {
            guard let quantity = quantities[index], quantity > 0 else { continue }
            let product = shipment.products[line.sku]
            lines.append(try requestLine(line, quantity: quantity, product: product, at: lines.count))
        }
        var seller = DocumentRequest.Party(name: shipper.name, country: warehouse.country)
        seller.street = shipper.street
        seller.city = shipper.city
        seller.postcode = shipper.postcode
        seller.ioss = intake.marketplaceTaxID
        seller.phone = shipper.phone
        seller.email = shipper.email
        var buyer = DocumentRequest.Party(name: intake.shipTo.name, country: intake.shipTo.country)
        buyer.street = [intake.shipTo.line1, intake.shipTo.line2].compactMap { $0 }.joined(separator: ", ")
        buyer.city = intake.shipTo.city
        buyer.postcode = intake.shipTo.postalCode
        var customs = DocumentRequest.Customs()
        customs.lrn = String(order.id.prefix(22))
        if let plan = entryPlans[intake.shipTo.country] {
            customs.port = plan.port
            customs.arrival = Self.arrival(day: shipment.day, transitHours: plan.transitHours)
        }
        var request = DocumentRequest(
            id: order.id, date: shipment.day, from: warehouse.country, to: intake.shipTo.country,
            currency: intake.currency, seller: seller, lines: lines)
        request.sale = "B2C"
        request.marketplace = intake.marketplace != nil
        request.gift = false
        request.transport = order.route?.transport ?? "courier"
        request.aircraft = order.route?.aircraft
        request.shipping = shipping
        request.insurance = .zero
        request.category = "sale-of-goods"
        request.buyer = buyer
        request.carrier = DocumentRequest.Carrier(
            name: order.route?.carrier ?? "Bonded Ground", service: intake.shippingService)
        request.tracking = DocumentRequest.Tracking(s10: tracking, sscc: shipment.sscc)
        request.customs = customs
        request.parcel = DocumentRequest.Parcel(grossKg: grossKg, packages: 1)
        if let contact = emergencyContact {
            var party = DocumentRequest.Party(name: contact.name)
            party.phone = contact.phone
            request.emergencyContact = party
        }
        if let assessment = order.assessment {
            request.documents = assessment.documents
            request.regime = assessment.regime
            let marks = assessment.dangerousGoods.filter { $0.unNumber != nil || !$0.labels.isEmpty }.map {
                var mark = DocumentRequest.DangerousGoodsMark(marks: $0.labels)
                mark.unNumber = $0.unNumber
                mark.hazardClass = $0.dgClass
                mark.packingInstruction = $0.packingInstruction
                mark.section = $0.section
                mark.properShippingName = $0.properShippingName
                mark.packingGroup = $0.packingGroup
                mark.subsidiaryHazard = $0.subsidiaryHazard
                return mark
            }
            if !marks.isEmpty { request.dangerousGoods = marks }
        }
        return request
    }

    /// Request line `position` (its index among the shipped lines) for `quantity` picked units of `line`.
    private func requestLine(_ line: OrderIntakeLine, quantity: Int64, product: Product?, at position: Int) throws
        -> DocumentRequest.Line
    {
        func path(_ field: String) -> String { "$.lines[\(position)].\(field)" }
        var result = DocumentRequest.Line(
            sku: line.sku, quantity: try Amount(String(quantity), path: path("quantity")),
            unitPrice: try Amount("\(line.unitPrice)", path: path("unit_price")))
        result.description = String((product?.description ?? line.sku).prefix(70))
        result.excise = false
        result.hs = product?.hsCode
        result.origin = product?.originCountry
        result.category = product?.category
        if let grams = product?.netWeightGrams, grams > 0 {
            result.netKg = try Amount(Self.kilograms(grams * quantity), path: path("net_kg"))
        }
        result.unNumber = product?.unNumber
        result.manufacturerCountry = product?.manufacturerCountry
        result.euResponsiblePerson = product?.euResponsiblePerson
        result.gtin = product?.gtin?.digits
        if let battery = product?.battery {
            var facts = DocumentRequest.Battery()
            facts.chemistry = battery.chemistry.rawValue
            facts.packing = battery.packing.rawValue
            if let mwh = battery.milliwattHours {
                facts.wh = try Amount(Self.thousandths(mwh), path: path("battery.wh"))
            }
            if let mg = battery.lithiumMilligrams {
                facts.lithiumG = try Amount(Self.thousandths(mg), path: path("battery.lithium_g"))
            }
            if let soc = battery.stateOfChargePercent {
                facts.socPercent = try Amount(String(soc), path: path("battery.soc_percent"))
            }
            result.battery = facts
        }
        result.certificate = product?.certificate.map(Self.requestCertificate)
        if let dds = product?.dueDiligence {
            result.dds = DocumentRequest.DueDiligenceStatement(
                reference: dds.referenceNumber, verification: dds.verificationNumber)
        }
        if let food = foodProducts[line.sku] {
            result.fdaProductCode = food.productCode
            var manufacturer = DocumentRequest.Party(name: food.manufacturer, country: food.country)
            manufacturer.street = food.street
            manufacturer.city = food.city
            manufacturer.number = food.registration
            result.manufacturer = manufacturer
        }
        return result
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
