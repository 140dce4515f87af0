import BondedTesting
import Foundation
import Storage
import Testing
import WMSCore

/// `ServiceStore.post(_:queueing:saving:)`: a posting, the outbox messages and the flow documents of the same
/// business event are committed together or not at all, on SQLite and PostgreSQL.
@Suite("Store contract: posting with outbox messages")
struct PostQueueingContractTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func message(_ id: String) -> OutboxMessage {
        OutboxMessage(
            id: id, warehouse: "W1", subject: "order-1", kind: "h7", endpoint: "http://127.0.0.1:9/sw",
            payload: "<?xml version=\"1.0\"?><h7/>", nextAttemptAt: now, createdAt: now)
    }

    static func shipment(_ operation: String, quantity: Int64) -> Posting {
        Posting(
            clientOperationID: operation, warehouse: "W1", documentReference: "order-1", actor: "test",
            movements: [.shipment(sku: "SKU-1", quantity: quantity, from: "A-1")])
    }

    static func withStock(_ backend: TestBackend, _ body: @escaping (any Store & ServiceStore) async throws -> Void)
        async throws
    {
        try await ServiceStoreContractTests.withServiceStore(backend) { store, _ in
            try await store.save(
                Warehouse(code: "W1", name: "W1", country: "DE", timeZone: "UTC", currency: "EUR", languages: ["en"]))
            try await store.save(Location(warehouse: "W1", code: "A-1", zone: "GEN", zoneKind: .general))
            try await store.save(Product(sku: "SKU-1", description: "thing", netWeightGrams: 100))
            _ = try await store.post(
                Posting(
                    clientOperationID: "stock", warehouse: "W1", actor: "test",
                    movements: [
                        .receipt(sku: "SKU-1", quantity: 10, to: StockPosition(location: "A-1", bucket: .available))
                    ]))
            try await body(store)
        }
    }

    static func available(_ store: any Store) async throws -> Int64 {
        try await store.stockLevels(warehouse: "W1", sku: "SKU-1").reduce(0) { $0 + $1.available }
    }

    @Test("both are committed; a replay queues nothing again", arguments: TestBackend.allCases)
    func together(backend: TestBackend) async throws {
        try await Self.withStock(backend) { store in
            let result = try await store.post(
                Self.shipment("ship-1", quantity: 3), queueing: [Self.message("m-1"), Self.message("m-2")])
            #expect(!result.replayed)
            #expect(try await Self.available(store) == 7)
            #expect(try await store.outboxMessages(warehouse: "W1", offset: 0, limit: 10).map(\.id) == ["m-1", "m-2"])
            let replay = try await store.post(
                Self.shipment("ship-1", quantity: 3), queueing: [Self.message("m-1"), Self.message("m-2")])
            #expect(replay.replayed)
            #expect(replay.entries == result.entries)
            #expect(try await Self.available(store) == 7)
            #expect(try await store.outboxMessages(warehouse: "W1", offset: 0, limit: 10).count == 2)
        }
    }

    @Test("a refused posting queues nothing", arguments: TestBackend.allCases)
    func refusedPosting(backend: TestBackend) async throws {
        try await Self.withStock(backend) { store in
            let head = try await store.chainHead(warehouse: "W1")
            await #expect(throws: WMSError.self) {
                try await store.post(Self.shipment("ship-2", quantity: 11), queueing: [Self.message("m-3")])
            }
            #expect(try await store.outboxMessage("m-3") == nil)
            #expect(try await store.chainHead(warehouse: "W1") == head)
            #expect(try await Self.available(store) == 10)
        }
    }

    @Test("a message that cannot be queued undoes the posting", arguments: TestBackend.allCases)
    func refusedMessage(backend: TestBackend) async throws {
        try await Self.withStock(backend) { store in
            let audit = AuditRecord(
                at: Self.now, actor: "a", role: "admin", action: "POST /x", target: "/x", warehouse: "W1",
                remote: "local", status: 202, requestID: "r")
            #expect(try await store.enqueue(Self.message("m-taken"), audit: audit))
            let head = try await store.chainHead(warehouse: "W1")
            do {
                _ = try await store.post(
                    Self.shipment("ship-3", quantity: 4), queueing: [Self.message("m-4"), Self.message("m-taken")])
                Issue.record("a taken message id was accepted")
            } catch let error as WMSError {
                #expect(error.code == .operationConflict)
                #expect(error.field == "messages[1].id")
            }
            #expect(try await store.chainHead(warehouse: "W1") == head)
            #expect(try await Self.available(store) == 10)
            #expect(try await store.outboxMessage("m-4") == nil)
            // The same shipment with free ids goes through afterwards: nothing of the failed attempt remains.
            let result = try await store.post(Self.shipment("ship-3", quantity: 4), queueing: [Self.message("m-4")])
            #expect(!result.replayed)
            #expect(try await Self.available(store) == 6)
        }
    }

    @Test(
        "documents are saved with the posting over their versions; a stale one undoes everything; a replay saves none",
        arguments: TestBackend.allCases)
    func documents(backend: TestBackend) async throws {
        try await Self.withStock(backend) { store in
            let order = try await store.saveDocument(
                FlowDocument(warehouse: "W1", kind: "order", id: "order-1", status: "packed", data: #"{"n":1}"#))
            var shipped = order
            shipped.status = "shipped"
            shipped.data = #"{"n":2}"#
            let record = FlowDocument(
                warehouse: "W1", kind: "shipped-order", id: "order-1", status: "shipped", data: "R")

            // A stale version (the order was saved meanwhile): no posting, no message, no document.
            var stale = shipped
            stale.version = 0
            let head = try await store.chainHead(warehouse: "W1")
            do {
                _ = try await store.post(
                    Self.shipment("ship-5", quantity: 2), queueing: [Self.message("m-5")], saving: [record, stale])
                Issue.record("a stale document version was saved")
            } catch let error as WMSError {
                #expect(error.code == .operationConflict)
                #expect(error.field == "order.order-1", "\(error)")
            }
            #expect(try await store.chainHead(warehouse: "W1") == head)
            #expect(try await Self.available(store) == 10)
            #expect(try await store.outboxMessage("m-5") == nil)
            #expect(try await store.document(warehouse: "W1", kind: "shipped-order", id: "order-1") == nil)
            #expect(try await store.document(warehouse: "W1", kind: "order", id: "order-1") == order)

            // Over the right versions: everything, in one go.
            let (result, saved) = try await store.post(
                Self.shipment("ship-5", quantity: 2), queueing: [Self.message("m-5")], saving: [record, shipped])
            #expect(!result.replayed)
            #expect(saved?.map(\.version) == [1, 2])
            #expect(try await Self.available(store) == 8)
            #expect(try await store.outboxMessage("m-5") != nil)
            let stored = try #require(try await store.document(warehouse: "W1", kind: "order", id: "order-1"))
            #expect(stored.version == 2 && stored.status == "shipped" && stored.data == #"{"n":2}"#)
            #expect(try await store.document(warehouse: "W1", kind: "shipped-order", id: "order-1")?.data == "R")

            // A replay writes nothing else and says so: no saved documents, the stored ones unchanged.
            var again = stored
            again.data = #"{"n":3}"#
            let replay = try await store.post(Self.shipment("ship-5", quantity: 2), queueing: [], saving: [again])
            #expect(replay.result.replayed && replay.saved == nil)
            #expect(try await store.document(warehouse: "W1", kind: "order", id: "order-1") == stored)
            #expect(try await Self.available(store) == 8)
        }
    }
}
