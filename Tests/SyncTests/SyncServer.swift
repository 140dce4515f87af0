import BondedTesting
import Foundation
import Hummingbird
import Logging
import Storage
import WMSCore

@testable import Service

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `BondedService` listening on a loopback port, in this process, with an admin token.
struct SyncServer {
    let service: BondedService
    let port: Int
    let token: String
    private let task: Task<Void, any Error>

    static func start(store: any Store & ServiceStore, rulesDirectory: String = SyncFixture.root + "/Rules")
        async throws -> SyncServer
    {
        var logger = Logger(label: "bonded.sync-test")
        logger.logLevel = .critical
        let configuration = ServiceConfiguration(
            host: "127.0.0.1", port: 0, rulesDirectory: rulesDirectory, resourceDirectory: SyncFixture.root,
            bodyLimit: 16 << 20, passwordRounds: 1_000)
        let service = try BondedService(store: store, configuration: configuration, logger: logger)
        if try await store.user("sync-admin") == nil {
            try await store.save(
                User(username: "sync-admin", role: .admin, warehouses: [], passwordHash: "-", createdAt: Date()))
        }
        let token = try await service.authenticator.issueToken(for: "sync-admin", name: "sync", expiresAt: nil)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = service.application { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        let task = Task { try await app.runService() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return SyncServer(service: service, port: port, token: token, task: task)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// GETs `path` with the admin token and decodes the JSON answer.
    func get<T: Decodable>(_ path: String, as type: T.Type) async throws -> T {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }
}
