/// The grade an inspector gives a returned unit, and where it goes.
public enum ReturnGrade: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    /// As new: resell (available).
    case a = "A"
    /// Needs refurbishing (defective until done).
    case b = "B"
    /// Defective.
    case c = "C"
    /// To be destroyed (pending-destruction; destroying it is checked against the rules later).
    case d = "D"

    /// The bucket a unit of this grade is restocked into.
    public var bucket: Bucket {
        switch self {
        case .a: .available
        case .b, .c: .defective
        case .d: .pendingDestruction
        }
    }

    /// The ledger reason of the restock movement.
    var restockReason: String {
        switch self {
        case .a: "return-resell"
        case .b: "return-refurbish"
        case .c: "return-defective"
        case .d: "return-destroy"
        }
    }

    public static func < (lhs: ReturnGrade, rhs: ReturnGrade) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a customer returned an item (the customer's stated reason, or the reason the inspector found).
public enum ReturnReason: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case damagedInTransit = "damaged-in-transit"
    case defective
    case wrongItemSent = "wrong-item-sent"
    case notAsDescribed = "not-as-described"
    case sizeOrFit = "size-fit"
    case noLongerNeeded = "no-longer-needed"
    case arrivedLate = "arrived-late"
    case missingParts = "missing-parts"
    case other

    public static func < (lhs: ReturnReason, rhs: ReturnReason) -> Bool { lhs.rawValue < rhs.rawValue }
}
