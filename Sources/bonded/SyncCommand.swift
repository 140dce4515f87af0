import ArgumentParser
import Foundation
import Storage
import Sync
import WMSCore

/// `bonded serve --edge …`: the options that make a server an edge node.
struct EdgeOptions: ParsableArguments {
    @Flag(help: "Run as an edge node: keep working offline and sync with --central.") var edge = false
    @Option(help: "The central service's base URL (edge nodes).") var central: String?
    @Option(help: "Bearer token for the central service (edge nodes). Also BONDED_SYNC_TOKEN.") var token: String?
    @Option(name: .customLong("edge-warehouse"), help: "A warehouse this edge writes (repeatable).")
    var edgeWarehouses: [String] = []
    @Option(help: "This edge node's name (default: the host name).") var node: String?
    @Option(help: "Ledger entries per sync batch.") var syncBatch = 1_000
    @Option(help: "Seconds between sync rounds when idle.") var syncInterval = 2.0

    /// The sync agent, or nil when this is not an edge.
    func agent(store: any Store, rules: RuleMirror?) throws -> SyncAgent? {
        guard edge else { return nil }
        guard let central, let url = URL(string: central), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--edge needs --central http(s)://host:port")
        }
        guard let token = token ?? ProcessInfo.processInfo.environment["BONDED_SYNC_TOKEN"], !token.isEmpty else {
            throw ValidationError("--edge needs --token or BONDED_SYNC_TOKEN")
        }
        guard !edgeWarehouses.isEmpty else { throw ValidationError("--edge needs at least one --edge-warehouse") }
        guard let replica = store as? any ReplicaStore else { throw ValidationError("this store cannot replicate") }
        guard syncBatch > 0, syncBatch <= 10_000 else { throw ValidationError("--sync-batch is 1…10000") }
        let configuration = SyncConfiguration(
            node: node ?? ProcessInfo.processInfo.hostName, warehouses: edgeWarehouses, batchSize: syncBatch,
            idleInterval: .milliseconds(Int(syncInterval * 1000)),
            seed: UInt64(ProcessInfo.processInfo.processIdentifier))
        return SyncAgent(
            store: replica, client: SyncClient(central: url, token: token), configuration: configuration, rules: rules)
    }

    /// Runs `body` (the server) with the agent beside it; the agent stops when the server does.
    static func run(_ agent: SyncAgent?, _ body: @escaping @Sendable () async throws -> Void) async throws {
        guard let agent else { return try await body() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await agent.run() }
            group.addTask { try await body() }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// `bonded sync …`: an edge's sync status, and one sync round without a server.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Edge ↔ centre sync: status, or one round now.",
        subcommands: [Status.self, Run.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Last sync, lag and pending entries per warehouse of this edge.")

        @OptionGroup var options: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let statuses: [SyncStatus]
            do {
                guard let store = try await options.open() as? any ReplicaStore else {
                    throw WMSError(.configuration, "this store cannot replicate")
                }
                statuses = try await SyncStatus.read(store: store)
            } catch {
                throw failure(error)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                encoder.dateEncodingStrategy = .iso8601
                print(String(decoding: try encoder.encode(statuses), as: UTF8.self))
                return
            }
            if statuses.isEmpty { print("never synced") }
            let formatter = ISO8601DateFormatter()
            for status in statuses {
                let last = status.lastSuccess.map { formatter.string(from: $0) } ?? "never"
                print(
                    "\(status.warehouse): \(status.inSync ? "in sync" : "behind") — head \(status.localHead.sequence), "
                        + "centre has \(status.ackedSequence), pending \(status.pending), lag \(status.lagSeconds) s, "
                        + "last sync \(last), conflicts \(status.conflicts)"
                        + (status.lastError.map { "\n  last error: \($0)" } ?? ""))
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync this edge's warehouses with the centre once (pull, then push until heads match).")

        @OptionGroup var options: DatabaseOptions
        @OptionGroup var edgeOptions: EdgeOptions

        func run() async throws {
            do {
                var edge = edgeOptions
                edge.edge = true
                guard let agent = try edge.agent(store: try await options.open(), rules: nil) else { return }
                let report = try await agent.round()
                print(
                    "applied \(report.applied) entries in \(report.batches) batches (\(report.skipped) already there), "
                        + "pushed \(report.documentsPushed) documents, pulled \(report.documentsPulled), "
                        + "conflicts \(report.conflicts)")
            } catch let error as ValidationError {
                throw error
            } catch {
                throw failure(error)
            }
        }
    }
}
