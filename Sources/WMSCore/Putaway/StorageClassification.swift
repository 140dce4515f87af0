/// How the dangerous-goods rules classify a SKU for storage: UN number, class, the storage zone and which zone
/// kinds of this warehouse may hold it, what it must be segregated from, and why (rule and cited source).
public struct StorageClassification: Hashable, Sendable, Codable {
    public var sku: String
    public var unNumber: String?
    public var dgClass: String?
    /// The storage zone the rules name (`lithium-class-9`, `flammables-class-3`, …); nil for general goods.
    public var storageZone: String?
    /// IMDG segregation as `code:class` (`2:5.1` = separated from class 5.1).
    public var segregation: [String]
    /// Zone kinds the item may be stored in; only `quarantine` when `quarantineReason` is set.
    public var allowedZones: [ZoneKind]
    /// Why the item must go to quarantine (data the rules need is missing, an unknown UN number, …).
    public var quarantineReason: String?
    /// The rule that decided the zone (`pack.rule`) and the source it cites.
    public var rule: String
    public var source: String

    /// The segregation code required between this item and `other` (0 when they may be stored together).
    public func segregationCode(with other: StorageClassification) -> Int {
        guard let mine = dgClass, let theirs = other.dgClass else { return 0 }
        var code = 0
        for entry in segregation {
            let parts = entry.split(separator: ":")
            if parts.count == 2, String(parts[1]) == theirs, let value = Int(parts[0]) { code = max(code, value) }
        }
        for entry in other.segregation {
            let parts = entry.split(separator: ":")
            if parts.count == 2, String(parts[1]) == mine, let value = Int(parts[0]) { code = max(code, value) }
        }
        return code
    }
}

/// Which zone kinds a storage zone of the rules maps to in a warehouse, and how far apart segregated classes
/// must be (IMDG codes 1 "away from", 2 "separated from", 3/4 compartments), in millimetres on the floor plan.
public struct ZonePolicy: Hashable, Sendable {
    public var zones: [String: [ZoneKind]]
    public var generalGoods: [ZoneKind]
    public var separationMillimetres: [Int: Int64]

    public init(zones: [String: [ZoneKind]], generalGoods: [ZoneKind], separationMillimetres: [Int: Int64]) {
        self.zones = zones
        self.generalGoods = generalGoods
        self.separationMillimetres = separationMillimetres
    }

    /// The default: lithium batteries in their own zone, class 3 and flammable aerosols with flammables,
    /// oxidisers apart; 3 m, 6 m, 12 m and 24 m for codes 1–4.
    public static let standard = ZonePolicy(
        zones: [
            "lithium-class-9": [.lithiumBatteries], "flammables-class-3": [.flammables],
            "gases-class-2": [.flammables], "oxidisers-class-5.1": [.oxidisers], "general-class-9": [.general],
        ],
        generalGoods: [.general],
        separationMillimetres: [1: 3_000, 2: 6_000, 3: 12_000, 4: 24_000])
}
