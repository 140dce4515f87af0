public import Foundation

/// A signed-in browser session of the web console: only the SHA-256 of its random id is stored.
public struct ConsoleSession: Sendable, Hashable, Codable {
    /// Lower-case hex SHA-256 of the session id the cookie carries.
    public var idHash: String
    public var username: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(idHash: String, username: String, createdAt: Date, expiresAt: Date) {
        self.idHash = idHash
        self.username = username
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// One file of a rule pack version (`pack.rules`, `rates.csv`): a name inside the pack's directory and its text.
public struct PackFile: Sendable, Hashable, Codable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A stored version of one rule pack (a directory of the rules tree): numbered 1, 2, … per pack, never changed.
public struct PackVersion: Sendable, Hashable, Codable {
    /// The pack's directory name (`eu-vat`).
    public var pack: String
    public var version: Int
    public var files: [PackFile]
    public var author: String
    public var note: String
    public var createdAt: Date

    public init(pack: String, version: Int, files: [PackFile], author: String, note: String, createdAt: Date) {
        self.pack = pack
        self.version = version
        self.files = files
        self.author = author
        self.note = note
        self.createdAt = createdAt
    }
}

/// One step of a pack's activation history: `activate` makes a version active, `rollback` returns to the one
/// that was active before the current one.
public struct PackActivation: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        case activate
        case rollback
    }

    /// Assigned by the store (0 before it is recorded).
    public var id: Int64
    public var pack: String
    /// The version active after this step.
    public var version: Int
    public var action: Action
    public var actor: String
    public var at: Date

    public init(id: Int64 = 0, pack: String, version: Int, action: Action, actor: String, at: Date) {
        self.id = id
        self.pack = pack
        self.version = version
        self.action = action
        self.actor = actor
        self.at = at
    }
}

/// Persistence of the web console: browser sessions, rule pack versions and their activation history.
public protocol ConsoleStore: Sendable {
    func save(_ session: ConsoleSession) async throws
    /// The session whose id hashes to `idHash`, or nil.
    func consoleSession(idHash: String) async throws -> ConsoleSession?
    /// Ends a session (sign-out); unknown ids are ignored.
    func deleteConsoleSession(idHash: String) async throws

    /// Stores a new version of `pack` numbered one above its latest, and returns it.
    func addPackVersion(pack: String, files: [PackFile], author: String, note: String, at: Date) async throws
        -> PackVersion
    /// Every version of a pack, oldest first.
    func packVersions(pack: String) async throws -> [PackVersion]
    func packVersion(pack: String, version: Int) async throws -> PackVersion?
    /// Records an activation step and the audit record of the write that made it, in one transaction.
    @discardableResult
    func record(_ activation: PackActivation, audit: AuditRecord) async throws -> PackActivation
    /// The whole activation history (every pack), oldest first.
    func packActivations() async throws -> [PackActivation]
}

extension PackActivation {
    /// The active version of each pack after replaying `history`: activations push, rollbacks pop.
    public static func activeVersions(_ history: [PackActivation]) -> [String: Int] {
        stacks(history).compactMapValues(\.last)
    }

    /// The version a rollback of `pack` would return to, or nil when there is none before the current one.
    public static func rollbackTarget(pack: String, _ history: [PackActivation]) -> Int? {
        let stack = stacks(history)[pack] ?? []
        return stack.count >= 2 ? stack[stack.count - 2] : nil
    }

    private static func stacks(_ history: [PackActivation]) -> [String: [Int]] {
        var stacks: [String: [Int]] = [:]
        for step in history {
            switch step.action {
            case .activate: stacks[step.pack, default: []].append(step.version)
            case .rollback:
                if stacks[step.pack]?.isEmpty == false { stacks[step.pack]?.removeLast() }
                if stacks[step.pack]?.last != step.version { stacks[step.pack, default: []].append(step.version) }
            }
        }
        return stacks
    }
}
