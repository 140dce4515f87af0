extension DocumentRequest {
    /// A product's certificate of compliance for the CPSC eFiling (16 CFR part 1110): which certificate, what it
    /// certifies to, who made the product when and where, where and when it was tested, by which laboratory, and
    /// who certifies and keeps the records.
    public struct Certificate: Sendable, Hashable, Codable {
        /// `CPC` (Children's Product Certificate) or `GCC` (General Certificate of Conformity).
        public var type: String?
        /// Each consumer product safety rule/regulation certified to (`16 CFR 1250`).
        public var citations: [String]?
        public var manufacturer: Party?
        /// Month of manufacture, `YYYY-MM`.
        public var manufactured: String?
        /// Place of manufacture (city and country).
        public var manufacturedAt: Party?
        /// Month of the testing the certificate relies on, `YYYY-MM`.
        public var tested: String?
        /// Place of testing (city and country).
        public var testedAt: Party?
        /// Testing laboratory; `number` is the CPSC id of an accepted third-party laboratory (required for a CPC).
        public var laboratory: Party?
        /// Importer or domestic manufacturer certifying compliance.
        public var certifier: Party?
        /// The person keeping the test records.
        public var recordsKeeper: Party?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case type, citations, manufacturer, manufactured, manufacturedAt = "manufactured_at", tested
            case testedAt = "tested_at", laboratory, certifier, recordsKeeper = "records_keeper"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type)
            citations = try c.decodeIfPresent([String].self, forKey: .citations)
            manufacturer = try c.decodeIfPresent(Party.self, forKey: .manufacturer)
            manufactured = try c.decodeIfPresent(String.self, forKey: .manufactured)
            manufacturedAt = try c.decodeIfPresent(Party.self, forKey: .manufacturedAt)
            tested = try c.decodeIfPresent(String.self, forKey: .tested)
            testedAt = try c.decodeIfPresent(Party.self, forKey: .testedAt)
            laboratory = try c.decodeIfPresent(Party.self, forKey: .laboratory)
            certifier = try c.decodeIfPresent(Party.self, forKey: .certifier)
            recordsKeeper = try c.decodeIfPresent(Party.self, forKey: .recordsKeeper)
        }
    }

    /// The reference of an EUDR due-diligence statement as the EU information system returned it.
    public struct DueDiligenceStatement: Sendable, Hashable, Codable {
        public var reference: String?
        public var verification: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case reference, verification }

        public init(reference: String? = nil, verification: String? = nil) {
            self.reference = reference
            self.verification = verification
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            reference = try c.decodeIfPresent(String.self, forKey: .reference)
            verification = try c.decodeIfPresent(String.self, forKey: .verification)
        }
    }
}
