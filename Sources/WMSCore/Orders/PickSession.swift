/// One cart trip: the pick tasks of a batch in route order, with what has been picked and scanned so far.
/// Stored as a flow document of kind `pick` in the warehouse.
public struct PickSession: Hashable, Sendable, Codable {
    public var id: String
    public var warehouse: String
    public var wave: String
    /// `pick-and-sort` or `pick-to-tote`.
    public var kind: String
    public var routeMillimetres: Int64
    public var routeMethod: String
    /// Tasks in route order; tasks added by a re-allocation after a short pick come last.
    public var tasks: [PickTask]
    /// The location scanned for the current task (nil until scanned, reset when the location changes).
    public var scannedLocation: String?
    /// Dynamic counts opened by short picks.
    public var counts: [String] = []
    /// The pack station picked units are moved to in the ledger (set at the first item scan).
    public var packStation: String?
    /// Client operation ids applied (replays change nothing).
    public var operations: [String] = []

    public init(
        id: String, warehouse: String, wave: String, kind: String, routeMillimetres: Int64, routeMethod: String,
        tasks: [PickTask]
    ) {
        self.id = id
        self.warehouse = warehouse
        self.wave = wave
        self.kind = kind
        self.routeMillimetres = routeMillimetres
        self.routeMethod = routeMethod
        self.tasks = tasks
    }

    /// `open` while a task is left, else `complete`.
    public var status: String { current == nil ? "complete" : "open" }

    /// Index of the task to do now: the first open one.
    public var current: Int? { tasks.firstIndex { $0.state == .open } }
}

/// One line of a pick list: take `quantity` of `sku` (lot `lot`) from `location` for order `orderID`.
public struct PickTask: Hashable, Sendable, Codable {
    public enum State: String, Hashable, Sendable, Codable {
        case open
        case done
        /// The location held less; the rest was re-allocated or the order back-ordered.
        case short
        /// The order left the session (back-ordered after a short pick elsewhere).
        case cancelled
    }

    public var orderID: String
    /// Index into the order's allocations.
    public var allocationIndex: Int
    public var sku: String
    public var lot: String = ""
    public var location: String
    public var quantity: Int64
    public var picked: Int64 = 0
    public var tote: Int
    public var state: State = .open

    public init(orderID: String, allocationIndex: Int, sku: String, location: String, quantity: Int64, tote: Int) {
        self.orderID = orderID
        self.allocationIndex = allocationIndex
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.tote = tote
    }
}

/// The answer to a scan: accepted (with the task it counted for and what comes next) or refused with a reason.
public struct PickScanResult: Hashable, Sendable, Codable {
    /// Why a scan was refused; nothing is recorded then.
    public struct Refusal: Hashable, Sendable, Codable, CustomStringConvertible {
        public enum Code: String, Hashable, Sendable, Codable {
            case wrongLocation = "wrong-location"
            case wrongItem = "wrong-item"
            case scanLocationFirst = "scan-location-first"
            case overPick = "over-pick"
            case sessionComplete = "session-complete"
            /// The order left picking (cancelled, back-ordered): the item goes back, nothing was moved.
            case orderNotPicking = "order-not-picking"
            /// The ledger holds fewer units at the location than scanned: report a short pick (a count follows).
            case notInLedger = "not-in-ledger"
            /// The location is being counted: its stock does not move until the count closes.
            case locationFrozen = "location-frozen"
        }

        public var code: Code
        public var message: String
        public var description: String { "\(code.rawValue): \(message)" }
    }

    public var accepted: Bool
    public var refusal: Refusal?
    /// The task the scan was for.
    public var task: PickTask?
    /// The task to do next (nil when the session is complete).
    public var next: PickTask?
    /// Orders whose picking this scan completed.
    public var pickedOrders: [String] = []

    static func refused(_ code: Refusal.Code, _ message: String, task: PickTask?) -> PickScanResult {
        PickScanResult(accepted: false, refusal: Refusal(code: code, message: message), task: task, next: task)
    }
}

/// What a short pick led to.
public struct ShortPickResult: Hashable, Sendable, Codable {
    /// The dynamic count opened at the location (nil when a count already froze it).
    public var count: String?
    /// Units missing at the location.
    public var missing: Int64
    /// New allocations elsewhere in the warehouse (their tasks were added to the session).
    public var reallocated: [OrderAllocation]
    /// Set when the rest could not be re-allocated: the order is back-ordered with this reason.
    public var backOrder: BackOrderReason?
}
