/// A sync failure: what went wrong, with the HTTP status and problem code when the centre answered.
public struct SyncError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The link failed (refused, reset, timed out): retried with backoff.
        case transport
        /// The centre answered with an error status.
        case refused
        /// A payload could not be compressed, expanded or decoded.
        case payload
        /// The centre's ledger holds entries the edge does not: the ledgers diverged; needs a person.
        case diverged
        case configuration
    }

    public var code: Code
    public var message: String
    /// HTTP status when the centre answered.
    public var status: Int?
    /// The problem code of the centre's answer (`ledger-fork`, `broken-chain`, …).
    public var problem: String?

    public init(_ code: Code, _ message: String, status: Int? = nil, problem: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.problem = problem
    }

    /// Whether trying again later may succeed.
    public var isRetryable: Bool {
        switch code {
        case .transport: return true
        case .refused: return (status ?? 500) >= 500 || status == 429 || status == 408
        case .payload, .diverged, .configuration: return false
        }
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let status { text += " (HTTP \(status)\(problem.map { ", \($0)" } ?? ""))" }
        return text
    }
}
