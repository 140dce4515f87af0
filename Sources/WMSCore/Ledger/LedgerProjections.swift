/// What a warehouse's projections hold at one instant, and the chain head they were built from: read in one
/// snapshot, so a verification running beside live writers compares like with like.
public struct LedgerProjections: Hashable, Sendable {
    /// The last entry the projections include; entries after it were committed later.
    public var head: ChainHead
    /// Non-zero balances, as `Store.balances(warehouse:sku: nil)` orders them.
    public var balances: [Balance]
    /// Every reservation of the warehouse, open or not.
    public var reservations: [Reservation]
    /// Available and reserved stock per SKU.
    public var stockLevels: [StockLevel]

    public init(head: ChainHead, balances: [Balance], reservations: [Reservation], stockLevels: [StockLevel]) {
        self.head = head
        self.balances = balances
        self.reservations = reservations
        self.stockLevels = stockLevels
    }
}
