/// The declared fact schema: every field a rule may read, with its type and how to read it.
enum FactSchema {
    struct Field: Sendable {
        var type: ValueType
        var lineScoped: Bool
        var read: Eval
    }

    static func text(_ value: String?) -> Value { value.map(Value.text) ?? .absent }
    static func num(_ value: Fixed?) -> Value { value.map(Value.number) ?? .absent }
    static func qty(_ value: Fixed?, _ dimension: Dimension, factor: Fixed = .one) -> Value {
        guard let value, let scaled = value.multiplied(by: factor) else { return .absent }
        return .quantity(scaled, dimension)
    }

    static let saleType = ValueType.text(.enumeration("Sale", RequestEnums.sale))
    static let transportType = ValueType.text(.enumeration("Transport", RequestEnums.transport))
    static let aircraftType = ValueType.text(.enumeration("Aircraft", RequestEnums.aircraft))
    static let chemistryType = ValueType.text(.enumeration("Chemistry", RequestEnums.chemistry))
    static let packingType = ValueType.text(.enumeration("Packing", RequestEnums.packing))
    static let sizeType = ValueType.text(.enumeration("CompanySize", RequestEnums.size))

    /// Fields by record name.
    static let records: [String: [String: Field]] = [
        "shipment": [
            "id": Field(type: .text, lineScoped: false) { .text($0.request.pointee.id) },
            "date": Field(type: .date, lineScoped: false) { .date($0.request.pointee.date) },
            "sale": Field(type: saleType, lineScoped: false) { .text($0.request.pointee.sale) },
            "marketplace": Field(type: .bool, lineScoped: false) { .bool($0.request.pointee.marketplace) },
            "gift": Field(type: .bool, lineScoped: false) { .bool($0.request.pointee.gift) },
            "from": Field(type: .text(.country), lineScoped: false) { .text($0.request.pointee.from) },
            "to": Field(type: .text(.country), lineScoped: false) { .text($0.request.pointee.to) },
            "transport": Field(type: transportType, lineScoped: false) { .text($0.request.pointee.transport) },
            "aircraft": Field(type: aircraftType, lineScoped: false) { text($0.request.pointee.aircraft) },
            "currency": Field(type: .text(.currency), lineScoped: false) { .text($0.request.pointee.currency) },
            "shipping": Field(type: .money, lineScoped: false) { .money($0.request.pointee.shipping, $0.request.pointee.currency) },
            "insurance": Field(type: .money, lineScoped: false) { .money($0.request.pointee.insurance, $0.request.pointee.currency) },
            "intrinsic": Field(type: .money, lineScoped: false) { .money($0.facts.intrinsic, $0.request.pointee.currency) },
            "items": Field(type: .number, lineScoped: false) { .number(Fixed($0.facts.items) ?? .zero) },
            "line_count": Field(type: .number, lineScoped: false) { .number(Fixed($0.request.pointee.lines.count) ?? .zero) },
            "any_excise": Field(type: .bool, lineScoped: false) { .bool($0.facts.anyExcise) },
            "net_mass": Field(type: .quantity(.mass), lineScoped: false) { qty($0.facts.netMass, .mass, factor: Fixed(raw: 1_000_000_000)) },
            "seller": Field(type: .record("seller"), lineScoped: false) { _ in .absent },
        ],
        "seller": [
            "country": Field(type: .text(.country), lineScoped: false) { text($0.request.pointee.seller?.country) },
            "ioss": Field(type: .text, lineScoped: false) { text($0.request.pointee.seller?.ioss) },
            "vat": Field(type: .text, lineScoped: false) { text($0.request.pointee.seller?.vat) },
            "eori": Field(type: .text, lineScoped: false) { text($0.request.pointee.seller?.eori) },
            "size": Field(type: sizeType, lineScoped: false) { text($0.request.pointee.seller?.size) },
        ],
        "line": [
            "sku": Field(type: .text, lineScoped: true) { .text($0.line.sku) },
            "description": Field(type: .text, lineScoped: true) { text($0.line.description) },
            "hs": Field(type: .text(.hs), lineScoped: true) { .text($0.line.hs) },
            "hs6": Field(type: .text(.hs), lineScoped: true) { .text($0.facts.hs6($0.lineIndex)) },
            "origin": Field(type: .text(.country), lineScoped: true) { .text($0.line.origin) },
            "category": Field(type: .text, lineScoped: true) { text($0.line.category) },
            "quantity": Field(type: .number, lineScoped: true) { .number($0.line.quantity) },
            "unit_price": Field(type: .money, lineScoped: true) { .money($0.line.unitPrice, $0.request.pointee.currency) },
            "value": Field(type: .money, lineScoped: true) { .money($0.facts.amounts[$0.lineIndex].value, $0.request.pointee.currency) },
            "shipping_share": Field(type: .money, lineScoped: true) {
                .money($0.facts.amounts[$0.lineIndex].shippingShare, $0.request.pointee.currency)
            },
            "insurance_share": Field(type: .money, lineScoped: true) {
                .money($0.facts.amounts[$0.lineIndex].insuranceShare, $0.request.pointee.currency)
            },
            "net_kg": Field(type: .quantity(.mass), lineScoped: true) { qty($0.line.netKg, .mass, factor: Fixed(raw: 1_000_000_000)) },
            "volume": Field(type: .quantity(.volume), lineScoped: true) { qty($0.line.volumeML, .volume) },
            "excise": Field(type: .bool, lineScoped: true) { .bool($0.line.excise) },
            "un_number": Field(type: .text, lineScoped: true) { text($0.line.unNumber) },
            "manufacturer_country": Field(type: .text(.country), lineScoped: true) { text($0.line.manufacturerCountry) },
            "eu_responsible_person": Field(type: .text, lineScoped: true) { text($0.line.euResponsiblePerson) },
            "battery": Field(type: .record("battery"), lineScoped: true) { _ in .absent },
        ],
        "battery": [
            "present": Field(type: .bool, lineScoped: true) { .bool($0.line.battery != nil) },
            "chemistry": Field(type: chemistryType, lineScoped: true) { text($0.line.battery?.chemistry) },
            "packing": Field(type: packingType, lineScoped: true) { text($0.line.battery?.packing) },
            "wh": Field(type: .quantity(.energy), lineScoped: true) { qty($0.facts.wh($0.lineIndex), .energy) },
            "lithium_g": Field(type: .quantity(.mass), lineScoped: true) { qty($0.line.battery?.lithiumG, .mass) },
            "soc": Field(type: .percent, lineScoped: true) {
                guard let soc = $0.line.battery?.socPercent, let fraction = soc.divided(by: Fixed(raw: 100_000_000)) else { return .absent }
                return .percent(fraction)
            },
        ],
    ]

    /// Explanations print these paths.
    static func describe(_ record: String) -> String { record }
}
