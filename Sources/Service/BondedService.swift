public import ComplianceEngine
import Documents
import Foundation
import Fulfilment
public import Hummingbird
public import Logging
public import NIOCore
import ServiceLifecycle
import UnixSignals
public import WMSCore

/// The HTTP service: the route table over the warehouse, compliance and document modules, identity and audit,
/// and the single-window outbox worker.
public final class BondedService: Sendable {
    public let store: any Store & ServiceStore
    public let configuration: ServiceConfiguration
    public let logger: Logger
    /// The active pack set; swapped atomically by `POST /v1/rules/reload`.
    public let packs: PackSetStore
    let documents: DocumentEngine
    let authenticator: Authenticator
    let metrics = ServiceMetrics()
    let passwords: PasswordHasher
    /// The web console's in-memory state (one-time sign-in tickets).
    public let console = ConsoleState()
    /// Documents and labels for packed parcels.
    let shipmentProducer: DocumentShipmentProducer
    let allocationServices = AllocationServices()
    /// Every route of the API.
    public private(set) nonisolated(unsafe) var routes: [APIRoute] = []  // set once in init, read-only after

    /// Loads the pack set and the document templates; fails when either cannot be loaded.
    public init(store: any Store & ServiceStore, configuration: ServiceConfiguration, logger: Logger) throws {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.passwords = PasswordHasher(rounds: configuration.passwordRounds)
        self.authenticator = Authenticator(store: store, hasher: passwords)
        let packs = PackSetStore()
        let loaded = packs.reload(directory: configuration.rulesDirectory)
        guard loaded.packSet != nil else {
            let first = loaded.errors.first.map { "\($0)" } ?? "no packs"
            throw WMSError(
                .configuration, field: "rules", value: configuration.rulesDirectory, "cannot load the rules: \(first)")
        }
        self.packs = packs
        do {
            self.documents = try DocumentEngine(resourceDirectory: configuration.resourceDirectory)
        } catch {
            throw WMSError(.configuration, field: "resources", "cannot load document templates: \(error)")
        }
        self.shipmentProducer = DocumentShipmentProducer(engine: documents)
        self.routes =
            systemRoutes() + identityRoutes() + masterDataRoutes() + inventoryRoutes() + inboundRoutes()
            + complianceRoutes() + documentRoutes() + outboxRoutes()
            + orderRoutes() + waveRoutes() + pickRoutes() + packRoutes() + returnRoutes()
        self.routes += syncRoutes()
    }

    /// The router with every route registered.
    public func router() -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        for route in routes {
            router.on(RouterPath(stringLiteral: route.path), method: route.method) { request, context in
                await self.respond(route, request, context)
            }
        }
        registerConsole(on: router)
        return router
    }

    /// The Hummingbird application with the outbox worker as a companion service.
    public func application(
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "bonded"),
            services: [OutboxWorker(service: self)],
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then drains requests and stops the outbox worker.
    /// - Parameter onServerRunning: called with the port once the server listens.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await syncRulePacks()
        let app = application { channel in await onServerRunning(channel.localAddress?.port ?? 0) }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
