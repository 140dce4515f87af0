import ComplianceEngine
import Foundation
import Intelligence
import WMSCore

/// The shipped rule packs (with inventory-policy), loaded once.
enum Fixtures {
    static let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Rules").path

    static let packSet: PackSet = {
        let result = RuleFiles.load(directory: rulesDirectory)
        guard let packSet = result.packSet else { fatalError("Rules/ does not load: \(result.errors)") }
        return packSet
    }()

    static let today = Day(parsing: "2026-11-28")!

    static func policy(_ packSet: PackSet = packSet) throws -> InventoryPolicy {
        try InventoryPolicy(packSet: packSet, day: today)
    }

    /// A ledger entry `daysAgo` days before today (hash fields are irrelevant here).
    static func entry(
        _ kind: MovementKind, sku: String, lot: String = "", quantity: Int64, from: Bucket? = nil, to: Bucket? = nil,
        daysAgo: Int32, reason: String = "", warehouse: String = "DE-FRA1"
    ) -> LedgerEntry {
        let day = today.adding(days: -daysAgo)
        return LedgerEntry(
            warehouse: warehouse, sequence: 0, leg: 0, clientOperationID: "op", sku: sku, lot: lot, kind: kind,
            from: from.map { StockPosition(location: "A-01-1", bucket: $0) },
            to: to.map { StockPosition(location: "A-01-1", bucket: $0) }, quantity: quantity, reason: reason,
            documentReference: "", actor: "test", device: "", recordedAtMilliseconds: Int64(day.ordinal) * 86_400_000 + 3_600_000,
            reservationID: nil, previousHash: "", hash: "")
    }
}
