/// Units at a staging location (a receiving dock or a pack station) that no open order is waiting for: what
/// receiving, cancelled picks and short-shipped orders left there, to be put away. Units an open order has staged
/// or been allocated at the location are claimed and not listed.
public struct StagedStock: Hashable, Sendable, Codable {
    public var location: String
    public var zoneKind: ZoneKind
    public var sku: String
    public var lot: String
    /// Available units at the location (the ledger's balance).
    public var onHand: Int64
    /// Units open orders have staged or been allocated at the location.
    public var claimed: Int64
    /// What to put away: `onHand - claimed`.
    public var unclaimed: Int64

    public init(
        location: String, zoneKind: ZoneKind, sku: String, lot: String, onHand: Int64, claimed: Int64, unclaimed: Int64
    ) {
        self.location = location
        self.zoneKind = zoneKind
        self.sku = sku
        self.lot = lot
        self.onHand = onHand
        self.claimed = claimed
        self.unclaimed = unclaimed
    }
}

extension OrderService {
    /// The put-away worklist of `warehouse`'s staging locations: every location/SKU/lot with available units that
    /// open orders do not claim, ordered by location, SKU and lot.
    public func unclaimedStaging(warehouse: String) async throws -> [StagedStock] {
        let staging = Dictionary(
            uniqueKeysWithValues: try await store.locations(warehouse: warehouse).filter(\.zoneKind.isStaging).map {
                ($0.code, $0.zoneKind)
            })
        guard !staging.isEmpty else { return [] }
        let held = try await store.balances(warehouse: warehouse, sku: nil).filter {
            $0.bucket == .available && staging[$0.location] != nil && $0.quantity > 0
        }
        guard !held.isEmpty else { return [] }
        let claims = try await StockView.claims(self, warehouse: warehouse, skus: Set(held.map(\.sku)))
        return held.compactMap { balance in
            let claimed = claims[StockView.Key(location: balance.location, sku: balance.sku, lot: balance.lot)] ?? 0
            guard balance.quantity > claimed else { return nil }
            return StagedStock(
                location: balance.location, zoneKind: staging[balance.location]!, sku: balance.sku, lot: balance.lot,
                onHand: balance.quantity, claimed: claimed, unclaimed: balance.quantity - claimed)
        }.sorted { ($0.location, $0.sku, $0.lot) < ($1.location, $1.sku, $1.lot) }
    }
}
