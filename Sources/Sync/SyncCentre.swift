internal import ComplianceEngine
internal import Crypto
internal import Foundation
public import Storage
internal import WMSCore

/// The centre's side of sync: applies pushed batches and answers pulls. The HTTP routes call it.
public struct SyncCentre: Sendable {
    /// Flow document kinds the centre sends to edges (orders allocated to the warehouse).
    public static let pulledKinds = ["order"]

    public let store: any ReplicaStore
    /// Where the centre's rule packs live; the files are sent to edges whose digest differs.
    public let rulesDirectory: String
    /// The rule files the centre assesses with, when they are not simply the directory's (the service sends the
    /// active pack versions, so what a compliance officer activated in the console reaches the edges).
    public let activeRules: (@Sendable () async throws -> [RuleFile])?

    public init(
        store: any ReplicaStore, rulesDirectory: String,
        activeRules: (@Sendable () async throws -> [RuleFile])? = nil
    ) {
        self.store = store
        self.rulesDirectory = rulesDirectory
        self.activeRules = activeRules
    }

    /// Applies one pushed batch (see `ReplicaStore.applyReplica`).
    public func push(_ envelope: SyncEnvelope, warehouse: String) async throws -> ReplicaOutcome {
        let batch = try envelope.unwrap(ReplicaBatch.self)
        guard batch.warehouse == warehouse else {
            throw ReplicaError(
                .wrongWarehouse, field: "warehouse", value: batch.warehouse, "the path names warehouse '\(warehouse)'")
        }
        return try await store.applyReplica(batch)
    }

    /// What the edge needs for `warehouse`: master data and rules unless its digests are current, and the orders
    /// saved since `sinceMilliseconds`.
    public func pull(warehouse code: String, sinceMilliseconds: Int64, masterDigest: String, rulesDigest: String)
        async throws -> PullResponse
    {
        guard let warehouse = try await store.warehouse(code) else {
            throw WMSError(.unknownWarehouse, field: "warehouse", value: code, "unknown warehouse '\(code)'")
        }
        var products: [Product] = []
        while true {
            let page = try await store.products(after: products.last?.sku ?? "", limit: 1_000)
            products += page
            if page.count < 1_000 { break }
        }
        let users = try await store.users().filter { $0.warehouses.contains(code) }
        let master = MasterData(
            warehouse: warehouse, locations: try await store.locations(warehouse: code), products: products,
            lots: try await store.allLots(), users: users)
        let currentMaster = Self.digest(Array(try SyncWire.encoder.encode(master)))
        // Sorted, so the digest only changes with the files.
        let files = try await (activeRules?() ?? Self.ruleFiles(rulesDirectory)).sorted { $0.path < $1.path }
        let currentRules = Self.digest(Array(try SyncWire.encoder.encode(files)))
        let orders = try await store.documentsChanged(
            warehouse: code, kinds: Self.pulledKinds, sinceMilliseconds: sinceMilliseconds)
        let cursor = orders.compactMap(\.updatedAtMilliseconds).max() ?? sinceMilliseconds
        return PullResponse(
            warehouse: code, masterDigest: currentMaster, master: currentMaster == masterDigest ? nil : master,
            orders: orders, cursorMilliseconds: cursor, rulesDigest: currentRules,
            rules: currentRules == rulesDigest ? nil : files, head: try await store.chainHead(warehouse: code))
    }

    static func ruleFiles(_ directory: String) throws -> [RuleFile] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return try RuleFiles.read(directory: base).map {
            RuleFile(
                path: $0.path.hasPrefix(base + "/") ? String($0.path.dropFirst(base.count + 1)) : $0.path, text: $0.text
            )
        }
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
