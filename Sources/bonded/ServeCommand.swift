import ArgumentParser
import Foundation
import Logging
import Service
import Storage
import Sync
import WMSCore

/// `bonded serve`: the HTTP API (Hummingbird 2) with the single-window outbox; stops gracefully on SIGINT/SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP API and the single-window outbox.")

    @OptionGroup var options: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port).") var port = 8080
    @Option(help: "Rules directory.") var rules = "Rules"
    @Option(help: "Directory with Schemas/ and Templates/ (default: found automatically).") var resources: String?
    @Option(help: "Single-window endpoint KIND=URL (KIND * for all); repeatable.") var singleWindow: [String] = []
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Flag(help: "Seed the demo network and one demo user per role first.") var demo = false
    @OptionGroup var edgeOptions: EdgeOptions

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level") }
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        var endpoints: [String: String] = [:]
        for entry in singleWindow {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--single-window takes KIND=URL, got '\(entry)'") }
            endpoints[parts[0]] = parts[1]
        }
        do {
            let store = try StoreURL.openService(options.address)
            try await store.migrate()
            if demo { try await DemoNetwork.seed(into: store) }
            let service = try BondedService(
                store: store,
                configuration: ServiceConfiguration(
                    host: host, port: port, rulesDirectory: rules, resourceDirectory: resources,
                    singleWindowEndpoints: endpoints),
                logger: Logger(label: "bonded.serve"))
            let users = demo ? try await service.seedDemoUsers() : []
            let host = self.host
            let address = options.address
            let agent = try edgeOptions.agent(store: store, rules: RuleMirror(directory: rules, packs: service.packs))
            try await EdgeOptions.run(agent) {
                try await service.run { bound in
                    var text = "Bonded is serving on http://\(host):\(bound) (database \(address))\n"
                    text += "Web console: http://\(host):\(bound)/console\n"
                    if !users.isEmpty {
                        text +=
                            "Demo login: admin / \(BondedService.demoPassword) — also "
                            + users.dropFirst().map { "\($0.username) (\($0.role.rawValue))" }.joined(separator: ", ")
                            + "\n"
                        text +=
                            "  curl -s -X POST http://\(host):\(bound)/v1/auth/login -H 'Content-Type: application/json' "
                            + "-d '{\"username\":\"admin\",\"password\":\"\(BondedService.demoPassword)\"}'\n"
                    }
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
        } catch {
            throw failure(error)
        }
    }
}
