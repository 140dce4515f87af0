public import WMSCore

extension StoreURL {
    /// Opens the store at `address` with the service's persistence too (identity, audit, outbox).
    public static func openService(_ address: String) throws -> any Store & ServiceStore {
        switch try open(address) {
        case let store as SQLiteStore: return store
        case let store as PostgresStore: return store
        default: throw WMSError(.configuration, field: "database", value: address, "not a service store")
        }
    }
}
