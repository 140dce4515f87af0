/// Battery chemistry, as the dangerous-goods rules distinguish it.
public enum BatteryChemistry: String, Hashable, Sendable, Codable, CaseIterable {
    case lithiumIon = "li-ion"
    case lithiumMetal = "li-metal"
    case sodiumIon = "na-ion"
}

/// How a battery travels: alone, packed with equipment, or contained in equipment.
public enum BatteryPacking: String, Hashable, Sendable, Codable, CaseIterable {
    case alone
    case withEquipment = "with-equipment"
    case inEquipment = "in-equipment"
}

/// Battery data the dangerous-goods rules need. Energy in milliwatt-hours and lithium in milligrams (integers).
public struct BatteryAttributes: Hashable, Sendable, Codable {
    public var chemistry: BatteryChemistry
    public var packing: BatteryPacking
    /// Watt-hour rating × 1000; nil when unknown (the item then goes to quarantine at putaway).
    public var milliwattHours: Int64?
    /// Lithium content in milligrams (lithium-metal cells).
    public var lithiumMilligrams: Int64?
    /// State of charge in percent.
    public var stateOfChargePercent: Int?

    public init(
        chemistry: BatteryChemistry, packing: BatteryPacking, milliwattHours: Int64? = nil,
        lithiumMilligrams: Int64? = nil, stateOfChargePercent: Int? = nil
    ) {
        self.chemistry = chemistry
        self.packing = packing
        self.milliwattHours = milliwattHours
        self.lithiumMilligrams = lithiumMilligrams
        self.stateOfChargePercent = stateOfChargePercent
    }
}

/// A stock-keeping unit with the trade and dangerous-goods data compliance needs.
public struct Product: Hashable, Sendable, Codable {
    public var sku: String
    public var gtin: GTIN?
    public var description: String
    /// HS code (6 digits) or national tariff code (8–10 digits).
    public var hsCode: String?
    /// ISO 3166 alpha-2 country of origin.
    public var originCountry: String?
    public var netWeightGrams: Int64
    public var lengthMillimetres: Int64
    public var widthMillimetres: Int64
    public var heightMillimetres: Int64
    /// UN number such as `UN3480`, for dangerous goods.
    public var unNumber: String?
    /// Dangerous-goods class such as `9` or `3`.
    public var hazardClass: String?
    public var battery: BatteryAttributes?
    /// Whether stock of this SKU must carry a lot (batch) number.
    public var lotTracked: Bool
    /// Product category the rule packs key rates and duties on (`clothing`, `electronics`, `food`, …).
    public var category: String?
    /// ISO 3166 alpha-2 country of the manufacturer (GPSR: a non-EU manufacturer needs an EU responsible person).
    public var manufacturerCountry: String?
    /// The EU responsible economic operator (GPSR), name and town.
    public var euResponsiblePerson: String?
    /// The CPSC certificate of compliance (CPC or GCC) whose data is eFiled with a US entry.
    public var certificate: ProductCertificate?
    /// The EUDR due-diligence statement covering this product's EU imports (reference and verification number).
    public var dueDiligence: DueDiligenceReference?

    public init(
        sku: String, gtin: GTIN? = nil, description: String, hsCode: String? = nil, originCountry: String? = nil,
        netWeightGrams: Int64 = 0, lengthMillimetres: Int64 = 0, widthMillimetres: Int64 = 0,
        heightMillimetres: Int64 = 0, unNumber: String? = nil, hazardClass: String? = nil,
        battery: BatteryAttributes? = nil, lotTracked: Bool = false, category: String? = nil,
        manufacturerCountry: String? = nil, euResponsiblePerson: String? = nil,
        certificate: ProductCertificate? = nil, dueDiligence: DueDiligenceReference? = nil
    ) {
        self.sku = sku
        self.gtin = gtin
        self.description = description
        self.hsCode = hsCode
        self.originCountry = originCountry
        self.netWeightGrams = netWeightGrams
        self.lengthMillimetres = lengthMillimetres
        self.widthMillimetres = widthMillimetres
        self.heightMillimetres = heightMillimetres
        self.unNumber = unNumber
        self.hazardClass = hazardClass
        self.battery = battery
        self.lotTracked = lotTracked
        self.category = category
        self.manufacturerCountry = manufacturerCountry
        self.euResponsiblePerson = euResponsiblePerson
        self.certificate = certificate
        self.dueDiligence = dueDiligence
    }

    /// Checks every field; throws naming the first wrong one.
    public func validate() throws {
        try Validate.code(sku, field: "product.sku", maxLength: 64)
        guard !description.isEmpty else {
            throw WMSError.invalid("product.description", description, "must not be empty")
        }
        if let hsCode { try Validate.hsCode(hsCode, field: "product.hsCode") }
        if let originCountry { try Validate.country(originCountry, field: "product.originCountry") }
        if let manufacturerCountry { try Validate.country(manufacturerCountry, field: "product.manufacturerCountry") }
        try Validate.nonNegative(netWeightGrams, field: "product.netWeightGrams")
        try Validate.nonNegative(lengthMillimetres, field: "product.lengthMillimetres")
        try Validate.nonNegative(widthMillimetres, field: "product.widthMillimetres")
        try Validate.nonNegative(heightMillimetres, field: "product.heightMillimetres")
        if let unNumber {
            guard unNumber.count == 6, unNumber.hasPrefix("UN"), unNumber.dropFirst(2).allSatisfy(\.isNumber) else {
                throw WMSError.invalid("product.unNumber", unNumber, "must be UN followed by four digits")
            }
        }
        try certificate?.validate("product.certificate")
        try dueDiligence?.validate("product.dueDiligence")
        if let battery {
            if let wh = battery.milliwattHours { try Validate.positive(wh, field: "product.battery.milliwattHours") }
            if let li = battery.lithiumMilligrams {
                try Validate.nonNegative(li, field: "product.battery.lithiumMilligrams")
            }
            if let soc = battery.stateOfChargePercent, !(0...100).contains(soc) {
                throw WMSError.invalid(
                    "product.battery.stateOfChargePercent", String(soc), "must be between 0 and 100")
            }
        }
    }
}

/// A lot (batch) of a SKU, with its expiry date (`YYYY-MM-DD`) and serial numbers when tracked.
public struct Lot: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    /// Expiry as an ISO date `YYYY-MM-DD`, when the goods expire.
    public var expiry: String?
    public var serials: [String]

    public init(sku: String, lot: String, expiry: String? = nil, serials: [String] = []) {
        self.sku = sku
        self.lot = lot
        self.expiry = expiry
        self.serials = serials
    }

    /// Checks every field; throws naming the first wrong one.
    public func validate() throws {
        try Validate.code(sku, field: "lot.sku", maxLength: 64)
        try Validate.code(lot, field: "lot.lot", maxLength: 20)
        if let expiry { try Validate.isoDate(expiry, field: "lot.expiry") }
    }
}
