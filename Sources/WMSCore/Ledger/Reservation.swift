/// A request to promise available stock of a SKU to an order.
public struct ReservationRequest: Hashable, Sendable, Codable {
    /// Made by the client; a replay returns the first reservation and reserves nothing more.
    public var clientOperationID: String
    public var warehouse: String
    public var sku: String
    public var quantity: Int64
    public var orderReference: String

    public init(clientOperationID: String, warehouse: String, sku: String, quantity: Int64, orderReference: String) {
        self.clientOperationID = clientOperationID
        self.warehouse = warehouse
        self.sku = sku
        self.quantity = quantity
        self.orderReference = orderReference
    }

    /// Checks the request's fields.
    public func validate() throws {
        try Validate.code(clientOperationID, field: "clientOperationID", maxLength: 100)
        try Validate.code(warehouse, field: "warehouse")
        try Validate.code(sku, field: "sku", maxLength: 64)
        try Validate.positive(quantity, field: "quantity")
        guard !orderReference.isEmpty else {
            throw WMSError.invalid("orderReference", orderReference, "must not be empty")
        }
    }
}

/// Stock promised to an order; `remaining` goes down as shipments fulfil it, or to zero when released.
public struct Reservation: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        case open
        case fulfilled
        case released
    }

    /// The client operation id that created it.
    public var id: String
    public var warehouse: String
    public var sku: String
    public var orderReference: String
    public var quantity: Int64
    public var remaining: Int64
    public var status: Status

    public init(
        id: String, warehouse: String, sku: String, orderReference: String, quantity: Int64, remaining: Int64,
        status: Status
    ) {
        self.id = id
        self.warehouse = warehouse
        self.sku = sku
        self.orderReference = orderReference
        self.quantity = quantity
        self.remaining = remaining
        self.status = status
    }
}

/// The outcome of a reservation call.
public struct ReservationResult: Hashable, Sendable, Codable {
    public var reservation: Reservation
    public var replayed: Bool

    public init(reservation: Reservation, replayed: Bool) {
        self.reservation = reservation
        self.replayed = replayed
    }
}
