import ComplianceEngine
public import WMSCore

/// One warning about a SKU in a warehouse (and lot, for expiry): level, stable code, the measured value, the policy
/// row that set the level and a message.
public struct StockWarning: Hashable, Sendable {
    public var level: WarningLevel
    public var check: PolicyCheck
    public var code: String
    public var sku: String
    public var warehouse: String
    public var lot: String?
    public var bucket: Bucket?
    /// The measured figure (days, ratio) the band was looked up with.
    public var value: Double
    /// `inventory-policy.table[row]`.
    public var rule: String
    public var message: String
}

/// Raises the three-level warnings for a stock snapshot: safety stock, expiry bands, FEFO breaches, days of
/// cover, days since the last sale, stock age and stock stuck in frozen, defective or pending destruction.
/// Every threshold comes from the policy pack.
public struct StockWarningService: Sendable {
    public let policy: InventoryPolicy
    /// Breaches older than this many days are no longer reported.
    public var breachLookbackDays: Int32 = 90

    public init(policy: InventoryPolicy) { self.policy = policy }

    /// The warnings of one SKU × warehouse; `dailyDemand` is the forecast mean per day, `safetyStock` the planned
    /// safety stock (units).
    public func warnings(for stock: SKUStock, dailyDemand: Double, safetyStock: Double) -> [StockWarning] {
        let today = policy.day
        var result: [StockWarning] = []
        func add(_ check: PolicyCheck, _ value: Double, bucket: Bucket? = nil, lot: String? = nil, _ message: String) {
            let tableBucket = check == .stuckStock ? bucket?.rawValue : nil
            guard let band = policy.band(check, value: value, bucket: tableBucket), let level = band.level else {
                return
            }
            result.append(
                StockWarning(level: level, check: check, code: band.code, sku: stock.sku, warehouse: stock.warehouse,
                             lot: lot, bucket: bucket, value: value, rule: band.rule, message: message))
        }
        let available = Double(stock.quantity(.available))
        let atp = Double(stock.availableToPromise)
        if dailyDemand > 0, safetyStock > 0 {
            add(.safetyStock, atp / safetyStock,
                "available to promise \(Int(atp)) against safety stock \(Int(safetyStock.rounded(.up)))")
        }
        for (lot, info) in stock.lots.sorted(by: { $0.key < $1.key }) where info.quantity > 0 {
            guard let expiry = info.expiry else { continue }
            let days = Double(expiry.ordinal - today.ordinal)
            add(.expiry, days, lot: lot, "\(info.quantity) units of lot \(lot) expire on \(expiry) (\(Int(days)) days)")
        }
        for breach in stock.breaches where breach.day.ordinal >= today.ordinal - breachLookbackDays {
            let daysLeft = Double(breach.skippedExpiry.ordinal - breach.day.ordinal)
            add(.fefoBreach, daysLeft, lot: breach.shippedLot,
                "on \(breach.day) lot \(breach.shippedLot) shipped while lot \(breach.skippedLot) (expiring \(breach.skippedExpiry)) was available")
        }
        if available > 0 {
            let cover = dailyDemand > 0 ? available / dailyDemand : 9_999
            add(.daysOfCover, cover, "\(Int(available)) units cover \(cover >= 9_999 ? "no forecast demand" : "\(Int(cover)) days")")
            let since = stock.lastSale ?? stock.oldest(.available)
            if let since {
                let days = Double(today.ordinal - since.ordinal)
                add(.daysSinceSale, days, stock.lastSale == nil ? "never sold since arrival \(Int(days)) days ago"
                    : "last sold \(Int(days)) days ago")
            }
            if let oldest = stock.oldest(.available) {
                let age = Double(today.ordinal - oldest.ordinal)
                add(.stockAge, age, bucket: .available, "oldest available units arrived \(Int(age)) days ago")
            }
        }
        for bucket in [Bucket.frozen, .defective, .pendingDestruction] where stock.quantity(bucket) > 0 {
            guard let oldest = stock.oldest(bucket) else { continue }
            let days = Double(today.ordinal - oldest.ordinal)
            add(.stuckStock, days, bucket: bucket,
                "\(stock.quantity(bucket)) units in \(bucket.rawValue) for up to \(Int(days)) days")
        }
        return result.sorted { ($1.level, $0.code) < ($0.level, $1.code) }
    }

    /// The age bucket (policy code such as `AGE-91-180`) of a SKU's oldest available stock.
    public func ageBucket(for stock: SKUStock) -> String? {
        guard let oldest = stock.oldest(.available) else { return nil }
        return policy.band(.stockAge, value: Double(policy.day.ordinal - oldest.ordinal))?.code
    }
}
