/// One order (a consignment) to assess: the facts the rules read. Decoded from the request JSON of issue 3.
public struct AssessmentRequest: Sendable, Hashable {
    public var id: String
    public var date: Day
    public var sale: String  // B2C | B2B | C2C
    public var marketplace: Bool
    public var gift: Bool
    public var from: String
    public var to: String
    public var transport: String
    public var aircraft: String?
    public var currency: String
    public var shipping: Fixed
    public var insurance: Fixed
    public var seller: Seller?
    public var lines: [Line]

    public init(id: String, date: Day, sale: String, marketplace: Bool, gift: Bool, from: String, to: String,
                transport: String, aircraft: String?, currency: String, shipping: Fixed, insurance: Fixed, seller: Seller?,
                lines: [Line]) {
        self.id = id
        self.date = date
        self.sale = sale
        self.marketplace = marketplace
        self.gift = gift
        self.from = from
        self.to = to
        self.transport = transport
        self.aircraft = aircraft
        self.currency = currency
        self.shipping = shipping
        self.insurance = insurance
        self.seller = seller
        self.lines = lines
    }

    public struct Seller: Sendable, Hashable {
        public var country: String?
        public var ioss: String?
        public var vat: String?
        public var eori: String?
        public var size: String?

        public init(country: String?, ioss: String?, vat: String?, eori: String?, size: String?) {
            self.country = country
            self.ioss = ioss
            self.vat = vat
            self.eori = eori
            self.size = size
        }
    }

    public struct Line: Sendable, Hashable {
        public var sku: String
        public var description: String?
        public var hs: String
        public var origin: String
        public var category: String?
        public var quantity: Fixed
        public var unitPrice: Fixed
        public var netKg: Fixed?
        public var volumeML: Fixed?
        public var excise: Bool
        public var battery: Battery?
        public var unNumber: String?
        public var manufacturerCountry: String?
        public var euResponsiblePerson: String?

        public init(sku: String, description: String?, hs: String, origin: String, category: String?, quantity: Fixed,
                    unitPrice: Fixed, netKg: Fixed?, volumeML: Fixed?, excise: Bool, battery: Battery?, unNumber: String?,
                    manufacturerCountry: String?, euResponsiblePerson: String?) {
            self.sku = sku
            self.description = description
            self.hs = hs
            self.origin = origin
            self.category = category
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.netKg = netKg
            self.volumeML = volumeML
            self.excise = excise
            self.battery = battery
            self.unNumber = unNumber
            self.manufacturerCountry = manufacturerCountry
            self.euResponsiblePerson = euResponsiblePerson
        }
    }

    public struct Battery: Sendable, Hashable {
        public var chemistry: String
        public var packing: String
        public var wh: Fixed?
        public var mah: Fixed?
        public var volts: Fixed?
        public var lithiumG: Fixed?
        public var socPercent: Fixed?

        public init(chemistry: String, packing: String, wh: Fixed?, mah: Fixed?, volts: Fixed?, lithiumG: Fixed?, socPercent: Fixed?) {
            self.chemistry = chemistry
            self.packing = packing
            self.wh = wh
            self.mah = mah
            self.volts = volts
            self.lithiumG = lithiumG
            self.socPercent = socPercent
        }
    }
}

/// Why a request could not be decoded: the JSON path and what is wrong there.
public struct RequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The enumerations of the request schema (also used by the checker to validate literals).
enum RequestEnums {
    static let sale = ["B2C", "B2B", "C2C"]
    static let transport = ["air", "sea", "road", "rail", "postal", "courier"]
    static let aircraft = ["passenger", "cargo"]
    static let chemistry = ["li-ion", "li-metal", "na-ion"]
    static let packing = ["alone", "with-equipment", "in-equipment"]
    static let size = ["large", "medium", "small", "micro"]
    static let air = ["allowed", "cargo-only", "forbidden"]
}

extension AssessmentRequest {
    /// Decodes one request from a parsed JSON value; every unknown or missing field is an error naming its path.
    public static func decode(_ json: JSONValue) throws(RequestError) -> AssessmentRequest {
        var reader = try ObjectReader(json, path: "$")
        let request = try reader.decodeRequest()
        return request
    }

    /// Decodes one request from JSON text.
    public static func decode(json text: String) throws(RequestError) -> AssessmentRequest {
        let value: JSONValue
        do { value = try JSONReader.parse(text) } catch { throw RequestError(path: "$", message: error.description) }
        return try decode(value)
    }
}

