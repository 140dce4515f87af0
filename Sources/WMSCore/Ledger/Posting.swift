public import Foundation

/// One movement of stock inside a posting.
public struct Movement: Hashable, Sendable, Codable {
    public var sku: String
    /// Lot number, or empty for untracked stock.
    public var lot: String
    public var kind: MovementKind
    /// Where the stock comes from; nil only for a receipt.
    public var from: StockPosition?
    /// Where the stock goes; nil only for a shipment or a destruction.
    public var to: StockPosition?
    /// Units moved; always greater than zero.
    public var quantity: Int64
    /// Short reason code such as `putaway`, `customs-hold`, `damaged`.
    public var reason: String
    /// For a shipment: the reservation it fulfils (its remaining quantity goes down by `quantity`).
    public var reservationID: String?

    public init(
        sku: String, lot: String = "", kind: MovementKind, from: StockPosition?, to: StockPosition?,
        quantity: Int64, reason: String, reservationID: String? = nil
    ) {
        self.sku = sku
        self.lot = lot
        self.kind = kind
        self.from = from
        self.to = to
        self.quantity = quantity
        self.reason = reason
        self.reservationID = reservationID
    }

    /// A receipt into `to`.
    public static func receipt(
        sku: String, lot: String = "", quantity: Int64, to: StockPosition, reason: String = "receipt"
    ) -> Movement {
        Movement(sku: sku, lot: lot, kind: .receipt, from: nil, to: to, quantity: quantity, reason: reason)
    }

    /// A move between positions (location, bucket or both).
    public static func transfer(
        sku: String, lot: String = "", quantity: Int64, from: StockPosition, to: StockPosition, reason: String
    ) -> Movement {
        Movement(sku: sku, lot: lot, kind: .transfer, from: from, to: to, quantity: quantity, reason: reason)
    }

    /// A shipment out of available stock at `location`.
    public static func shipment(
        sku: String, lot: String = "", quantity: Int64, from location: String, reservationID: String? = nil,
        reason: String = "shipment"
    ) -> Movement {
        Movement(
            sku: sku, lot: lot, kind: .shipment, from: StockPosition(location: location, bucket: .available),
            to: nil, quantity: quantity, reason: reason, reservationID: reservationID)
    }

    /// A count adjustment: a gain (`delta` > 0) into `bucket` at `location` from nothing, or a loss out of it.
    public static func adjustment(
        sku: String, lot: String = "", delta: Int64, at location: String, bucket: Bucket = .available,
        reason: String
    ) -> Movement {
        let position = StockPosition(location: location, bucket: bucket)
        return Movement(
            sku: sku, lot: lot, kind: .adjustment, from: delta < 0 ? position : nil, to: delta > 0 ? position : nil,
            quantity: delta < 0 ? 0 &- delta : delta, reason: reason)
    }

    /// A destruction of stock pending destruction at `location`.
    public static func destruction(
        sku: String, lot: String = "", quantity: Int64, from location: String, reason: String = "destruction"
    ) -> Movement {
        Movement(
            sku: sku, lot: lot, kind: .destruction,
            from: StockPosition(location: location, bucket: .pendingDestruction), to: nil, quantity: quantity,
            reason: reason)
    }
}

/// One atomic, idempotent write to a warehouse's ledger: every movement is applied, or none.
public struct Posting: Hashable, Sendable, Codable {
    /// Made by the client (scanner, edge node, integrator); a replay with the same id writes nothing.
    public var clientOperationID: String
    public var warehouse: String
    /// The business document behind the movement (ASN, order, count, transfer number).
    public var documentReference: String
    public var actor: String
    public var device: String
    public var movements: [Movement]
    /// When the movement happened; the store's clock when nil.
    public var recordedAt: Date?

