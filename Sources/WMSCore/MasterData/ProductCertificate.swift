/// A party named on a product certificate: name, postal address and a phone number or e-mail address.
public struct CertificateParty: Hashable, Sendable, Codable {
    public var name: String
    public var street: String
    public var city: String
    public var postcode: String?
    /// ISO 3166 alpha-2.
    public var country: String
    public var phone: String?
    public var email: String?
    /// An identifier of the party: the CPSC-accepted laboratory's id for a third-party testing laboratory.
    public var identifier: String?

    public init(
        name: String, street: String, city: String, postcode: String? = nil, country: String,
        phone: String? = nil, email: String? = nil, identifier: String? = nil
    ) {
        self.name = name
        self.street = street
        self.city = city
        self.postcode = postcode
        self.country = country
        self.phone = phone
        self.email = email
        self.identifier = identifier
    }

    func validate(_ field: String) throws {
        for (value, name) in [(name, "name"), (street, "street"), (city, "city")] where value.isEmpty {
            throw WMSError.invalid("\(field).\(name)", value, "must not be empty")
        }
        try Validate.country(country, field: "\(field).country")
        if phone == nil && email == nil {
            throw WMSError.invalid("\(field).phone", "", "a phone number or an e-mail address is required")
        }
    }
}

/// The certificate of compliance of a CPSC-regulated product (16 CFR part 1110, as revised by the final rule of
/// 2025-01-08, 90 FR 1800): a Children's Product Certificate (CPC, third-party tested) or a General Certificate of
/// Conformity (GCC). Since 2026-07-08 its data is filed electronically with the CBP entry (eFiling).
public struct ProductCertificate: Hashable, Sendable, Codable {
    /// Children's Product Certificate or General Certificate of Conformity.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case childrens = "CPC"
        case general = "GCC"
    }

    public var kind: Kind
    /// Each consumer product safety rule, ban, standard or regulation certified to (`16 CFR 1250`).
    public var citations: [String]
    public var manufacturer: CertificateParty
    /// Month of manufacture, `YYYY-MM`.
    public var manufactured: String
    public var manufacturedCity: String
    public var manufacturedCountry: String
    /// Month of the testing the certificate relies on, `YYYY-MM`.
    public var tested: String
    public var testedCity: String
    public var testedCountry: String
    /// The testing laboratory; for a CPC the CPSC-accepted third-party laboratory with its CPSC id (`identifier`).
    public var laboratory: CertificateParty?
    /// The importer or domestic manufacturer certifying compliance.
    public var certifier: CertificateParty
    /// The person who keeps the test records.
    public var recordsKeeper: CertificateParty

    public init(
        kind: Kind, citations: [String], manufacturer: CertificateParty, manufactured: String,
        manufacturedCity: String, manufacturedCountry: String, tested: String, testedCity: String,
        testedCountry: String, laboratory: CertificateParty?, certifier: CertificateParty,
        recordsKeeper: CertificateParty
    ) {
        self.kind = kind
        self.citations = citations
        self.manufacturer = manufacturer
        self.manufactured = manufactured
        self.manufacturedCity = manufacturedCity
        self.manufacturedCountry = manufacturedCountry
        self.tested = tested
        self.testedCity = testedCity
        self.testedCountry = testedCountry
        self.laboratory = laboratory
        self.certifier = certifier
        self.recordsKeeper = recordsKeeper
    }

    /// Checks every field; throws naming the first wrong one under `field`.
    public func validate(_ field: String = "product.certificate") throws {
        guard !citations.isEmpty else {
            throw WMSError.invalid("\(field).citations", "", "at least one regulation must be cited")
        }
        for (index, citation) in citations.enumerated() where citation.isEmpty {
            throw WMSError.invalid("\(field).citations[\(index)]", citation, "must not be empty")
        }
        try manufacturer.validate("\(field).manufacturer")
        for (value, name) in [(manufactured, "manufactured"), (tested, "tested")] {
            guard value.count == 7, (try? Validate.isoDate(value + "-01", field: name)) != nil else {
                throw WMSError.invalid("\(field).\(name)", value, "must be a month YYYY-MM")
            }
        }
        for (value, name) in [(manufacturedCity, "manufacturedCity"), (testedCity, "testedCity")] where value.isEmpty {
            throw WMSError.invalid("\(field).\(name)", value, "must not be empty")
        }
        try Validate.country(manufacturedCountry, field: "\(field).manufacturedCountry")
        try Validate.country(testedCountry, field: "\(field).testedCountry")
        if let laboratory { try laboratory.validate("\(field).laboratory") }
        if kind == .childrens && (laboratory?.identifier ?? "").isEmpty {
            throw WMSError.invalid(
                "\(field).laboratory.identifier", "", "a children's product certificate needs the CPSC id of the "
                    + "accepted third-party laboratory")
        }
        try certifier.validate("\(field).certifier")
        try recordsKeeper.validate("\(field).recordsKeeper")
    }
}

/// The reference of an EUDR due-diligence statement (Regulation (EU) 2023/1115, art. 4 and 33) as the EU
/// information system returned it on submission: the customs declaration quotes both numbers.
public struct DueDiligenceReference: Hashable, Sendable, Codable {
    public var referenceNumber: String
    public var verificationNumber: String

    public init(referenceNumber: String, verificationNumber: String) {
        self.referenceNumber = referenceNumber
        self.verificationNumber = verificationNumber
    }

    func validate(_ field: String) throws {
        try Validate.code(referenceNumber, field: "\(field).referenceNumber", maxLength: 35)
        try Validate.code(verificationNumber, field: "\(field).verificationNumber", maxLength: 35)
    }
}
