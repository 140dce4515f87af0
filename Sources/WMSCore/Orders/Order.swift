public import Foundation

/// An order as the warehouse handles it: the intake it came from, where it stands, and everything decided on the
/// way (allocation, back-order reason, compliance holds and assessment, pick batch, parcel, tracking).
///
/// Orders are flow documents of kind `order` in the order desk's warehouse (`OrderService.desk`); `warehouse` is
/// the fulfilling warehouse once allocated.
public struct Order: Hashable, Sendable, Codable {
    public var id: String
    public var intake: OrderIntake
    public var status: OrderStatus
    /// The warehouse the order is allocated to (nil before allocation).
    public var warehouse: String?
    /// Carrier and transport chosen with the warehouse.
    public var route: OrderRoute?
    public var allocations: [OrderAllocation]
    /// Why the order is back-ordered, when it is.
    public var backOrder: BackOrderReason?
    /// Compliance holds from the last gate run (empty when released).
    public var holds: [OrderHold]
    /// The last assessment's decisions; the full assessment JSON is the flow document `assessmentDocumentID`.
    public var assessment: OrderAssessment?
    /// The pick batch (pick session id) the order is on.
    public var pickBatch: String?
    public var parcel: Parcel?
    public var trackingNumber: String?
    /// When the shipment was posted (nil before shipping, and for orders shipped before this field existed).
    public var shippedAt: Date?
    public var history: [OrderEvent]
    /// Client operation ids already applied to this order (replays change nothing).
    public var operations: [String]

    /// Creates a received order.
    public init(id: String, intake: OrderIntake) {
        self.id = id
        self.intake = intake
        self.status = .received
        self.allocations = []
        self.holds = []
        self.history = []
        self.operations = []
    }

    /// Moves to `next`, recording why; throws `transitionNotAllowed` for a move the status machine forbids.
    public mutating func move(to next: OrderStatus, operation: String, note: String = "") throws(FlowError) {
        guard status.canMove(to: next) else {
            throw FlowError(
                .transitionNotAllowed, field: "status", value: status.rawValue,
                "order \(id) is \(status.rawValue) and cannot become \(next.rawValue)")
        }
        history.append(OrderEvent(from: status, to: next, operation: operation, note: note))
        status = next
    }

    /// Units of line `index` allocated (and not given up).
    public func allocated(line index: Int) -> Int64 {
        allocations.filter { $0.lineIndex == index }.reduce(0) { $0 + $1.quantity }
    }

    /// What left the warehouse, line by line (for returns): SKU, lot, quantity, unit price, currency, destination.
    public var shippedLines: [ShippedLine] {
        guard status == .shipped, let warehouse else { return [] }
        return allocations.map { allocation in
            let line = intake.lines[allocation.lineIndex]
            return ShippedLine(
                lineID: line.lineID, sku: allocation.sku, lot: allocation.lot, quantity: allocation.quantity,
                unitPrice: line.unitPrice, currency: intake.currency, destination: intake.shipTo.country,
                warehouse: warehouse, location: allocation.location)
        }
    }
}

/// How an allocated order travels.
public struct OrderRoute: Hashable, Sendable, Codable {
    public var carrier: String
    /// `road`, `air`, `postal`, `courier`, … as the rule packs read it.
    public var transport: String
    /// `passenger` or `cargo` for air.
    public var aircraft: String?

    public init(carrier: String, transport: String, aircraft: String? = nil) {
        self.carrier = carrier
        self.transport = transport
        self.aircraft = aircraft
    }
}

/// Units of one order line promised from one lot at one location, under one reservation.
public struct OrderAllocation: Hashable, Sendable, Codable {
    public var lineIndex: Int
    public var sku: String
    public var lot: String
    public var location: String
    public var quantity: Int64
    /// The store reservation covering the line (one per line and allocation attempt).
    public var reservationID: String
    /// Units picked so far.
    public var picked: Int64
    /// Units of this allocation moved in the ledger from `location` to the pack station `stagedAt` by picking
    /// (nil: none yet). They ship from there; the rest is still claimed at `location`.
    public var staged: Int64?
    public var stagedAt: String?

    public init(
        lineIndex: Int, sku: String, lot: String, location: String, quantity: Int64, reservationID: String,
        picked: Int64 = 0
    ) {
        self.lineIndex = lineIndex
        self.sku = sku
        self.lot = lot
        self.location = location
        self.quantity = quantity
        self.reservationID = reservationID
        self.picked = picked
    }

