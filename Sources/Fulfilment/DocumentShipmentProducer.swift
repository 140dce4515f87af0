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

        public init(name: String, street: String, city: String, postcode: String) {
            self.name = name
            self.street = street
            self.city = city
            self.postcode = postcode
        }
    }

    public let engine: DocumentEngine
    /// Sender addresses by warehouse code; a warehouse without one sends as "<name>, <code>".
    public let shippers: [String: Shipper]

    public init(engine: DocumentEngine, shippers: [String: Shipper] = [:]) {
        self.engine = engine
        self.shippers = shippers
    }

    public func unavailable(_ documents: [String]) -> [String] {
        documents.filter {
            DocumentKind(assessmentName: $0) == nil && !DocumentKind.dataRequirements.contains($0.lowercased())
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
            lines.append(fields)
        }
        var json: [String: Any] = [
            "id": order.id, "date": shipment.day, "sale": "B2C", "marketplace": intake.marketplace != nil,
            "gift": false, "from": warehouse.country, "to": intake.shipTo.country,
            "transport": order.route?.transport ?? "courier", "currency": intake.currency, "shipping": "0.00",
            "insurance": "0.00", "category": "sale-of-goods",
            "seller": [
                "name": shipper.name, "street": shipper.street, "city": shipper.city, "postcode": shipper.postcode,
                "country": warehouse.country,
            ].merging(intake.marketplaceTaxID.map { ["ioss": $0] } ?? [:]) { a, _ in a },
            "buyer": [
                "name": intake.shipTo.name,
                "street": [intake.shipTo.line1, intake.shipTo.line2].compactMap { $0 }.joined(separator: ", "),
                "city": intake.shipTo.city, "postcode": intake.shipTo.postalCode, "country": intake.shipTo.country,
            ],
            "carrier": ["name": order.route?.carrier ?? "Bonded Ground", "service": intake.shippingService],
            "tracking": ["s10": tracking, "sscc": shipment.sscc],
            "customs": ["lrn": String(order.id.prefix(22))],
            "parcel": ["gross_kg": Self.kilograms(shipment.grossGrams), "packages": 1],
            "lines": lines,
        ]
        if let aircraft = order.route?.aircraft { json["aircraft"] = aircraft }
        if let assessment = order.assessment {
            json["documents"] = assessment.documents
            if let regime = assessment.regime { json["regime"] = regime }
            let marks = assessment.dangerousGoods.filter { $0.unNumber != nil || !$0.labels.isEmpty }.map {
                var mark: [String: Any] = ["marks": $0.labels]
                if let un = $0.unNumber { mark["un_number"] = un }
                if let dgClass = $0.dgClass { mark["class"] = dgClass }
                return mark
            }
            if !marks.isEmpty { json["dangerous_goods"] = marks }
        }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return try DocumentRequest.decode(json: data)
    }

    /// A UPU S10 tracking id for the order: `BD`, 8 serial digits from the order id, the check digit, the country.
    public static func trackingNumber(orderID: String, country: String) -> String {
        let digest = ContentDigest.sha256Hex(Data(orderID.utf8))
        var serial = ""
        for character in digest where serial.count < 8 { serial.append(String(character.hexDigitValue! % 10)) }
        return "BD" + serial + String(UPUS10.checkDigit(serial: serial) ?? 0) + country
    }

    static func kilograms(_ grams: Int64) -> String {
        "\(grams / 1000).\(String(repeating: "0", count: 3 - String(grams % 1000).count))\(grams % 1000)"
    }
}

/// Documents a parcel needs could not all be produced (fail closed: no parcel ships half-documented).
public struct ShipmentDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
