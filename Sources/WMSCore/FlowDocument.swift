/// The state of a warehouse flow (an ASN, a count, a transfer, a destruction) kept beside the ledger.
///
/// The ledger stays the record of stock; a flow document records what the ledger cannot: what was expected,
/// which holds are open, which locations a count froze, which evidence a destruction had. Writes are
/// optimistic: a document is saved only over the version it was read at.
public struct FlowDocument: Hashable, Sendable, Codable {
    public var warehouse: String
    /// The kind of flow: `asn`, `count`, `transfer`, `destruction`.
    public var kind: String
    public var id: String
    /// A short status the store can filter on (`open`, `closed`, `released`, …).
    public var status: String
    /// The flow's state as JSON.
    public var data: String
    /// 0 for a document not saved yet; the store returns it one higher after each save.
    public var version: Int

    public init(warehouse: String, kind: String, id: String, status: String, data: String, version: Int = 0) {
        self.warehouse = warehouse
        self.kind = kind
        self.id = id
        self.status = status
        self.data = data
        self.version = version
    }
}