    /// Units staged at the pack station.
    public var stagedUnits: Int64 { stagedAt == nil ? 0 : staged ?? 0 }
}

extension Order {
    /// `; picked units to put away: 2 of SKU at PACK-1, …` for a history note when the order leaves picking with
    /// staged units (they stay at the pack station, free); empty when none are staged.
    var stagedNote: String {
        let staged = allocations.filter { $0.stagedUnits > 0 }.map {
            "\($0.stagedUnits) of \($0.sku) at \($0.stagedAt ?? "")"
        }
        return staged.isEmpty ? "" : "; picked units to put away: \(staged.joined(separator: ", "))"
    }
}

/// Why an order could not be allocated: never an unexplained back-order.
public struct BackOrderReason: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable {
        /// Not enough sellable stock in any warehouse serving the destination (expired lots do not count).
        case noStock = "no-stock"
        /// Enough stock exists, but only in frozen/defective buckets or in locations frozen by an open count.
        case stockFrozen = "stock-frozen"
        /// Enough stock exists, but only frozen in quarantine (a customs or compliance hold on the goods).
        case complianceHold = "compliance-hold"
        /// No warehouse of the network serves the destination country.
        case destinationNotServed = "destination-not-served"
    }

    public var code: Code
    /// The SKU that is short, when one is.
    public var sku: String?
    public var message: String

    public init(code: Code, sku: String? = nil, message: String) {
        self.code = code
        self.sku = sku
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// A compliance hold on an order, with the rule that fired and its cited source.
public struct OrderHold: Hashable, Sendable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// `pack.rule`, or `order-gate.<check>` for holds the gate raises itself (data the rules need is missing).
    public var rule: String
    public var source: String

    public init(code: String, message: String, rule: String, source: String) {
        self.code = code
        self.message = message
        self.rule = rule
        self.source = source
    }

    public var description: String { "\(code) [\(rule)]: \(message)" }
}

/// The decisions of an order's assessment the later steps need.
public struct OrderAssessment: Hashable, Sendable, Codable {
    /// Dangerous-goods decisions for one line.
    public struct DangerousGoods: Hashable, Sendable, Codable {
        public var sku: String
        public var unNumber: String?
        public var dgClass: String?
        public var packingInstruction: String?
        public var section: String?
        public var air: String?
        /// Marks and labels the parcel must carry.
        public var labels: [String]
        /// For the shipper's declaration, from the dangerous-goods list of the rules (absent in orders assessed
        /// before the rules gave them).
        public var properShippingName: String? = nil
        public var packingGroup: String? = nil
        public var subsidiaryHazard: String? = nil
    }

    /// `release` or `hold`.
    public var decision: String
    public var regime: String?
    /// Documents the assessment lists.
    public var documents: [String]
    public var dangerousGoods: [DangerousGoods]
    public var packSetHash: String
    /// The assessment date.
    public var date: String
    /// Flow document (kind `assessment`, in the order desk) holding the full assessment JSON with its explanation.
    public var documentID: String
}

/// A packed parcel.
public struct Parcel: Hashable, Sendable, Codable {
    public var grossGrams: Int64
    /// Dangerous-goods marks applied by the packer.
    public var marks: [String]
    public var sscc: String
    public var documents: [ShipmentDocument]

    public init(grossGrams: Int64, marks: [String], sscc: String, documents: [ShipmentDocument]) {
        self.grossGrams = grossGrams
        self.marks = marks
        self.sscc = sscc
        self.documents = documents
    }
}

/// A document produced for a parcel, stored as a flow document (kind `shipment-document`) in the order desk.
public struct ShipmentDocument: Hashable, Sendable, Codable {
    /// `h7`, `cn23`, `invoice`, `label`, …
    public var kind: String
    /// Flow document id.
    public var id: String
    /// SHA-256 of the document's bytes, hex.
    public var sha256: String
    public var bytes: Int

    public init(kind: String, id: String, sha256: String, bytes: Int) {
        self.kind = kind
        self.id = id
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// One status change.
public struct OrderEvent: Hashable, Sendable, Codable {
    public var from: OrderStatus
    public var to: OrderStatus
    public var operation: String
    public var note: String
}

/// One shipped line, as returns need it.
public struct ShippedLine: Hashable, Sendable, Codable {
    public var lineID: String
    public var sku: String
    public var lot: String
    public var quantity: Int64
    public var unitPrice: Decimal
    public var currency: String
    /// ISO 3166 alpha-2 destination country.
    public var destination: String
    public var warehouse: String
    public var location: String
}
