import BondedTesting
import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// The centre's apply of pushed batches, with an SQLite edge and each backend as the centre.
@Suite("Replica apply")
struct ReplicaApplyTests {
    static let warehouse = "DE-EDGE1"

    /// An edge (SQLite) and a centre on `backend`, both with the master data, and `operations` done at the edge.
    static func withPair(
        _ backend: TestBackend, operations: Int, seed: UInt64 = 7,
        _ body: (any ReplicaStore, any ReplicaStore, SyncFixture.Operator) async throws -> Void
    ) async throws {
        try await withTestStore(.sqlite) { edgeTest in
            try await withTestStore(backend) { centreTest in
                let edge = try #require(edgeTest.store as? any ReplicaStore)
                let centre = try #require(centreTest.store as? any ReplicaStore)
                try await SyncFixture.seedMaster(edge, warehouse: warehouse)
                try await SyncFixture.seedMaster(centre, warehouse: warehouse)
                var worker = SyncFixture.Operator(warehouse: warehouse, seed: seed)
                for _ in 0..<operations { try await worker.act(on: edge) }
                try await body(edge, centre, worker)
            }
        }
    }

    /// Pushes through the wire format, as the agent does.
    static func push(_ batch: ReplicaBatch, to centre: any ReplicaStore) async throws -> ReplicaOutcome {
        try await SyncCentre(store: centre, rulesDirectory: SyncFixture.root + "/Rules")
            .push(try SyncEnvelope.wrap(batch), warehouse: batch.warehouse)
    }

