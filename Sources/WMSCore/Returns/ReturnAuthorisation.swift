public import Foundation

/// One authorised line of a return: what may come back, why, and how far it got.
public struct ReturnLine: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    /// Units authorised to come back.
    public var authorised: Int64
    /// The customer's reason.
    public var reason: ReturnReason
    public var unitPrice: Decimal
    public var currency: String
    /// Units scanned in.
    public var received: Int64 = 0
    /// Units graded, by grade (`A` … `D`).
    public var graded: [String: Int64] = [:]
    /// Units restocked, by grade.
    public var restocked: [String: Int64] = [:]

    public var gradedTotal: Int64 { graded.values.reduce(0, +) }
    public var restockedTotal: Int64 { restocked.values.reduce(0, +) }
    /// Units received and not graded yet.
    public var awaitingGrade: Int64 { received - gradedTotal }
}

/// An inspection result: units of a line given a grade, with the reason the inspector recorded.
public struct ReturnGrading: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    public var grade: ReturnGrade
    /// The customer's reason unless the inspector found another.
    public var reason: ReturnReason
    public var quantity: Int64
    public var gradedAt: Date
    public var inspector: String
    public var note: String
}

/// What a new label says, as far as the marking rules care.
public struct LabelContent: Hashable, Sendable, Codable {
    /// The new label's code (barcode text).
    public var code: String
    /// Languages of the label's text (ISO 639-1: `de`, `fr`, `en`, …).
    public var languages: [String]
    /// The country of origin the label states ("Made in …"), if it states one.
    public var originCountry: String?
    /// Type, batch or serial number printed on the label (GPSR art. 9(5)).
    public var productIdentifier: String?
    /// Manufacturer's name and postal or electronic address (GPSR art. 9(6)).
    public var manufacturer: String?
    /// The EU responsible economic operator named on the label (GPSR art. 4, 16).
    public var responsiblePerson: String?

    public init(
        code: String, languages: [String], originCountry: String? = nil, productIdentifier: String? = nil,
        manufacturer: String? = nil, responsiblePerson: String? = nil
    ) {
        self.code = code
        self.languages = languages
        self.originCountry = originCountry
        self.productIdentifier = productIdentifier
        self.manufacturer = manufacturer
        self.responsiblePerson = responsiblePerson
    }
}

/// A relabel: the old label's code, the new label, and the markings the rules required when it was checked.
public struct RelabelRecord: Hashable, Sendable, Codable {
    public var oldLabel: String
    public var newLabel: LabelContent
    public var sku: String
    public var lot: String
    public var quantity: Int64
    /// The country the relabelled goods are to be sold to (the marking rules of that country apply).
    public var destination: String
    /// Marking codes the rules required (`MARK-ORIGIN`, `LABEL-LANG-DE`, `GPSR-PRODUCT-ID`, …), all met.
    public var requiredMarkings: [String]
    public var relabelledAt: Date
    public var actor: String
}

/// A return merchandise authorisation (RMA) and its progress: authorised → receiving (scans) → graded →
/// restocked (closed). Stored as a flow document of kind `rma`.
public struct ReturnAuthorisation: FlowState, Hashable {
    static let kind = "rma"
    public var id: String
    public var warehouse: String
    public var orderID: String
    public var channel: String
    /// Where the order was delivered (and the return comes from).
    public var destinationCountry: String
    /// The returns location stock is received into.
    public var returnsLocation: String
    /// Tracking number of the return parcel, when known: scanning it finds the RMA.
    public var parcel: String?
    public var authorisedAt: Date
    public var lines: [ReturnLine]
    public var gradings: [ReturnGrading] = []
    public var relabels: [RelabelRecord] = []
    var operations: [String: FlowOperation] = [:]

    /// `authorised` (nothing received), `receiving`, or `closed` (every authorised unit received and restocked).
    public var status: String {
        let received = lines.reduce(Int64(0)) { $0 + $1.received }
        if received == 0 { return "authorised" }
        let done = lines.allSatisfy { $0.received == $0.authorised && $0.restockedTotal == $0.authorised }
        return done ? "closed" : "receiving"
    }

    /// The index of the line for `sku` and `lot`; an empty lot matches the SKU's only line.
    func lineIndex(sku: String, lot: String) -> Int? {
        if let exact = lines.firstIndex(where: { $0.sku == sku && $0.lot == lot }) { return exact }
        guard lot.isEmpty else { return nil }
        let candidates = lines.indices.filter { lines[$0].sku == sku }
        return candidates.count == 1 ? candidates[0] : nil
    }
}
