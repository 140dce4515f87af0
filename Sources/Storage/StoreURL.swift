public import WMSCore

/// Opens a store from a database address: `sqlite:PATH` (or a path ending in .sqlite/.db) or `postgres://…`.
public enum StoreURL {
    /// The embedded default.
    public static let defaultAddress = "sqlite:data/bonded.sqlite"

    /// Opens the store at `address`; throws a configuration error naming the address when it is not understood.
    public static func open(_ address: String) throws -> any Store {
        if address.hasPrefix("postgres://") || address.hasPrefix("postgresql://") {
            return try PostgresStore(url: address)
        }
        if address.hasPrefix("sqlite:") {
            let path = String(address.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw WMSError(.configuration, field: "database", value: address, "sqlite: needs a file path")
            }
            return try SQLiteStore(path: path)
        }
        if address.hasSuffix(".sqlite") || address.hasSuffix(".db") || address == ":memory:" {
            return try SQLiteStore(path: address)
        }
        throw WMSError(
            .configuration, field: "database", value: address,
            "use sqlite:PATH or postgres://user@host:port/database")
    }
}
