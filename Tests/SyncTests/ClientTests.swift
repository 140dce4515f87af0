import BondedTesting
import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// The edge's HTTP client (AsyncHTTPClient) against a real centre: answers, refusals, and HTTPS spoken for
/// `https://` URLs.
@Suite("Sync client")
struct ClientTests {
    @Test("reads the head, maps a refusal, and speaks TLS for https URLs")
    func client() async throws {
        try await withTestStore(.sqlite) { test in
            let centre = try #require(test.store as? any ReplicaStore)
            try await SyncFixture.seedMaster(centre, warehouse: "DE-CLIENT")
            let server = try await SyncServer.start(store: centre)
            for reuse in [true, false] {
                let client = SyncClient(
                    central: URL(string: "http://127.0.0.1:\(server.port)/")!, token: server.token, timeout: 30,
                    reuseConnections: reuse)
                #expect(try await client.head(warehouse: "DE-CLIENT") == .genesis("DE-CLIENT"))
            }
            // Deadlines are generous: CI runs this beside the whole suite on two cores, and a deadline that
            // expires first would hide the answer under test (a refusal, a failed handshake).
            let stranger = SyncClient(
                central: URL(string: "http://127.0.0.1:\(server.port)")!, token: "wrong", timeout: 60)
            await #expect {
                try await stranger.head(warehouse: "DE-CLIENT")
            } throws: { error in
                (error as? SyncError)?.code == .refused && (error as? SyncError)?.status == 401
            }
            // The centre here speaks plain HTTP: a TLS handshake is attempted and fails as a transport error.
            let secure = SyncClient(
                central: URL(string: "https://127.0.0.1:\(server.port)")!, token: server.token, timeout: 60)
            await #expect {
                try await secure.head(warehouse: "DE-CLIENT")
            } throws: { error in
                let error = error as? SyncError
                return error?.code == .transport
                    && ["SSL", "TLS", "handshake"].contains { error?.message.contains($0) == true }
            }
            // Nothing listens: the refused connection is the answer, at once, not a deadline after retries.
            let closed = try NodeProcess.freePort()
            let absent = SyncClient(
                central: URL(string: "http://127.0.0.1:\(closed)")!, token: server.token, timeout: 60)
            await #expect {
                try await absent.head(warehouse: "DE-CLIENT")
            } throws: { error in
                let error = error as? SyncError
                return error?.code == .transport && error?.message.contains("deadline") == false
                    && ["refused", "connect"].contains { error?.message.contains($0) == true }
            }
            let ftp = SyncClient(central: URL(string: "ftp://127.0.0.1:\(server.port)")!, token: server.token)
            await #expect {
                try await ftp.head(warehouse: "DE-CLIENT")
            } throws: { error in
                (error as? SyncError)?.code == .configuration
            }
            await server.stop()
        }
    }
}
