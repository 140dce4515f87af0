import BondedTesting
import Foundation
import Storage
import Testing
import WMSCore

/// The service's persistence (identity, audit, idempotency, outbox), run unchanged on SQLite and PostgreSQL.
@Suite("Service store contract")
struct ServiceStoreContractTests {
    static func withServiceStore(
        _ backend: TestBackend, _ body: @escaping (any Store & ServiceStore, TestStore) async throws -> Void
    ) async throws {
        try await withTestStore(backend) { test in
            let store = try #require(test.store as? any Store & ServiceStore)
            try await body(store, test)
        }
    }

    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("users and tokens", arguments: TestBackend.allCases)
    func identity(backend: TestBackend) async throws {
        try await Self.withServiceStore(backend) { store, _ in
            #expect(try await store.schemaVersion() >= 6)  // service tables (4), sync (5), console (6)
            let ana = User(
                username: "ana", role: .operator, warehouses: ["A", "B"], passwordHash: "h1", createdAt: Self.now)
            try await store.save(ana)
            try await store.save(
                User(username: "zoe", role: .admin, warehouses: [], passwordHash: "h2", createdAt: Self.now))
            #expect(try await store.user("ana") == ana)
            #expect(try await store.user("nobody") == nil)
            var changed = ana
            changed.role = .warehouseManager
            changed.warehouses = ["B"]
            try await store.save(changed)
            #expect(try await store.users().map(\.username) == ["ana", "zoe"])
            #expect(try await store.user("ana")?.warehouses == ["B"])
            let token = APIToken(
                tokenHash: "ab12", username: "ana", name: "s", createdAt: Self.now, expiresAt: Self.now + 60)
            try await store.save(token)
            #expect(try await store.token(hash: "ab12") == token)
            #expect(try await store.token(hash: "ab13") == nil)
            await #expect(throws: WMSError.self) {
                try await store.save(
                    APIToken(tokenHash: "cd", username: "ghost", name: "s", createdAt: Self.now, expiresAt: nil))
            }
        }
    }

    @Test("the audit trail is append-only and pages by id", arguments: TestBackend.allCases)
    func audit(backend: TestBackend) async throws {
        try await Self.withServiceStore(backend) { store, test in
            var ids: [Int64] = []
            for index in 0..<5 {
                let record = try await store.append(
                    AuditRecord(
                        at: Self.now, actor: "ana", role: "operator", action: "POST /x", target: "/x/\(index)",
                        warehouse: index % 2 == 0 ? "A" : "B", remote: "127.0.0.1", status: 201, requestID: "r\(index)")
                )
                ids.append(record.id)
            }
            #expect(ids == ids.sorted() && Set(ids).count == 5)
            let firstTwo = try await store.auditRecords(after: 0, limit: 2, warehouse: nil)
            #expect(firstTwo.map(\.target) == ["/x/0", "/x/1"])
            let rest = try await store.auditRecords(after: firstTwo[1].id, limit: 10, warehouse: nil)
            #expect(rest.map(\.target) == ["/x/2", "/x/3", "/x/4"])
            #expect(
                try await store.auditRecords(after: 0, limit: 10, warehouse: "A").map(\.target) == [
                    "/x/0", "/x/2", "/x/4",
                ])
            await #expect(throws: (any Error).self) { try await test.executeRaw("UPDATE audit_log SET actor = 'eve'") }
            await #expect(throws: (any Error).self) { try await test.executeRaw("DELETE FROM audit_log") }
            #expect(try await store.auditRecords(after: 0, limit: 10, warehouse: nil).allSatisfy { $0.actor == "ana" })
        }
    }

    @Test("idempotency records: the first one stays", arguments: TestBackend.allCases)
    func idempotency(backend: TestBackend) async throws {
        try await Self.withServiceStore(backend) { store, _ in
            let first = IdempotencyRecord(
                actor: "ana", key: "k", requestHash: "h1", status: 201, contentType: "application/json",
                body: [0, 1, 2, 255], createdAt: Self.now)
            let saved = try await store.saveIfAbsent(first)
            #expect(saved == first)
            var second = first
            second.requestHash = "h2"
            second.body = [9]
            #expect(try await store.saveIfAbsent(second) == first)
            #expect(try await store.idempotencyRecord(actor: "ana", key: "k")?.body == [0, 1, 2, 255])
            #expect(try await store.idempotencyRecord(actor: "bob", key: "k") == nil)
        }
    }

    @Test("products page by SKU", arguments: TestBackend.allCases)
    func products(backend: TestBackend) async throws {
        try await Self.withServiceStore(backend) { store, _ in
            for sku in ["C", "A", "B", "D"] { try await store.save(Product(sku: sku, description: sku)) }
            #expect(try await store.products(after: "", limit: 3).map(\.sku) == ["A", "B", "C"])
            #expect(try await store.products(after: "C", limit: 3).map(\.sku) == ["D"])
        }
    }

    @Test("outbox: queue with audit, claim with lease, retry, receipts and holds", arguments: TestBackend.allCases)
    func outbox(backend: TestBackend) async throws {
        try await Self.withServiceStore(backend) { store, _ in
            func message(_ id: String, subject: String) -> OutboxMessage {
                OutboxMessage(
                    id: id, warehouse: "A", subject: subject, kind: "h7", endpoint: "http://x", payload: "<x/>",
                    nextAttemptAt: Self.now, createdAt: Self.now)
            }
            let audit = AuditRecord(
                at: Self.now, actor: "ana", role: "operator", action: "POST /d", target: "/d", warehouse: "A",
                remote: "-", status: 202, requestID: "r")
            #expect(try await store.enqueue(message("m1", subject: "o1"), audit: audit))
            #expect(try await store.enqueue(message("m2", subject: "o2"), audit: audit))
            #expect(try await store.enqueue(message("m1", subject: "o1"), audit: audit) == false)
            #expect(try await store.auditRecords(after: 0, limit: 10, warehouse: "A").count == 2)
            // Not due yet, then due; a claimed message is leased.
            #expect(try await store.claimDueMessages(now: Self.now - 1, limit: 10, lease: 30).isEmpty)
            let claimed = try await store.claimDueMessages(now: Self.now, limit: 1, lease: 30)
            #expect(claimed.map(\.id) == ["m1"])
            #expect(try await store.claimDueMessages(now: Self.now + 1, limit: 10, lease: 30).map(\.id) == ["m2"])
            #expect(try await store.claimDueMessages(now: Self.now + 2, limit: 10, lease: 30).isEmpty)
            try await store.recordFailedAttempt(messageID: "m1", error: "HTTP 503", nextAttempt: Self.now + 5)
            let retried = try #require(try await store.outboxMessage("m1"))
            #expect(retried.attempts == 1 && retried.status == .pending && retried.lastError == "HTTP 503")
            #expect(try await store.claimDueMessages(now: Self.now + 5, limit: 10, lease: 30).map(\.id) == ["m1"])
            try await store.recordReceipt(
                messageID: "m1", receipt: DeliveryReceipt(outcome: .rejected, reason: "bad HS", at: Self.now + 6))
            try await store.recordReceipt(
                messageID: "m1", receipt: DeliveryReceipt(outcome: .accepted, reason: nil, at: Self.now + 7))
            let settled = try #require(try await store.outboxMessage("m1"))
            #expect(settled.status == .rejected && settled.receipt?.reason == "bad HS" && settled.attempts == 2)
            #expect(try await store.holds(warehouse: "A").map(\.subject) == ["o1"])
            try await store.recordReceipt(
                messageID: "m2", receipt: DeliveryReceipt(outcome: .accepted, reason: nil, at: Self.now + 8))
            #expect(try await store.outboxMessage("m2")?.status == .accepted)
            #expect(try await store.holds(warehouse: "A").count == 1)
            try await store.recordFailedAttempt(messageID: "m2", error: "late", nextAttempt: nil)
            #expect(try await store.outboxMessage("m2")?.status == .accepted)
            #expect(try await store.outboxMessages(warehouse: "A", offset: 1, limit: 5).map(\.id) == ["m2"])
            #expect(try await store.claimDueMessages(now: Self.now + 100, limit: 10, lease: 30).isEmpty)
        }
    }
}
