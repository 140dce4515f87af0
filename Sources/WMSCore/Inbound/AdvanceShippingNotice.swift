/// One line of a bill of lading / advance shipping notice: what a carton of a container holds.
public struct ASNLine: Hashable, Sendable, Codable {
    /// The CSV row it came from (the header is row 1), for error reports.
    public var row: Int
    public var container: String
    public var carton: String
    public var sku: String
    public var quantity: Int64
    public var lot: String
    /// Expiry `YYYY-MM-DD` of the lot, when it expires.
    public var expiry: String?
    public var hsCode: String?
    /// Declared country of origin (ISO alpha-2).
    public var origin: String?

    public init(
        row: Int, container: String, carton: String = "", sku: String, quantity: Int64, lot: String = "",
        expiry: String? = nil, hsCode: String? = nil, origin: String? = nil
    ) {
        self.row = row
        self.container = container
        self.carton = carton
        self.sku = sku
        self.quantity = quantity
        self.lot = lot
        self.expiry = expiry
        self.hsCode = hsCode
        self.origin = origin
    }

    /// The key receiving matches on: container, SKU and lot.
    var key: ReceiptKey { ReceiptKey(container: container, sku: sku, lot: lot) }
}

/// Container, SKU and lot: what a receiving scan is matched against.
public struct ReceiptKey: Hashable, Sendable, Codable, Comparable {
    public var container: String
    public var sku: String
    public var lot: String

    public init(container: String, sku: String, lot: String = "") {
        self.container = container
        self.sku = sku
        self.lot = lot
    }

    var text: String { "\(container)\u{1F}\(sku)\u{1F}\(lot)" }

    init?(text: String) {
        let parts = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { return nil }
        self.init(container: parts[0], sku: parts[1], lot: parts[2])
    }

    public static func < (a: ReceiptKey, b: ReceiptKey) -> Bool {
        (a.container, a.sku, a.lot) < (b.container, b.sku, b.lot)
    }
}

/// An ASN as parsed from a file, before it is checked against master data.
public struct AdvanceShippingNotice: Hashable, Sendable, Codable {
    public var id: String
    public var warehouse: String
    public var billOfLading: String
    public var lines: [ASNLine]

    public init(id: String, warehouse: String, billOfLading: String = "", lines: [ASNLine]) {
        self.id = id
        self.warehouse = warehouse
        self.billOfLading = billOfLading
        self.lines = lines
    }
}
