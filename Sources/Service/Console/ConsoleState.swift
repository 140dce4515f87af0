import Foundation
import HTTPTypes
import Synchronization

/// What the console keeps in memory: one-time sign-in tickets (issued in-process only, e.g. by the browser test
/// or an operator tool; there is no HTTP route that issues one).
public final class ConsoleState: Sendable {
    private let tickets = Mutex<[String: (username: String, until: Date)]>([:])

    public init() {}

    /// A ticket that signs `username` in once within `lifetime` seconds at `/console/login/ticket?ticket=…`.
    public func issueTicket(for username: String, lifetime: Double = 60) -> String {
        let ticket = TokenMaker.make()
        let hash = ConsoleSecurity.hash(ticket)
        tickets.withLock { $0[hash] = (username, Date().addingTimeInterval(lifetime)) }
        return ticket
    }

    /// The user of a valid ticket, which is used up.
    func redeem(_ ticket: String) -> String? {
        let hash = ConsoleSecurity.hash(ticket)
        return tickets.withLock { entries -> String? in
            guard let entry = entries.removeValue(forKey: hash), entry.until > Date() else { return nil }
            return entry.username
        }
    }
}
