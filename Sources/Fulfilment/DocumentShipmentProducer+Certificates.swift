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

    /// A product's certificate of compliance as the request carries it.
    static func requestCertificate(_ c: ProductCertificate) -> DocumentRequest.Certificate {
        var certificate = DocumentRequest.Certificate()
        certificate.type = c.kind.rawValue
        certificate.citations = c.citations
        certificate.manufacturer = requestParty(c.manufacturer)
        certificate.manufactured = c.manufactured
        certificate.manufacturedAt = DocumentRequest.Party(country: c.manufacturedCountry)
        certificate.manufacturedAt?.city = c.manufacturedCity
        certificate.tested = c.tested
        certificate.testedAt = DocumentRequest.Party(country: c.testedCountry)
        certificate.testedAt?.city = c.testedCity
        certificate.laboratory = c.laboratory.map(requestParty)
        certificate.certifier = requestParty(c.certifier)
        certificate.recordsKeeper = requestParty(c.recordsKeeper)
        return certificate
    }

    /// A certificate party as a request party (`number` carries its identifier, the CPSC laboratory id).
    static func requestParty(_ p: CertificateParty) -> DocumentRequest.Party {
        var party = DocumentRequest.Party(name: p.name, country: p.country)
        party.street = p.street
        party.city = p.city
        party.postcode = p.postcode
        party.phone = p.phone
        party.email = p.email
        party.number = p.identifier
        return party
    }
}
