internal import ComplianceEngine
internal import Foundation
public import Storage
internal import Synchronization
internal import WMSCore

/// How an edge's sync agent runs.
public struct SyncConfiguration: Sendable {
    /// This edge's name (recorded at the centre with conflicts).
    public var node: String
    /// The warehouses this edge is the single writer of.
    public var warehouses: [String]
    /// Ledger entries per pushed batch.
    public var batchSize: Int
    /// Pause between rounds when there was nothing to push.
    public var idleInterval: Duration
    /// Backoff after a failed round: `baseDelay` × 2^(failures − 1), capped at `maxDelay`, with seeded jitter.
    public var baseDelay: Double
    public var maxDelay: Double
    /// Seed of the backoff jitter (tests replay schedules).
    public var seed: UInt64

    public init(
        node: String, warehouses: [String], batchSize: Int = 1_000, idleInterval: Duration = .seconds(2),
        baseDelay: Double = 0.5, maxDelay: Double = 30, seed: UInt64 = 1
    ) {
        self.node = node
        self.warehouses = warehouses
        self.batchSize = batchSize
        self.idleInterval = idleInterval
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.seed = seed
    }
}

/// What one round did.
public struct SyncRoundReport: Sendable, Hashable {
    /// Entries the centre applied now.
    public var applied = 0
    /// Entries the centre already had (re-sent after a lost answer).
    public var skipped = 0
    public var batches = 0
    public var documentsPushed = 0
    public var documentsPulled = 0
    public var conflicts = 0
    public var rulesUpdated = false
    /// Users the centre no longer binds to a pulled warehouse, unbound here too.
    public var usersUnbound: [String] = []

    public init() {}
}

/// The edge's sync agent: for each of its warehouses, pulls what the edge needs, then pushes the ledger from the
/// centre's head to the edge's, in batches, until both heads are equal. Failures back off and retry; the
/// centre's idempotent apply turns at-least-once delivery into exactly-once effect.
public final class SyncAgent: Sendable {
    public let store: any ReplicaStore
    public let client: SyncClient
    public let configuration: SyncConfiguration
    /// Where pulled rule packs are written and activated (nil: rules are not pulled).
    let rules: RuleMirror?
    /// Digest of the reservations last pushed per warehouse, so an idle round pushes nothing.
    private let pushedReservations = Mutex<[String: Int]>([:])

    public init(store: any ReplicaStore, client: SyncClient, configuration: SyncConfiguration, rules: RuleMirror?) {
        self.store = store
        self.client = client
        self.configuration = configuration
        self.rules = rules
    }

