internal import AsyncHTTPClient
public import Foundation
internal import NIOCore
internal import NIOHTTP1
public import Storage
public import WMSCore

/// The edge's HTTP client for the centre's sync routes. It runs on AsyncHTTPClient's shared client (SwiftNIO,
/// HTTP and HTTPS with the system's trust roots): URLSession's libcurl/dispatch event handling cost more CPU than
/// the centre's apply during a catch-up (`Sources/Sync/README.md`).
public struct SyncClient: Sendable {
    public let central: URL
    public let token: String
    /// Deadline of one request, answer included, in seconds.
    public let timeout: TimeInterval
    /// False: one connection per request (`Connection: close`), so a proxy's per-connection faults hit each call.
    public let reuseConnections: Bool
    /// Largest answer accepted (a pull's envelope; the inflated payload is capped separately).
    static let answerLimit = 256 << 20

    /// One client for the process, on NIO's shared event loops. A connection that cannot be established fails the
    /// request at once (AsyncHTTPClient's default retries it until the deadline): the agent's own backoff decides
    /// when to try again, and a refused connection or failed TLS handshake is reported as itself, not as a
    /// deadline.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(central: URL, token: String, timeout: TimeInterval = 15, reuseConnections: Bool = true) {
        self.central = central
        self.token = token
        self.timeout = timeout
        self.reuseConnections = reuseConnections
    }

    /// The centre's chain head for `warehouse`.
    public func head(warehouse: String) async throws -> ChainHead {
        try SyncWire.decoder.decode(
            ChainHead.self, from: try await send("GET", "/v1/warehouses/\(warehouse)/ledger/head", body: nil))
    }

    /// Pushes one batch; the answer says what the centre applied and its new head.
    public func push(_ batch: ReplicaBatch) async throws -> ReplicaOutcome {
        try await push(try SyncEnvelope.wrap(batch), warehouse: batch.warehouse)
    }

    /// Pushes one batch already wrapped (the agent compresses the next batch while the centre applies this one).
    public func push(_ envelope: SyncEnvelope, warehouse: String) async throws -> ReplicaOutcome {
        let data = try await send("POST", "/v1/warehouses/\(warehouse)/sync/push", body: envelope.json())
        return try SyncWire.decoder.decode(ReplicaOutcome.self, from: data)
    }

    /// Pulls master data, orders and rules for `warehouse`.
    public func pull(warehouse: String, state: SyncState) async throws -> PullResponse {
        let query =
            "since=\(state.pullCursorMilliseconds)&master=\(state.masterDigest)&rules=\(state.rulesDigest)"
        let data = try await send("GET", "/v1/warehouses/\(warehouse)/sync/pull?\(query)", body: nil)
        return try SyncWire.decoder.decode(SyncEnvelope.self, from: data).unwrap(PullResponse.self)
    }

    private func send(_ method: String, _ path: String, body: [UInt8]?) async throws -> Data {
        let text = central.absoluteString
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let scheme = central.scheme?.lowercased(), scheme == "http" || scheme == "https",
            URL(string: base + path) != nil
        else {
            throw SyncError(.configuration, "bad central URL \(central) (http:// or https:// expected)")
        }
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if !reuseConnections { request.headers.add(name: "Connection", value: "close") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: UInt
        let data: Data
        do {
            let response = try await Self.http.execute(
                request, timeout: .milliseconds(Int64((timeout * 1000).rounded())))
            status = response.status.code
            data = Data(try await response.body.collect(upTo: Self.answerLimit).readableBytesView)
        } catch {
            throw SyncError(.transport, "\(method) \(path): \(error)")
        }
        guard (200..<300).contains(status) else {
            let problem = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let code = (problem?["type"] as? String).map { $0.replacingOccurrences(of: "/problems/", with: "") }
            let detail = problem?["detail"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw SyncError(
                code == "ledger-fork" ? .diverged : .refused, "\(method) \(path): \(detail)", status: Int(status),
                problem: code)
        }
        return data
    }
}
