/// An error from a warehouse operation: what is wrong, with the field and value that caused it.
///
/// Equality compares the code only, so tests and callers can match on the kind of failure.
/// `description` is safe to log; `debugDescription` adds the offending value.
public struct WMSError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure.
    public enum Code: String, Sendable, Hashable {
        case invalidField = "invalid-field"
        case unknownWarehouse = "unknown-warehouse"
        case unknownLocation = "unknown-location"
        case unknownSKU = "unknown-sku"
        case unknownLot = "unknown-lot"
        case unknownReservation = "unknown-reservation"
        case insufficientStock = "insufficient-stock"
        case insufficientAvailableToPromise = "insufficient-atp"
        case reservedStockWouldBeUncovered = "reserved-uncovered"
        case operationConflict = "operation-conflict"
        case storage = "storage"
        case migration = "migration"
        case configuration = "configuration"
    }

    /// The kind of failure.
    public let code: Code
    /// The field path the failure is about (`lines[0].quantity`, `sku`), when there is one.
    public let field: String?
    /// The offending value, when it helps to name it.
    public let value: String?
    /// A human sentence saying what is wrong.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, field: String? = nil, value: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.value = value
        self.message = message
    }

    public static func == (lhs: WMSError, rhs: WMSError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(message)" }
        return "\(code.rawValue): \(message)"
    }

    public var debugDescription: String {
        var text = description
        if let value { text += " (value: \(value))" }
        return text
    }

    static func invalid(_ field: String, _ value: String, _ message: String) -> WMSError {
        WMSError(.invalidField, field: field, value: value, "\(message) (got '\(value)')")
    }
}
