/// A warehouse of the network: an overseas, bonded or domestic site that keeps its own ledger.
public struct Warehouse: Hashable, Sendable, Codable {
    /// Short unique code, e.g. `DE-FRA1`.
    public var code: String
    public var name: String
    /// ISO 3166 alpha-2 country.
    public var country: String
    /// IANA time zone of the site, used for cut-offs and local dates.
    public var timeZone: String
    /// ISO 4217 currency of the site's books.
    public var currency: String
    /// Document languages in order of preference (en, zh, de, ja, es).
    public var languages: [String]

    public init(
        code: String, name: String, country: String, timeZone: String, currency: String, languages: [String]
    ) {
        self.code = code
        self.name = name
        self.country = country
        self.timeZone = timeZone
        self.currency = currency
        self.languages = languages
    }

    /// The languages documents can be produced in.
    public static let supportedLanguages: Set<String> = ["en", "zh", "de", "ja", "es"]

    /// Checks every field; throws naming the first wrong one.
    public func validate() throws {
        try Validate.code(code, field: "warehouse.code")
        guard !name.isEmpty else { throw WMSError.invalid("warehouse.name", name, "must not be empty") }
        try Validate.country(country, field: "warehouse.country")
        try Validate.timeZone(timeZone, field: "warehouse.timeZone")
        try Validate.currency(currency, field: "warehouse.currency")
        guard !languages.isEmpty else {
            throw WMSError.invalid("warehouse.languages", "", "needs at least one language")
        }
        for (index, language) in languages.enumerated() where !Self.supportedLanguages.contains(language) {
            throw WMSError.invalid(
                "warehouse.languages[\(index)]", language, "must be one of en, zh, de, ja, es")
        }
    }
}
