public import Foundation
public import Storage
public import WMSCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The edge's HTTP client for the centre's sync routes (Foundation's URLSession: no extra dependency; the
/// centre may sit behind HTTPS).
public struct SyncClient: Sendable {
    public let central: URL
    public let token: String
    public let timeout: TimeInterval
    /// False: one connection per request (`Connection: close`), so a proxy's per-connection faults hit each call.
    public let reuseConnections: Bool
    private let session: URLSession

    public init(central: URL, token: String, timeout: TimeInterval = 15, reuseConnections: Bool = true) {
        self.central = central
        self.token = token
        self.timeout = timeout
        self.reuseConnections = reuseConnections
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.httpMaximumConnectionsPerHost = 2
        self.session = URLSession(configuration: configuration)
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
        let body = try SyncWire.encoder.encode(envelope)
        let data = try await send("POST", "/v1/warehouses/\(warehouse)/sync/push", body: body)
        return try SyncWire.decoder.decode(ReplicaOutcome.self, from: data)
    }

    /// Pulls master data, orders and rules for `warehouse`.
    public func pull(warehouse: String, state: SyncState) async throws -> PullResponse {
        let query =
            "since=\(state.pullCursorMilliseconds)&master=\(state.masterDigest)&rules=\(state.rulesDigest)"
        let data = try await send("GET", "/v1/warehouses/\(warehouse)/sync/pull?\(query)", body: nil)
        return try SyncWire.decoder.decode(SyncEnvelope.self, from: data).unwrap(PullResponse.self)
    }

    private func send(_ method: String, _ path: String, body: Data?) async throws -> Data {
        guard let url = URL(string: central.absoluteString.trimmingSuffix("/") + path) else {
            throw SyncError(.configuration, "bad central URL \(central)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if !reuseConnections { request.setValue("close", forHTTPHeaderField: "Connection") }
        if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw SyncError(.transport, "\(method) \(path): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let problem = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            let code = (problem?["type"] as? String).map { $0.replacingOccurrences(of: "/problems/", with: "") }
            let detail = problem?["detail"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw SyncError(
                code == "ledger-fork" ? .diverged : .refused, "\(method) \(path): \(detail)", status: status,
                problem: code)
        }
        return data
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