    @Test(
        "batches apply verbatim; a re-sent batch is skipped; heads and projections match",
        arguments: TestBackend.allCases)
    func appliesOnceAndMatches(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 120) { edge, centre, _ in
            var after: Int64 = 0
            var batches: [ReplicaBatch] = []
            while true {
                let batch = try await edge.outgoingBatch(warehouse: Self.warehouse, node: "e1", after: after, limit: 50)
                batches.append(batch)
                let outcome = try await Self.push(batch, to: centre)
                #expect(outcome.applied == batch.entries.count)
                #expect(outcome.skipped == 0)
                after = outcome.head.sequence
                if batch.reachesHead { break }
            }
            #expect(batches.count >= 3)
            // Every batch again, in order: nothing is applied twice.
            for batch in batches {
                let outcome = try await Self.push(batch, to: centre)
                #expect(outcome.applied == 0)
                #expect(outcome.skipped == batch.entries.count)
            }
            let edgeHead = try await edge.chainHead(warehouse: Self.warehouse)
            #expect(try await centre.chainHead(warehouse: Self.warehouse) == edgeHead)
            #expect(
                try await centre.entries(warehouse: Self.warehouse, after: 0, limit: 10_000)
                    == edge.entries(warehouse: Self.warehouse, after: 0, limit: 10_000))
            #expect(
                try await centre.balances(warehouse: Self.warehouse, sku: nil)
                    == edge.balances(warehouse: Self.warehouse, sku: nil))
            let report = try await LedgerVerifier(store: centre).verify(warehouse: Self.warehouse)
            #expect(report.isValid, "\(report.projectionMismatches)")
        }
    }

    @Test(
        "a batch beyond the centre's head is a gap: nothing written, resume from the head",
        arguments: TestBackend.allCases)
    func gapResumes(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 30) { edge, centre, _ in
            let late = try await edge.outgoingBatch(warehouse: Self.warehouse, node: "e1", after: 10, limit: 100)
            let outcome = try await Self.push(late, to: centre)
            #expect(outcome.gap)
            #expect(outcome.applied == 0)
            #expect(outcome.head == .genesis(Self.warehouse))
            #expect(try await centre.entries(warehouse: Self.warehouse, after: 0, limit: 10).isEmpty)
        }
    }

    @Test("a different entry at an applied sequence is a fork, refused whole", arguments: TestBackend.allCases)
    func forkRefused(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 20) { edge, centre, _ in
            let batch = try await edge.outgoingBatch(warehouse: Self.warehouse, node: "e1", after: 0, limit: 100)
            _ = try await Self.push(batch, to: centre)
            // Another writer's chain for the same warehouse: same sequences, other hashes.
            try await withTestStore(.sqlite) { otherTest in
                let other = try #require(otherTest.store as? any ReplicaStore)
                try await SyncFixture.seedMaster(other, warehouse: Self.warehouse)
                var stranger = SyncFixture.Operator(warehouse: Self.warehouse, seed: 99, prefix: "other")
                for _ in 0..<25 { try await stranger.act(on: other) }
                let forked = try await other.outgoingBatch(warehouse: Self.warehouse, node: "e2", after: 0, limit: 100)
                let error = await #expect(throws: ReplicaError.self) { try await Self.push(forked, to: centre) }
                #expect(error?.code == .fork)
                #expect(error?.field == "entries[0].hash")
                // A batch continuing past the head from a foreign chain is a fork too.
                let tail = try await other.outgoingBatch(warehouse: Self.warehouse, node: "e2", after: 20, limit: 100)
                let second = await #expect(throws: ReplicaError.self) { try await Self.push(tail, to: centre) }
                #expect(second?.code == .fork)
            }
            #expect(try await centre.chainHead(warehouse: Self.warehouse) == edge.chainHead(warehouse: Self.warehouse))
        }
    }

    @Test("an altered entry breaks the batch's chain and nothing is written", arguments: TestBackend.allCases)
    func tamperedRefused(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 10) { edge, centre, _ in
            var batch = try await edge.outgoingBatch(warehouse: Self.warehouse, node: "e1", after: 0, limit: 100)
            batch.entries[4].quantity += 1
            let error = await #expect(throws: ReplicaError.self) { try await Self.push(batch, to: centre) }
            #expect(error?.code == .brokenChain)
            #expect(error?.field == "entries[4].hash")
            #expect(try await centre.chainHead(warehouse: Self.warehouse) == .genesis(Self.warehouse))
        }
    }

    @Test("reservations and their fulfilment replicate; the centre's ledger verifies", arguments: TestBackend.allCases)
    func reservationsReplicate(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 0) { edge, centre, _ in
            let w = Self.warehouse
            _ = try await edge.post(
                Posting(
                    clientOperationID: "rcv", warehouse: w, actor: "op",
                    movements: [
                        .receipt(sku: "SYNC-1", quantity: 10, to: StockPosition(location: "A-01", bucket: .available))
                    ]))
            _ = try await edge.reserve(
                ReservationRequest(
                    clientOperationID: "res-1", warehouse: w, sku: "SYNC-1", quantity: 6, orderReference: "SO-1"))
            _ = try await edge.post(
                Posting(
                    clientOperationID: "ship", warehouse: w, actor: "op",
                    movements: [.shipment(sku: "SYNC-1", quantity: 4, from: "A-01", reservationID: "res-1")]))
            let batch = try await edge.outgoingBatch(warehouse: w, node: "e1", after: 0, limit: 100)
            #expect(batch.reservations?.count == 1)
            _ = try await Self.push(batch, to: centre)
            #expect(try await centre.reservation("res-1")?.remaining == 2)
            #expect(
                try await centre.stockLevels(warehouse: w, sku: "SYNC-1")
                    == edge.stockLevels(warehouse: w, sku: "SYNC-1"))
            let report = try await LedgerVerifier(store: centre).verify(warehouse: w)
            #expect(report.isValid, "\(report.projectionMismatches)")
        }
    }

    @Test(
        "an order cancelled at the centre but picked at the edge: the edge wins and a conflict is raised",
        arguments: TestBackend.allCases)
    func conflictSurfaced(backend: TestBackend) async throws {
        try await Self.withPair(backend, operations: 0) { edge, centre, _ in
            let w = Self.warehouse
            let created = try await centre.saveDocument(
                FlowDocument(warehouse: w, kind: "order", id: "SO-9", status: "allocated", data: #"{"lines":1}"#))
            // The edge pulls the order.
            let pulled = try await centre.documentsChanged(warehouse: w, kinds: ["order"], sinceMilliseconds: 0)
            #expect(try await edge.applyPulled(warehouse: w, documents: pulled) == 1)
            // Offline: the edge picks it; meanwhile the centre cancels it.
            let local = try #require(try await edge.document(warehouse: w, kind: "order", id: "SO-9"))
            var picked = local
            picked.status = "picked"
            picked.data = #"{"lines":1,"picked":true}"#
            _ = try await edge.saveDocument(picked)
            var cancelled = created
            cancelled.status = "cancelled"
            _ = try await centre.saveDocument(cancelled)
            // A pull while the edge's change is unpushed does not overwrite it.
            let again = try await centre.documentsChanged(warehouse: w, kinds: ["order"], sinceMilliseconds: 0)
            #expect(try await edge.applyPulled(warehouse: w, documents: again) == 0)
            #expect(try await edge.document(warehouse: w, kind: "order", id: "SO-9")?.status == "picked")
            // The push: the edge's physical facts win, the conflict is recorded with the centre's state.
            let batch = try await edge.outgoingBatch(warehouse: w, node: "edge-1", after: 0, limit: 100)
            #expect(batch.documents.map(\.document.id) == ["SO-9"])
            let outcome = try await Self.push(batch, to: centre)
            try await edge.recordPushed(warehouse: w, outcome: outcome)
            #expect(outcome.conflicts.count == 1)
            #expect(try await centre.document(warehouse: w, kind: "order", id: "SO-9")?.status == "picked")
            let conflicts = try await centre.syncConflicts(warehouse: w)
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.centreStatus == "cancelled")
            #expect(conflicts.first?.edgeStatus == "picked")
            #expect(conflicts.first?.rule == "edge-facts-win")
            #expect(conflicts.first?.message.contains("cancelled at the centre") == true)
            // Re-sending the same push raises nothing new; the edge now has nothing to push.
            let resent = try await Self.push(batch, to: centre)
            #expect(resent.conflicts.isEmpty)
            #expect(try await centre.syncConflicts(warehouse: w).count == 1)
            let next = try await edge.outgoingBatch(warehouse: w, node: "edge-1", after: 0, limit: 100)
            #expect(next.documents.isEmpty)
        }
    }

    @Test("deflate round-trips and refuses a payload that lies about its size")
    func deflateRoundTrip() throws {
        var random = SplitMix(3)
        let bytes = (0..<50_000).map { _ in UInt8(random.next() % 4) }
        let packed = try Deflate.deflate(bytes)
        #expect(packed.count < bytes.count / 2)
        #expect(try Deflate.inflate(packed, size: bytes.count) == bytes)
        #expect(throws: SyncError.self) { try Deflate.inflate(packed, size: bytes.count - 1) }
        #expect(throws: SyncError.self) { try Deflate.inflate(packed, size: Deflate.maximumInflatedSize + 1) }
    }
}
