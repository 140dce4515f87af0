import ComplianceEngine
import Documents
import Foundation
import WMSCore

@testable import Fulfilment

// The document request as `DocumentShipmentProducer.request(for:tracking:)` built it before it built the request
// from typed values: a `[String: Any]` tree written as JSON text and decoded by `DocumentRequest.decode(json:)`.
// Kept unchanged as the reference the typed request must equal (DocumentRequestParityTests).

extension DocumentShipmentProducer {
    /// The request decoded from the JSON the producer used to write.
    func jsonRequest(for shipment: ShipmentData, tracking: String) throws -> DocumentRequest {
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
            if let certificate = product?.certificate {
                fields["certificate"] = Self.referenceCertificateJSON(certificate)
            }
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
                } ?? [:]
            ) { a, _ in a },
            "parcel": ["gross_kg": Self.kilograms(shipment.grossGrams), "packages": 1],
            "lines": lines,
        ]
        if let aircraft = order.route?.aircraft { json["aircraft"] = aircraft }
        if let contact = emergencyContact {
            json["emergency_contact"] = ["name": contact.name, "phone": contact.phone]
        }
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
        return try DocumentRequest.decode(json: Data(ReferenceRequestJSON.text(json).utf8))
    }

    /// The request JSON of a product's certificate of compliance.
    static func referenceCertificateJSON(_ c: ProductCertificate) -> [String: Any] {
        var json: [String: Any] = [
            "type": c.kind.rawValue, "citations": c.citations, "manufacturer": referencePartyJSON(c.manufacturer),
            "manufactured": c.manufactured,
            "manufactured_at": ["city": c.manufacturedCity, "country": c.manufacturedCountry],
            "tested": c.tested, "tested_at": ["city": c.testedCity, "country": c.testedCountry],
            "certifier": referencePartyJSON(c.certifier), "records_keeper": referencePartyJSON(c.recordsKeeper),
        ]
        if let laboratory = c.laboratory { json["laboratory"] = referencePartyJSON(laboratory) }
        return json
    }

    /// A certificate party as a request party (`number` carries its identifier, the CPSC laboratory id).
    static func referencePartyJSON(_ p: CertificateParty) -> [String: Any] {
        var json: [String: Any] = ["name": p.name, "street": p.street, "city": p.city, "country": p.country]
        let extras = [("postcode", p.postcode), ("phone", p.phone), ("email", p.email), ("number", p.identifier)]
        for (key, value) in extras {
            if let value { json[key] = value }
        }
        return json
    }
}

/// JSON text of the reference request: strings, booleans, integers, arrays and objects.
enum ReferenceRequestJSON {
    static func text(_ value: Any) throws -> String {
        var out = ""
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) throws {
        switch value {
        case let text as String: JSONString.quote(text, into: &out)
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int: out += String(number)
        case let number as Int64: out += String(number)
        case let list as [Any]:
            out += "["
            for (index, element) in list.enumerated() {
                if index > 0 { out += "," }
                try write(element, into: &out)
            }
            out += "]"
        case let object as [String: Any]:
            out += "{"
            for (index, (key, element)) in object.enumerated() {
                if index > 0 { out += "," }
                JSONString.quote(key, into: &out)
                out += ":"
                try write(element, into: &out)
            }
            out += "}"
        default:
            throw ShipmentDocumentError(message: "cannot write \(type(of: value)) into the document request")
        }
    }
}
