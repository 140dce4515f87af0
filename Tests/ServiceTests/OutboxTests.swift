import BondedTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import WMSCore

@testable import Service

/// A single window on loopback that fails the first attempts of every message, loses one receipt after
/// processing, deduplicates by Message-ID, and rejects declarations of subjects named `bad-…`.
final class FlakySingleWindow: Sendable {
    struct State {
        var attempts: [String: Int] = [:]
        /// How often each message was processed (taken into the receiver's books).
        var processed: [String: Int] = [:]
        var receipts: [String: String] = [:]
        var payloadsWellFormed = true
    }
    let state = Mutex(State())
    let failuresBeforeSuccess = 2

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/single-window") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let id = request.headers[HTTPField.Name("Message-ID")!] ?? ""
            let subject = request.headers[HTTPField.Name("X-Bonded-Subject")!] ?? ""
            let (status, receipt): (HTTPResponse.Status, String?) = self.state.withLock { state in
                state.attempts[id, default: 0] += 1
                if !body.hasPrefix("<?xml") { state.payloadsWellFormed = false }
                if state.attempts[id]! <= self.failuresBeforeSuccess { return (.serviceUnavailable, nil) }
                if let stored = state.receipts[id] { return (.ok, stored) }
                state.processed[id, default: 0] += 1
                let receipt =
                    subject.hasPrefix("bad-")
                    ? #"{"messageId":"\#(id)","outcome":"rejected","reason":"HS code not accepted"}"#
                    : #"{"messageId":"\#(id)","outcome":"accepted"}"#
                state.receipts[id] = receipt
                // The first receipt is lost on the way back: processed, but the sender sees a 502.
                if state.attempts[id]! == self.failuresBeforeSuccess + 1 { return (.badGateway, nil) }
                return (.ok, receipt)
            }
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: receipt ?? "{}")))
        }
        return router
    }
}

@Suite("Single-window outbox")
struct OutboxTests {
    @Test(
        "every declaration is delivered once in effect, with retries, receipts and holds",
        arguments: TestBackend.allCases)
    func delivery(backend: TestBackend) async throws {
        let receiver = FlakySingleWindow()
        try await Application(router: receiver.router()).test(.live) { live in
            let port = try #require(live.port)
            let configuration = Harness.configuration(endpoints: ["*": "http://127.0.0.1:\(port)/single-window"])
            try await Harness.with(backend, configuration: configuration) { harness, client in
                let ioss = try String(
                    contentsOfFile: Harness.root + "/Tests/DocumentsTests/Fixtures/eu-ioss.json", encoding: .utf8)
                let subjects = ["order-1", "order-2", "bad-3", "order-4"]
                for subject in subjects {
                    let queued = try await client.send(
                        .post, "/v1/warehouses/DE-FRA1/declarations", as: "manager-fra", harness: harness,
                        json: #"{"kind":"h7","subject":"\#(subject)","messageId":"m-\#(subject)","request":\#(ioss)}"#)
                    #expect(queued.status == .accepted)
                }
                let deadline = Date().addingTimeInterval(20)
                var pending = subjects.count
                while pending > 0 && Date() < deadline {
                    try await harness.service.deliverDueMessages()
                    pending = try await harness.service.store.outboxMessages(warehouse: "DE-FRA1", offset: 0, limit: 10)
                        .filter { $0.status == .pending }.count
                    if pending > 0 { try await Task.sleep(for: .milliseconds(40)) }
                }
                let messages = try await harness.service.store.outboxMessages(
                    warehouse: "DE-FRA1", offset: 0, limit: 10)
                #expect(messages.map(\.status) == [.accepted, .accepted, .rejected, .accepted])
                #expect(messages.allSatisfy { $0.receipt != nil && $0.attempts == receiver.failuresBeforeSuccess + 2 })
                #expect(messages[2].receipt?.reason == "HS code not accepted")
                let books = receiver.state.withLock { $0 }
                #expect(books.payloadsWellFormed)
                #expect(books.processed == Dictionary(uniqueKeysWithValues: subjects.map { ("m-\($0)", 1) }))
                #expect(books.attempts.values.allSatisfy { $0 == receiver.failuresBeforeSuccess + 2 })
                // Settled messages are never sent again.
                #expect(try await harness.service.deliverDueMessages() == 0)
                let holds = try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/holds", as: "operator-fra", harness: harness)
                let held = (holds.object["items"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
                #expect(held == ["bad-3"])
                let shown = try await client.send(
                    .get, "/v1/warehouses/DE-FRA1/declarations/m-bad-3", as: "operator-fra", harness: harness)
                #expect((shown.object["receipt"] as? [String: Any])?["outcome"] as? String == "rejected")
                let metrics = try await client.send(.get, "/metrics", as: nil, harness: harness)
                #expect(metrics.text.contains("bonded_outbox_events_total{event=\"retry\"} 12"))
            }
        }
    }

    @Test("retry delays double from the base and stop at the cap")
    func backoff() {
        var configuration = Harness.configuration()
        configuration.outboxBaseDelay = 1
        configuration.outboxMaxDelay = 300
        let delays = (1...12).map { BondedService.retryDelay(afterAttempt: $0, configuration) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300])
    }

    @Test("an unreachable endpoint is retried with backoff, then marked failed", arguments: TestBackend.allCases)
    func giveUp(backend: TestBackend) async throws {
        var configuration = Harness.configuration(endpoints: ["*": "http://127.0.0.1:1/nothing-listens"])
        configuration.outboxMaxAttempts = 3
        let settings = configuration
        try await Harness.with(backend, configuration: settings) { harness, client in
            let ioss = try String(
                contentsOfFile: Harness.root + "/Tests/DocumentsTests/Fixtures/eu-ioss.json", encoding: .utf8)
            let queued = try await client.send(
                .post, "/v1/warehouses/DE-FRA1/declarations", as: "admin", harness: harness,
                json: #"{"kind":"h7","subject":"order-9","messageId":"m-9","request":\#(ioss)}"#)
            #expect(queued.status == .accepted)
            var attempts = 0
            // Generous: on a loaded CI machine each attempt may take seconds; the delays are checked exactly below.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let before = Date()
                if try await harness.service.deliverDueMessages() > 0 {
                    let after = Date()
                    attempts += 1
                    let message = try #require(try await harness.service.store.outboxMessage("m-9"))
                    if message.status == .failed { break }
                    // The next attempt waits the backoff delay (±10 % jitter) from the failed one, which ended
                    // somewhere between `before` and `after`.
                    let expected = BondedService.retryDelay(afterAttempt: attempts, settings)
                    let earliest = message.nextAttemptAt.timeIntervalSince(after)
                    let latest = message.nextAttemptAt.timeIntervalSince(before)
                    #expect(
                        latest >= expected * 0.9 - 0.001 && earliest <= expected * 1.1 + 0.001,
                        "attempt \(attempts): next attempt \(earliest)…\(latest) s away, expected \(expected) s ±10 %")
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            let message = try #require(try await harness.service.store.outboxMessage("m-9"))
            #expect(message.status == .failed)
            #expect(message.attempts == 3)
            #expect(message.lastError != nil)
            #expect(attempts == 3)
        }
    }
}
