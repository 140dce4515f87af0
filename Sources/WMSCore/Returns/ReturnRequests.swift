public import Foundation

/// One line a customer may send back.
public struct ReturnRequestLine: Hashable, Sendable, Codable {
    public var sku: String
    /// The lot shipped; empty picks the order's only lot of the SKU.
    public var lot: String
    public var quantity: Int64
    public var reason: ReturnReason

    public init(sku: String, lot: String = "", quantity: Int64, reason: ReturnReason) {
        self.sku = sku
        self.lot = lot
        self.quantity = quantity
        self.reason = reason
    }
}

/// Authorises a return against a shipped order.
public struct AuthoriseReturnRequest: Hashable, Sendable, Codable {
    /// The RMA number (printed on the return label; scanning it finds the RMA).
    public var rmaID: String
    public var orderID: String
    public var lines: [ReturnRequestLine]
    /// The returns location of the shipping warehouse that receives the parcel.
    public var returnsLocation: String
    /// Tracking number of the return parcel, when already known.
    public var parcel: String?
    public var operationID: String
    public var actor: String

    public init(
        rmaID: String, orderID: String, lines: [ReturnRequestLine], returnsLocation: String, parcel: String? = nil,
        operationID: String, actor: String
    ) {
        self.rmaID = rmaID
        self.orderID = orderID
        self.lines = lines
        self.returnsLocation = returnsLocation
        self.parcel = parcel
        self.operationID = operationID
        self.actor = actor
    }
}

/// One item scan at the returns desk: a SKU or GTIN, its lot, and how many units.
public struct ReturnItemScan: Hashable, Sendable, Codable {
    /// What the scanner read: our SKU or the product's GTIN.
    public var code: String
    public var lot: String
    public var quantity: Int64

    public init(code: String, lot: String = "", quantity: Int64 = 1) {
        self.code = code
        self.lot = lot
        self.quantity = quantity
    }
}

/// Receiving a return by scan: first the parcel (RMA number or return tracking number), then the items.
public struct ReceiveReturnRequest: Hashable, Sendable, Codable {
    public var warehouse: String
    /// The parcel scan: the RMA number or the return parcel's tracking number.
    public var parcel: String
    public var items: [ReturnItemScan]
    public var operationID: String
    public var actor: String
    public var device: String

    public init(
        warehouse: String, parcel: String, items: [ReturnItemScan], operationID: String, actor: String,
        device: String = ""
    ) {
        self.warehouse = warehouse
        self.parcel = parcel
        self.items = items
        self.operationID = operationID
        self.actor = actor
        self.device = device
    }
}

/// An inspector's verdict on received units of one line.
public struct GradeEntry: Hashable, Sendable, Codable {
    public var sku: String
    public var lot: String
    public var grade: ReturnGrade
    public var quantity: Int64
    /// The reason the inspector found, when it differs from the customer's.
    public var reason: ReturnReason?
    public var note: String

    public init(
        sku: String, lot: String = "", grade: ReturnGrade, quantity: Int64, reason: ReturnReason? = nil,
        note: String = ""
    ) {
        self.sku = sku
        self.lot = lot
        self.grade = grade
        self.quantity = quantity
        self.reason = reason
        self.note = note
    }
}

/// Units returned of one SKU for one reason and grade over a period.
public struct ReturnReasonCount: Hashable, Sendable, Codable {
    public var sku: String
    public var reason: ReturnReason
    public var grade: ReturnGrade
    public var quantity: Int64

    public init(sku: String, reason: ReturnReason, grade: ReturnGrade, quantity: Int64) {
        self.sku = sku
        self.reason = reason
        self.grade = grade
        self.quantity = quantity
    }
}