    /// Syncs until the task is cancelled.
    public func run() async {
        var failures = 0
        var backoff = Backoff(seed: configuration.seed)
        while !Task.isCancelled {
            do {
                let report = try await round()
                failures = 0
                if report.batches == 0 { try? await Task.sleep(for: configuration.idleInterval) }
            } catch {
                failures += 1
                let delay = backoff.delay(
                    failures: failures, base: configuration.baseDelay, maximum: configuration.maxDelay)
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
    }

    /// One round over every warehouse; throws the first failure after trying them all.
    @discardableResult
    public func round() async throws -> SyncRoundReport {
        var report = SyncRoundReport()
        var failure: (any Error)?
        for warehouse in configuration.warehouses {
            do {
                try await sync(warehouse, into: &report)
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return report
    }

    private func sync(_ warehouse: String, into report: inout SyncRoundReport) async throws {
        var state = try await store.syncState(warehouse: warehouse)
        state.lastAttemptMilliseconds = Self.now()
        try await store.saveSyncState(state)
        do {
            try await pull(warehouse, into: &report)
            try await push(warehouse, into: &report)
            state = try await store.syncState(warehouse: warehouse)
            state.lastSuccessMilliseconds = Self.now()
            state.lastError = nil
            try await store.saveSyncState(state)
        } catch {
            state = try await store.syncState(warehouse: warehouse)
            state.lastError = "\(error)"
            try? await store.saveSyncState(state)
            throw error
        }
    }

    private func push(_ warehouse: String, into report: inout SyncRoundReport) async throws {
        let centre = try await client.head(warehouse: warehouse)
        let local = try await store.chainHead(warehouse: warehouse)
        guard centre.sequence <= local.sequence else {
            throw SyncError(
                .diverged,
                "the centre holds \(centre.sequence) entries of '\(warehouse)', this edge only \(local.sequence): "
                    + "another writer appended at the centre")
        }
        var after = centre.sequence
        // Pipelined: while the centre applies one batch, the next is read, encoded and compressed here. The
        // prefetched batch is used only if the centre's answer ends exactly where the batch in flight ended.
        var prefetched: Task<(ReplicaBatch, SyncEnvelope), any Error>?
        defer { prefetched?.cancel() }
        while true {
            let prepared: (ReplicaBatch, SyncEnvelope)
            if let next = prefetched {
                prefetched = nil
                prepared = try await next.value
            } else {
                prepared = try await prepare(warehouse, after: after)
            }
            let (batch, envelope) = prepared
            let reservations = batch.reservations.map { $0.hashValue }
            if batch.entries.isEmpty, batch.documents.isEmpty,
                reservations == pushedReservations.withLock({ $0[warehouse] })
            {
                if centre.sequence == local.sequence {
                    var state = try await store.syncState(warehouse: warehouse)
                    if state.ackedSequence != centre.sequence {
                        state.ackedSequence = centre.sequence
                        state.ackedHash = centre.hash
                        try await store.saveSyncState(state)
                    }
                }
                return
            }
            let expected = batch.entries.last?.sequence ?? after
            if !batch.reachesHead {
                prefetched = Task { try await self.prepare(warehouse, after: expected) }
            }
            let outcome = try await client.push(envelope, warehouse: warehouse)
            report.batches += 1
            if outcome.gap {
                guard outcome.head.sequence < after else {
                    throw SyncError(.refused, "the centre reported a gap at its own head \(outcome.head.sequence)")
                }
                after = outcome.head.sequence
                prefetched?.cancel()
                prefetched = nil
                continue
            }
            try await store.recordPushed(warehouse: warehouse, outcome: outcome)
            report.applied += outcome.applied
            report.skipped += outcome.skipped
            report.documentsPushed += outcome.documents.count
            report.conflicts += outcome.conflicts.count
            after = outcome.head.sequence
            if after != expected {
                prefetched?.cancel()
                prefetched = nil
            }
            if batch.reachesHead {
                pushedReservations.withLock { $0[warehouse] = reservations }
                return
            }
        }
    }

    /// The next outgoing batch after `sequence`, with its compressed envelope.
    private func prepare(_ warehouse: String, after sequence: Int64) async throws -> (ReplicaBatch, SyncEnvelope) {
        let batch = try await store.outgoingBatch(
            warehouse: warehouse, node: configuration.node, after: sequence, limit: configuration.batchSize)
        return (batch, try SyncEnvelope.wrap(batch))
    }

    private func pull(_ warehouse: String, into report: inout SyncRoundReport) async throws {
        var state = try await store.syncState(warehouse: warehouse)
        let response = try await client.pull(warehouse: warehouse, state: state)
        if let master = response.master {
            try await store.save(master.warehouse)
            for location in master.locations { try await store.save(location) }
            for product in master.products { try await store.save(product) }
            for lot in master.lots { try await store.save(lot) }
            for user in master.users { try await store.save(user) }
            // The centre decides who is bound to this warehouse: a bound user it no longer lists (unbound, or
            // turned into another role there) loses the warehouse here too, so they cannot sign in at the edge and
            // keep working on it.
            let listed = Set(master.users.map(\.username))
            for var user in try await store.users()
            where user.role.isWarehouseBound && user.warehouses.contains(warehouse) && !listed.contains(user.username) {
                user.warehouses.removeAll { $0 == warehouse }
                try await store.save(user)
                report.usersUnbound.append(user.username)
            }
        }
        report.documentsPulled += try await store.applyPulled(warehouse: warehouse, documents: response.orders)
        var rulesDigest = state.rulesDigest
        if let files = response.rules, let rules {
            if try rules.activate(files) {
                rulesDigest = response.rulesDigest
                report.rulesUpdated = true
            }
        } else if response.rules == nil {
            rulesDigest = response.rulesDigest
        }
        state = try await store.syncState(warehouse: warehouse)
        state.pullCursorMilliseconds = response.cursorMilliseconds
        state.masterDigest = response.masterDigest
        state.rulesDigest = rulesDigest
        state.lastPullMilliseconds = Self.now()
        try await store.saveSyncState(state)
    }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}

/// Exponential backoff with seeded jitter (between half and all of the delay).
public struct Backoff: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Seconds to wait after `failures` consecutive failures.
    public mutating func delay(failures: Int, base: Double, maximum: Double) -> Double {
        let exponential = min(maximum, base * Double(1 << min(max(failures - 1, 0), 20)))
        return exponential * (0.5 + 0.5 * next())
    }

    /// SplitMix64 in [0, 1).
    private mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
