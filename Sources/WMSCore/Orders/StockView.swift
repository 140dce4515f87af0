internal import Foundation

/// What one warehouse can still promise, by location and lot, as allocation sees it: available stock in pickable
/// locations (not quarantine, not frozen by an open count), in lots that have not expired, minus what orders have
/// already been allocated and not shipped. Also what is held back and why, for back-order reasons.
struct StockView {
    struct Key: Hashable {
        var location: String
        var sku: String
        var lot: String
    }

    /// Units held back from promising, by cause, per SKU.
    struct Blocked {
        var frozen: Int64 = 0
        var quarantined: Int64 = 0
        var expired: Int64 = 0
    }

    let warehouse: String
    private(set) var free: [Key: Int64] = [:]
    private(set) var expiry: [Key: String] = [:]
    private(set) var blocked: [String: Blocked] = [:]

    /// Loads the view for `skus` (every SKU when nil) with `claims` (allocated, unshipped units) taken off.
    static func load(
        _ store: any Store, warehouse: String, skus: Set<String>?, claims: [Key: Int64], today: String
    ) async throws -> StockView {
        var view = StockView(warehouse: warehouse)
        let zones = Dictionary(
            uniqueKeysWithValues: try await store.locations(warehouse: warehouse).map { ($0.code, $0.zoneKind) })
        var counts: [CountSheet] = []
        for document in try await store.documents(warehouse: warehouse, kind: CountSheet.kind, status: "open") {
            counts.append(try FlowCoding.decode(CountSheet.self, document))
        }
        var balances: [Balance] = []
        if let skus, skus.count <= 8 {
            for sku in skus.sorted() { balances += try await store.balances(warehouse: warehouse, sku: sku) }
        } else {
            balances = try await store.balances(warehouse: warehouse, sku: nil).filter {
                skus?.contains($0.sku) ?? true
            }
        }
        var lotExpiry: [String: String?] = [:]
        for balance in balances where balance.bucket != .inTransit {
            let key = Key(location: balance.location, sku: balance.sku, lot: balance.lot)
            var expires: String? = nil
            if !balance.lot.isEmpty {
                let lotKey = balance.sku + "\u{1F}" + balance.lot
                if let known = lotExpiry[lotKey] {
                    expires = known
                } else {
                    expires = try await store.lot(sku: balance.sku, lot: balance.lot)?.expiry
                    lotExpiry[lotKey] = expires
                }
            }
            let quarantine = zones[balance.location] == .quarantine
            let countFrozen = counts.contains { $0.covers(location: balance.location) }
            switch balance.bucket {
            case .available:
                if let expires, expires < today {
                    view.blocked[balance.sku, default: Blocked()].expired += balance.quantity
                } else if quarantine {
                    view.blocked[balance.sku, default: Blocked()].quarantined += balance.quantity
                } else if countFrozen {
                    view.blocked[balance.sku, default: Blocked()].frozen += balance.quantity
                } else {
                    view.free[key, default: 0] += balance.quantity
                    if let expires { view.expiry[key] = expires }
                }
            case .frozen:
                if quarantine {
                    view.blocked[balance.sku, default: Blocked()].quarantined += balance.quantity
                } else {
                    view.blocked[balance.sku, default: Blocked()].frozen += balance.quantity
                }
            case .defective:
                view.blocked[balance.sku, default: Blocked()].frozen += balance.quantity
            case .inTransit, .pendingDestruction:
                break
            }
        }
        for (key, quantity) in claims where view.free[key] != nil {
            view.free[key]! -= quantity
        }
        return view
    }

    /// Free units of `sku` in this warehouse.
    func freeUnits(_ sku: String) -> Int64 {
        free.filter { $0.key.sku == sku && $0.value > 0 }.reduce(0) { $0 + $1.value }
    }

    /// Where to take `quantity` of `sku` from, first-expiry-first-out: lots expiring first, then lots without
    /// expiry; then the location holding the most (fewer stops), then by code. Nil when there is not enough.
    func plan(_ sku: String, quantity: Int64) -> [(key: Key, quantity: Int64)]? {
        let options = free.filter { $0.key.sku == sku && $0.value > 0 }.sorted { a, b in
            let ea = expiry[a.key] ?? "9999-99-99"
            let eb = expiry[b.key] ?? "9999-99-99"
            return (ea, -a.value, a.key.location, a.key.lot) < (eb, -b.value, b.key.location, b.key.lot)
        }
        var left = quantity
        var taken: [(key: Key, quantity: Int64)] = []
        for (key, units) in options where left > 0 {
            let take = min(units, left)
            taken.append((key, take))
            left -= take
        }
        return left == 0 ? taken : nil
    }

    /// Marks planned units as taken.
    mutating func take(_ plan: [(key: Key, quantity: Int64)]) {
        for (key, quantity) in plan { free[key, default: 0] -= quantity }
    }

    /// Units allocated and not shipped, per location/SKU/lot, by the orders of `orders` in `warehouse` (only
    /// the fields needed are decoded: this runs on every allocation).
    static func claims(_ orders: OrderService, warehouse: String, skus: Set<String>?) async throws -> [Key: Int64] {
        struct Claim: Decodable {
            var warehouse: String?
            var allocations: [OrderAllocation]
        }
        // JSONEncoder writes "/" as "\/".
        func json(_ text: String) -> String { text.replacingOccurrences(of: "/", with: "\\/") }
        let marker = "\"warehouse\":\"\(json(warehouse))\""
        let skuMarkers = skus.map { $0.map { "\"sku\":\"\(json($0))\"" } }
        var claims: [Key: Int64] = [:]
        for status in OrderStatus.allCases where status.holdsStock {
            for document in try await orders.store.documents(
                warehouse: orders.desk, kind: OrderService.kind, status: status.rawValue)
            where document.data.contains(marker) && (skuMarkers?.contains { document.data.contains($0) } ?? true) {
                let claim = try FlowCoding.decode(Claim.self, document)
                guard claim.warehouse == warehouse else { continue }
                for allocation in claim.allocations {
                    // Units staged by picking are claimed at the pack station, the rest at the bin.
                    let staged = min(allocation.stagedUnits, allocation.quantity)
                    claims[Key(location: allocation.location, sku: allocation.sku, lot: allocation.lot), default: 0] +=
                        allocation.quantity - staged
                    if staged > 0, let station = allocation.stagedAt {
                        claims[Key(location: station, sku: allocation.sku, lot: allocation.lot), default: 0] += staged
                    }
                }
            }
        }
        return claims
    }
}