private struct ObjectReader {
    var members: [(String, JSONValue)]
    /// The keys asked for (a plain array: hashing them into a set cost ~3% of `POST /v1/assess`), and which
    /// members were read.
    var asked: [String] = []
    var read: [Bool]
    let path: String

    init(_ value: JSONValue, path: String) throws(RequestError) {
        guard case .object(let members) = value else { throw RequestError(path: path, message: "expected an object") }
        self.members = members
        self.read = Array(repeating: false, count: members.count)
        self.path = path
        asked.reserveCapacity(24)
    }

    mutating func raw(_ key: String) -> JSONValue? {
        asked.append(key)
        guard let index = members.firstIndex(where: { $0.0 == key }) else { return nil }
        read[index] = true
        let value = members[index].1
        if case .null = value { return nil }
        return value
    }

    func finish() throws(RequestError) {
        for (index, (key, _)) in members.enumerated() where !read[index] && !asked.contains(key) {
            let hint = Suggest.hint(key, Set(asked))
            throw RequestError(path: "\(path).\(key)", message: "unknown field\(hint)")
        }
    }

    func missing(_ key: String) -> RequestError { RequestError(path: "\(path).\(key)", message: "missing required field") }

    mutating func text(_ key: String, maxLength: Int = 512) throws(RequestError) -> String? {
        guard let value = raw(key) else { return nil }
        guard case .string(let text) = value else { throw RequestError(path: "\(path).\(key)", message: "expected a string") }
        guard text.utf8.count <= maxLength else { throw RequestError(path: "\(path).\(key)", message: "longer than \(maxLength) bytes") }
        return text
    }

    mutating func requiredText(_ key: String) throws(RequestError) -> String {
        guard let value = try text(key) else { throw missing(key) }
        return value
    }

    mutating func choice(_ key: String, _ cases: [String]) throws(RequestError) -> String? {
        guard let value = try text(key) else { return nil }
        guard cases.contains(value) else {
            throw RequestError(path: "\(path).\(key)", message: "'\(value)' is not one of \(cases.joined(separator: ", "))\(Suggest.hint(value, cases))")
        }
        return value
    }

