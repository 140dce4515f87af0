public import Foundation

/// How `bonded serve` runs.
public struct ServiceConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The rules directory the pack set is loaded (and reloaded) from.
    public var rulesDirectory: String
    /// Where `Schemas/` and `Templates/` are (nil: found automatically).
    public var resourceDirectory: String?
    /// Largest request body accepted; larger ones get 413.
    public var bodyLimit: Int
    /// Single-window endpoints by document kind (`ceb311` → URL); `*` is the fallback.
    public var singleWindowEndpoints: [String: String]
    /// PBKDF2 rounds for new password hashes.
    public var passwordRounds: Int
    /// How often the outbox looks for due messages, and how many it takes at once.
    public var outboxPollInterval: Duration
    public var outboxBatchSize: Int
    /// Retries: the first waits `outboxBaseDelay`, each next one twice as long (capped at `outboxMaxDelay`), and
    /// after `outboxMaxAttempts` the message is marked failed.
    public var outboxBaseDelay: TimeInterval
    public var outboxMaxDelay: TimeInterval
    public var outboxMaxAttempts: Int
    /// How long one delivery attempt may take.
    public var outboxRequestTimeout: TimeInterval

    public init(
        host: String = "127.0.0.1", port: Int = 8080, rulesDirectory: String = "Rules",
        resourceDirectory: String? = nil, bodyLimit: Int = 1 << 20, singleWindowEndpoints: [String: String] = [:],
        passwordRounds: Int = 600_000, outboxPollInterval: Duration = .milliseconds(500), outboxBatchSize: Int = 32,
        outboxBaseDelay: TimeInterval = 1, outboxMaxDelay: TimeInterval = 300, outboxMaxAttempts: Int = 12,
        outboxRequestTimeout: TimeInterval = 10
    ) {
        self.host = host
        self.port = port
        self.rulesDirectory = rulesDirectory
        self.resourceDirectory = resourceDirectory
        self.bodyLimit = bodyLimit
        self.singleWindowEndpoints = singleWindowEndpoints
        self.passwordRounds = passwordRounds
        self.outboxPollInterval = outboxPollInterval
        self.outboxBatchSize = outboxBatchSize
        self.outboxBaseDelay = outboxBaseDelay
        self.outboxMaxDelay = outboxMaxDelay
        self.outboxMaxAttempts = outboxMaxAttempts
        self.outboxRequestTimeout = outboxRequestTimeout
    }

    /// The endpoint for a document kind, or nil when none is configured.
    func endpoint(for kind: String) -> String? { singleWindowEndpoints[kind] ?? singleWindowEndpoints["*"] }
}
