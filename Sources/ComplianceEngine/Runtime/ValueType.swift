/// Static type of an expression, used by the checker.
indirect enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case bool
    case number
    case percent
    case money
    case quantity(Dimension)
    case text(TextKind)
    case date
    case list(ValueType)
    case record(String)  // a fact record: shipment, line, seller, battery
    case row(Int)  // the record returned by a multi-output table (table index)
    case unknown  // after an error: suppresses cascades

    enum TextKind: Sendable, Equatable {
        case plain
        case country
        case currency
        case hs
        case enumeration(String, [String])
    }

    static let text = ValueType.text(.plain)

    var isTextual: Bool {
        if case .text = self { return true }
        return false
    }

    var description: String {
        switch self {
        case .bool: "Bool"
        case .number: "Number"
        case .percent: "Percent"
        case .money: "Money"
        case .quantity(let d): d.rawValue
        case .text(.plain): "Text"
        case .text(.country): "Country"
        case .text(.currency): "Currency"
        case .text(.hs): "HS"
        case .text(.enumeration(let name, _)): name
        case .date: "Date"
        case .list(let element): "List of \(element)"
        case .record(let name): name
        case .row: "table row"
        case .unknown: "unknown"
        }
    }

    /// Whether values of the two types may be compared or mixed.
    func compatible(with other: ValueType) -> Bool {
        if self == .unknown || other == .unknown { return true }
        if isTextual && other.isTextual { return true }
        if case .list(let a) = self, case .list(let b) = other { return a.compatible(with: b) }
        return self == other
    }

    /// Type from a name written in a declaration.
    static func named(_ name: String) -> ValueType? {
        switch name {
        case "Bool": .bool
        case "Number", "Integer", "Decimal": .number
        case "Percent": .percent
        case "Money": .money
        case "Text": .text
        case "Country": .text(.country)
        case "Currency": .text(.currency)
        case "HS": .text(.hs)
        case "Date": .date
        case "Energy": .quantity(.energy)
        case "Mass": .quantity(.mass)
        case "Volume": .quantity(.volume)
        case "Length": .quantity(.length)
        default: nil
        }
    }

    static let declarableNames = [
        "Bool", "Number", "Integer", "Decimal", "Percent", "Money", "Text", "Country", "Currency", "HS", "Date", "Energy",
        "Mass", "Volume", "Length",
    ]
}
