// Initialisers for building a request from typed values (the shipment producer) instead of decoding JSON. Each
// takes the fields the JSON decoder requires; every other field starts absent (nil), as a JSON object without it.

extension DocumentRequest {
    /// A request with the fields JSON requires; every optional field is nil.
    public init(id: String, date: String, from: String, to: String, currency: String, seller: Party, lines: [Line]) {
        self.id = id
        self.date = date
        self.from = from
        self.to = to
        self.currency = currency
        self.seller = seller
        self.lines = lines
    }
}

extension DocumentRequest.Carrier {
    /// A carrier and its service.
    public init(name: String, service: String? = nil, code: String? = nil) {
        self.name = name
        self.service = service
        self.code = code
    }
}

extension DocumentRequest.Tracking {
    /// Tracking references; absent ones stay nil.
    public init(s10: String? = nil, sscc: String? = nil, waybill: String? = nil, billOfLading: String? = nil) {
        self.s10 = s10
        self.sscc = sscc
        self.waybill = waybill
        self.billOfLading = billOfLading
    }
}

extension DocumentRequest.Customs {
    /// Customs identifiers, all absent (set the ones a request has).
    public init() {}
}

extension DocumentRequest.Parcel {
    /// Gross weight and number of packages.
    public init(grossKg: Amount? = nil, packages: Int? = nil) {
        self.grossKg = grossKg
        self.packages = packages
    }
}

extension DocumentRequest.DangerousGoodsMark {
    /// A mark with its labels; the other facts start absent.
    public init(marks: [String]) {
        self.marks = marks
    }
}

extension DocumentRequest.Line {
    /// A line with the fields JSON requires; every optional field is nil.
    public init(sku: String, quantity: Amount, unitPrice: Amount) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

extension DocumentRequest.Battery {
    /// Battery facts, all absent (set the ones known).
    public init() {}
}

extension Amount {
    /// Parses decimal text as a request field, exactly as the JSON decoder reads a decimal string.
    /// - Parameter path: JSON path of the field (`$.lines[0].unit_price`), evaluated only when the text is invalid.
    /// - Throws: `DocumentError.invalidRequest` naming `path` and the text when it is malformed, has more than 4
    ///   decimals or more than 14 integer digits.
    public init(_ text: String, path: @autoclosure () -> String) throws(DocumentError) {
        guard let value = Amount(text) else {
            throw DocumentError(
                .invalidRequest, "document request is invalid",
                issues: [DocumentIssue(path: path(), message: Self.malformed(text))])
        }
        self = value
    }
}