    public init(
        clientOperationID: String, warehouse: String, documentReference: String = "", actor: String,
        device: String = "", movements: [Movement], recordedAt: Date? = nil
    ) {
        self.clientOperationID = clientOperationID
        self.warehouse = warehouse
        self.documentReference = documentReference
        self.actor = actor
        self.device = device
        self.movements = movements
        self.recordedAt = recordedAt
    }

    /// Checks the posting's shape (not stock levels or master data, which the store checks atomically).
    public func validate() throws {
        try Validate.code(clientOperationID, field: "clientOperationID", maxLength: 100)
        try Validate.code(warehouse, field: "warehouse")
        guard !actor.isEmpty else { throw WMSError.invalid("actor", actor, "must not be empty") }
        guard !movements.isEmpty else { throw WMSError.invalid("movements", "[]", "a posting needs a movement") }
        guard movements.count <= 10_000 else {
            throw WMSError.invalid("movements", String(movements.count), "at most 10000 movements per posting")
        }
        for (index, movement) in movements.enumerated() {
            try movement.validate(path: "movements[\(index)]")  // an autoclosure: built only for an error
        }
    }
}

extension Movement {
    func validate(path pathText: @autoclosure () -> String) throws {
        var path: String { pathText() }
        try Validate.code(sku, field: "\(path).sku", maxLength: 64)
        if !lot.isEmpty { try Validate.code(lot, field: "\(path).lot", maxLength: 20) }
        try Validate.positive(quantity, field: "\(path).quantity")
        guard !reason.isEmpty else { throw WMSError.invalid("\(path).reason", reason, "must not be empty") }
        switch kind {
        case .receipt:
            guard from == nil else { throw WMSError.invalid("\(path).from", "set", "a receipt has no source") }
            guard let to else { throw WMSError.invalid("\(path).to", "null", "a receipt needs a destination") }
            guard to.bucket != .pendingDestruction else {
                throw WMSError.invalid(
                    "\(path).to.bucket", to.bucket.rawValue, "receipts cannot go straight to pending-destruction")
            }
        case .shipment:
            guard let from, from.bucket == .available else {
                throw WMSError.invalid(
                    "\(path).from.bucket", from?.bucket.rawValue ?? "null", "shipments leave from available stock")
            }
            guard to == nil else { throw WMSError.invalid("\(path).to", "set", "a shipment has no destination") }
        case .destruction:
            guard let from, from.bucket == .pendingDestruction else {
                throw WMSError.invalid(
                    "\(path).from.bucket", from?.bucket.rawValue ?? "null",
                    "only pending-destruction stock can be destroyed")
            }
            guard to == nil else { throw WMSError.invalid("\(path).to", "set", "a destruction has no destination") }
        case .adjustment:
            guard (from == nil) != (to == nil) else {
                throw WMSError.invalid(
                    "\(path).to", to == nil ? "null" : "set",
                    "an adjustment has exactly one side: a gain has only a destination, a loss only a source")
            }
            if let to, to.bucket == .inTransit || to.location.isEmpty {
                throw WMSError.invalid("\(path).to.bucket", to.bucket.rawValue, "a count gain goes into a location")
            }
        case .transfer:
            guard let from else { throw WMSError.invalid("\(path).from", "null", "a transfer needs a source") }
            guard let to else { throw WMSError.invalid("\(path).to", "null", "a transfer needs a destination") }
            guard from != to else {
                throw WMSError.invalid("\(path).to", to.location, "a transfer must change location or bucket")
            }
        }
        if kind != .shipment, let reservationID {
            throw WMSError.invalid("\(path).reservationID", reservationID, "only shipments fulfil reservations")
        }
        func check(_ position: StockPosition?, _ name: String) throws {
            guard let position else { return }
            if position.location.isEmpty {
                guard position.bucket == .inTransit else {
                    throw WMSError.invalid(
                        "\(path).\(name).location", "", "only in-transit stock may be without a location")
                }
            } else {
                try Validate.code(position.location, field: "\(path).\(name).location")
            }
        }
        try check(from, "from")
        try check(to, "to")
    }
}
