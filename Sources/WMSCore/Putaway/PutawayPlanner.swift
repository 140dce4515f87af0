/// Whether an item may be stored at a location: allowed, or refused with the rule and source behind it.
public enum PlacementVerdict: Hashable, Sendable {
    case allowed
    case fails(reason: String, rule: String, source: String)
}

/// The warehouse as putaway sees it: locations, what each holds, and the storage classes nearby. Built once per
/// putaway from balances, then updated in memory as placements are planned.
public struct PutawayPlanner: Sendable {
    public let locations: [Location]
    /// Units a location can hold.
    public var capacityUnits: Int64
    public let policy: ZonePolicy
    private var occupancy: [String: Int64] = [:]
    /// Distinct classified items per location (only dangerous goods matter for segregation).
    private var hazards: [String: [StorageClassification]] = [:]
    /// Locations holding each SKU/lot, for consolidation.
    private var holding: [SKULot: [String]] = [:]
    private var byCode: [String: Location] = [:]
    /// For each location, the others within the largest separation distance.
    private var neighbours: [String: [(code: String, distance: Int64)]] = [:]

    /// - Parameters:
    ///   - stock: the warehouse's balances (in-transit ones are ignored).
    ///   - classify: the classification of a SKU in `stock`.
    public init(
        locations: [Location], stock: [Balance], capacityUnits: Int64, policy: ZonePolicy,
        classify: (String) -> StorageClassification?
    ) {
        self.locations = locations.sorted { $0.code < $1.code }
        self.capacityUnits = capacityUnits
        self.policy = policy
        for location in locations { byCode[location.code] = location }
        let reach = policy.separationMillimetres.values.max() ?? 0
        let placed = self.locations
        for a in placed {
            var near: [(String, Int64)] = []
            for b in placed where b.code != a.code {
                let dx = a.xMillimetres - b.xMillimetres
                let dy = a.yMillimetres - b.yMillimetres
                let squared = dx * dx + dy * dy
                if squared < reach * reach { near.append((b.code, Int64(Double(squared).squareRoot()))) }
            }
            neighbours[a.code] = near
        }
        for balance in stock where balance.bucket != .inTransit && !balance.location.isEmpty {
            record(
                sku: balance.sku, lot: balance.lot, quantity: balance.quantity, at: balance.location,
                classify(balance.sku))
        }
    }

    /// Units at `location`.
    public func units(at location: String) -> Int64 { occupancy[location] ?? 0 }

    mutating func record(
        sku: String, lot: String, quantity: Int64, at location: String, _ classification: StorageClassification?
    ) {
        occupancy[location, default: 0] += quantity
        let item = SKULot(sku: sku, lot: lot)
        if !(holding[item]?.contains(location) ?? false) { holding[item, default: []].append(location) }
        if let classification, classification.dgClass != nil,
            !(hazards[location]?.contains { $0.sku == classification.sku } ?? false)
        {
            hazards[location, default: []].append(classification)
        }
    }

    /// Whether `classification` may be stored at `code`: zone kind, quarantine, segregation from what is nearby.
    public func check(_ classification: StorageClassification, at code: String) -> PlacementVerdict {
        guard let location = byCode[code] else {
            return .fails(reason: "unknown location \(code)", rule: "putaway.location", source: "warehouse layout")
        }
        guard classification.allowedZones.contains(location.zoneKind) else {
            let what =
                classification.quarantineReason.map { "must go to quarantine (\($0))" }
                ?? "\(classification.unNumber.map { "\($0) " } ?? "")class \(classification.dgClass ?? "none") belongs in \(classification.allowedZones.map(\.rawValue).joined(separator: " or ")) (storage zone \(classification.storageZone ?? "general"))"
            return .fails(
                reason: "\(classification.sku) \(what), not in \(location.zoneKind.rawValue) location \(code)",
                rule: classification.rule, source: classification.source)
        }
        guard classification.dgClass != nil else { return .allowed }
        let nearby = [(code, Int64(0))] + (neighbours[code] ?? []).map { ($0.code, $0.distance) }
        for (other, distance) in nearby {
            for resident in hazards[other] ?? [] where resident.sku != classification.sku {
                let segregation = classification.segregationCode(with: resident)
                guard segregation > 0 else { continue }
                let needed = policy.separationMillimetres[segregation] ?? Int64.max
                if distance < needed {
                    return .fails(
                        reason:
                            "class \(classification.dgClass ?? "?") (\(classification.sku)) must be kept \(needed / 1000) m from class \(resident.dgClass ?? "?") (\(resident.sku) at \(other), \(distance / 1000) m away; IMDG segregation code \(segregation))",
                        rule: "dangerous-goods.segregation", source: classification.source)
                }
            }
        }
        return .allowed
    }

    /// The location to put `quantity` of an item: one already holding the same SKU/lot with room, else the first
    /// allowed location with room, in location order. Nil when none fits.
    public func suggest(
        _ classification: StorageClassification, lot: String, quantity: Int64, preferring bucketZone: ZoneKind? = nil
    )
        -> Location?
    {
        let item = SKULot(sku: classification.sku, lot: lot)
        for code in holding[item] ?? [] {
            guard let location = byCode[code], units(at: code) + quantity <= capacityUnits,
                !location.zoneKind.isStaging, check(classification, at: code) == .allowed
            else { continue }
            return location
        }
        for location in locations where !location.zoneKind.isStaging {
            if let bucketZone, location.zoneKind != bucketZone { continue }
            guard units(at: location.code) + quantity <= capacityUnits,
                check(classification, at: location.code) == .allowed
            else { continue }
            return location
        }
        return nil
    }

    /// Records a planned placement.
    public mutating func place(_ classification: StorageClassification, lot: String, quantity: Int64, at code: String) {
        record(sku: classification.sku, lot: lot, quantity: quantity, at: code, classification)
    }

    /// Records stock leaving a location (a move planned elsewhere).
    public mutating func remove(quantity: Int64, from code: String) {
        occupancy[code, default: 0] -= quantity
    }
}
