/// The kind of zone a location belongs to; putaway uses it to keep dangerous goods where they are allowed.
public enum ZoneKind: String, Hashable, Sendable, Codable, CaseIterable {
    case general
    case lithiumBatteries = "lithium-batteries"
    case flammables
    case oxidisers
    case quarantine
    case returns
    case bonded
    case dock
    /// Pack stations: picked units are moved here in the ledger (`PickService`) and ship from here.
    case packing

    /// Docks and pack stations hold goods on their way in or out, never as storage.
    public var isStaging: Bool { self == .dock || self == .packing }
}

/// A storage location (bin) inside a warehouse, with its place on the floor for pick routes.
public struct Location: Hashable, Sendable, Codable {
    public var warehouse: String
    /// Unique within the warehouse, e.g. `A-01-02-3`.
    public var code: String
    public var zone: String
    public var zoneKind: ZoneKind
    public var aisle: String
    public var bay: String
    public var level: String
    public var bin: String
    /// Position on the floor plan in millimetres (integer, so layouts compare exactly).
    public var xMillimetres: Int64
    public var yMillimetres: Int64

    public init(
        warehouse: String, code: String, zone: String, zoneKind: ZoneKind,
        aisle: String = "", bay: String = "", level: String = "", bin: String = "",
        xMillimetres: Int64 = 0, yMillimetres: Int64 = 0
    ) {
        self.warehouse = warehouse
        self.code = code
        self.zone = zone
        self.zoneKind = zoneKind
        self.aisle = aisle
        self.bay = bay
        self.level = level
        self.bin = bin
        self.xMillimetres = xMillimetres
        self.yMillimetres = yMillimetres
    }

    /// Checks every field; throws naming the first wrong one.
    public func validate() throws {
        try Validate.code(warehouse, field: "location.warehouse")
        try Validate.code(code, field: "location.code")
        try Validate.code(zone, field: "location.zone")
        try Validate.nonNegative(xMillimetres, field: "location.xMillimetres")
        try Validate.nonNegative(yMillimetres, field: "location.yMillimetres")
    }
}
