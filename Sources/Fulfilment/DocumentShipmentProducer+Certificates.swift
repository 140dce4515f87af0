public import Documents
public import WMSCore

extension DocumentShipmentProducer {
    /// Lines in a category a listed document covers (CPSC certificate eFiling: toys, children's products; EUDR:
    /// coffee, cocoa, wood, …) whose product lacks the certificate data or the due-diligence statement reference.
    public func missingData(_ documents: [String], order: Order, products: [String: Product]) -> [String] {
        let kinds = documents.compactMap(DocumentKind.init(assessmentName:))
        var gaps: [String] = []
        for (index, line) in order.intake.lines.enumerated() {
            let product = products[line.sku]
            for kind in kinds where kind.productCategories.contains(product?.category ?? "") {
                switch kind {
                case .cpscCertificate where product?.certificate == nil:
                    gaps.append("lines[\(index)] \(line.sku): product.certificate (CPSC certificate of compliance)")
                case .eudrStatement where product?.dueDiligence == nil:
                    gaps.append("lines[\(index)] \(line.sku): product.dueDiligence (EUDR due-diligence statement)")
                case .eudrStatement where (product?.netWeightGrams ?? 0) <= 0:
                    gaps.append("lines[\(index)] \(line.sku): product.netWeightGrams (EUDR net mass)")
                default: break
                }
            }
        }
        return gaps
    }

    /// The request JSON of a product's certificate of compliance.
    static func certificateJSON(_ c: ProductCertificate) -> [String: Any] {
        var json: [String: Any] = [
            "type": c.kind.rawValue, "citations": c.citations, "manufacturer": partyJSON(c.manufacturer),
            "manufactured": c.manufactured,
            "manufactured_at": ["city": c.manufacturedCity, "country": c.manufacturedCountry],
            "tested": c.tested, "tested_at": ["city": c.testedCity, "country": c.testedCountry],
            "certifier": partyJSON(c.certifier), "records_keeper": partyJSON(c.recordsKeeper),
        ]
        if let laboratory = c.laboratory { json["laboratory"] = partyJSON(laboratory) }
        return json
    }

    /// A certificate party as a request party (`number` carries its identifier, the CPSC laboratory id).
    static func partyJSON(_ p: CertificateParty) -> [String: Any] {
        var json: [String: Any] = ["name": p.name, "street": p.street, "city": p.city, "country": p.country]
        let extras = [("postcode", p.postcode), ("phone", p.phone), ("email", p.email), ("number", p.identifier)]
        for (key, value) in extras {
            if let value { json[key] = value }
        }
        return json
    }
}