    mutating func country(_ key: String) throws(RequestError) -> String? {
        guard let value = try text(key) else { return nil }
        guard value.utf8.count == 2, value.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw RequestError(path: "\(path).\(key)", message: "'\(value)' is not a two-letter ISO country code")
        }
        return value
    }

    mutating func bool(_ key: String) throws(RequestError) -> Bool? {
        guard let value = raw(key) else { return nil }
        guard case .bool(let flag) = value else { throw RequestError(path: "\(path).\(key)", message: "expected true or false") }
        return flag
    }

    /// A decimal given as a string (money) or, where allowed, as a JSON number.
    mutating func decimal(_ key: String, allowNumber: Bool, nonNegative: Bool = true) throws(RequestError) -> Fixed? {
        guard let value = raw(key) else { return nil }
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let s) where allowNumber: text = s
        case .number: throw RequestError(path: "\(path).\(key)", message: "expected a decimal string such as \"10.00\"")
        default: throw RequestError(path: "\(path).\(key)", message: "expected a decimal")
        }
        guard let fixed = Fixed(parsing: text) else {
            throw RequestError(path: "\(path).\(key)", message: "'\(text.prefix(40))' is not a decimal with at most 6 places")
        }
        if nonNegative && fixed.raw < 0 { throw RequestError(path: "\(path).\(key)", message: "must not be negative") }
        return fixed
    }

    mutating func decodeRequest() throws(RequestError) -> AssessmentRequest {
        let id = try requiredText("id")
        guard let dateText = try text("date") else { throw missing("date") }
        guard let date = Day(parsing: dateText) else { throw RequestError(path: "\(path).date", message: "expected a date YYYY-MM-DD") }
        guard let sale = try choice("sale", RequestEnums.sale) else { throw missing("sale") }
        let marketplace = try bool("marketplace") ?? false
        let gift = try bool("gift") ?? false
        guard let from = try country("from") else { throw missing("from") }
        guard let to = try country("to") else { throw missing("to") }
        guard let transport = try choice("transport", RequestEnums.transport) else { throw missing("transport") }
        let aircraft = try choice("aircraft", RequestEnums.aircraft)
        let currency = try requiredText("currency")
        guard currency.utf8.count == 3, currency.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw RequestError(path: "\(path).currency", message: "'\(currency)' is not a three-letter ISO currency code")
        }
        let shipping = try decimal("shipping", allowNumber: false) ?? .zero
        let insurance = try decimal("insurance", allowNumber: false) ?? .zero
        var seller: AssessmentRequest.Seller?
        if let value = raw("seller") {
            var reader = try ObjectReader(value, path: "\(path).seller")
            seller = AssessmentRequest.Seller(
                country: try reader.country("country"), ioss: try reader.text("ioss", maxLength: 64),
                vat: try reader.text("vat", maxLength: 64), eori: try reader.text("eori", maxLength: 64),
                size: try reader.choice("size", RequestEnums.size))
            try reader.finish()
        }
        guard let linesValue = raw("lines") else { throw missing("lines") }
        guard case .array(let elements) = linesValue else { throw RequestError(path: "\(path).lines", message: "expected an array") }
        guard !elements.isEmpty else { throw RequestError(path: "\(path).lines", message: "at least one line is required") }
        guard elements.count <= 10_000 else { throw RequestError(path: "\(path).lines", message: "more than 10,000 lines") }
        var lines: [AssessmentRequest.Line] = []
        for (index, element) in elements.enumerated() {
            var reader = try ObjectReader(element, path: "\(path).lines[\(index)]")
            lines.append(try reader.decodeLine())
            try reader.finish()
        }
        try finish()
        return AssessmentRequest(
            id: id, date: date, sale: sale, marketplace: marketplace, gift: gift, from: from, to: to, transport: transport,
            aircraft: aircraft, currency: currency, shipping: shipping, insurance: insurance, seller: seller, lines: lines)
    }

    mutating func decodeLine() throws(RequestError) -> AssessmentRequest.Line {
        let sku = try requiredText("sku")
        let description = try text("description", maxLength: 4096)
        let hs = try requiredText("hs")
        guard (6...10).contains(hs.utf8.count), hs.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw RequestError(path: "\(path).hs", message: "'\(hs.prefix(20))' is not an HS code of 6 to 10 digits")
        }
        guard let origin = try country("origin") else { throw missing("origin") }
        let category = try text("category", maxLength: 64)
        guard let quantity = try decimal("quantity", allowNumber: true) else { throw missing("quantity") }
        guard let unitPrice = try decimal("unit_price", allowNumber: false) else { throw missing("unit_price") }
        let netKg = try decimal("net_kg", allowNumber: true)
        let volume = try decimal("volume_ml", allowNumber: true)
        let excise = try bool("excise") ?? false
        var battery: AssessmentRequest.Battery?
        if let value = raw("battery") {
            var reader = try ObjectReader(value, path: "\(path).battery")
            guard let chemistry = try reader.choice("chemistry", RequestEnums.chemistry) else { throw reader.missing("chemistry") }
            guard let packing = try reader.choice("packing", RequestEnums.packing) else { throw reader.missing("packing") }
            let wh = try reader.decimal("wh", allowNumber: true)
            let mah = try reader.decimal("mah", allowNumber: true)
            let volts = try reader.decimal("volts", allowNumber: true)
            if wh == nil && (mah == nil) != (volts == nil) {
                throw RequestError(path: "\(path).battery", message: "give 'wh', or both 'mah' and 'volts'")
            }
            let lithium = try reader.decimal("lithium_g", allowNumber: true)
            let soc = try reader.decimal("soc_percent", allowNumber: true)
            if let soc, soc > Fixed(raw: 100_000_000) {
                throw RequestError(path: "\(path).battery.soc_percent", message: "must be between 0 and 100")
            }
            battery = AssessmentRequest.Battery(chemistry: chemistry, packing: packing, wh: wh, mah: mah, volts: volts,
                                                lithiumG: lithium, socPercent: soc)
            try reader.finish()
        }
        let un = try text("un_number", maxLength: 16)
        let manufacturer = try country("manufacturer_country")
        let responsible = try text("eu_responsible_person", maxLength: 512)
        return AssessmentRequest.Line(
            sku: sku, description: description, hs: hs, origin: origin, category: category, quantity: quantity,
            unitPrice: unitPrice, netKg: netKg, volumeML: volume, excise: excise, battery: battery, unNumber: un,
            manufacturerCountry: manufacturer, euResponsiblePerson: responsible)
    }
}
