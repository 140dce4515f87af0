/// A shipment's first mile as a pure state machine: in transit → arrived → under customs inspection → released.
///
/// Customs may release on arrival without inspecting. Each event returns the action the inbound service must
/// take on stock; an event that does not apply in the current state is refused.
public struct FirstMile: Hashable, Sendable, Codable {
    /// The first-mile status.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        case inTransit = "in-transit"
        case arrived
        case underInspection = "under-customs-inspection"
        case released
    }

    /// What happened to the shipment.
    public enum Event: String, Hashable, Sendable, Codable {
        case arrive
        case inspect
        case release
    }

    /// What the service does with stock as a result.
    public enum Action: Hashable, Sendable {
        /// Only the status changes.
        case record
        /// Move the inspected SKUs/lots from in-transit to frozen.
        case freeze
        /// Return frozen stock to in-transit so it can be received.
        case unfreeze
    }

    public private(set) var status: Status

    public init(status: Status = .inTransit) { self.status = status }

    /// Whether goods can be received (scanned at the dock).
    public var canReceive: Bool { status != .inTransit }

    /// Applies `event`; throws `transitionNotAllowed` naming both when it does not apply.
    public mutating func handle(_ event: Event) throws(FlowError) -> Action {
        switch (status, event) {
        case (.inTransit, .arrive):
            status = .arrived
            return .record
        case (.arrived, .inspect), (.underInspection, .inspect):
            status = .underInspection
            return .freeze
        case (.underInspection, .release):
            status = .released
            return .unfreeze
        case (.arrived, .release):
            status = .released
            return .record
        default:
            throw FlowError(
                .transitionNotAllowed, field: "status", value: status.rawValue,
                "cannot \(event.rawValue) a shipment that is \(status.rawValue)")
        }
    }
}
