internal import Foundation
internal import WMSCore

/// Row ↔ domain conversions shared by both backends (same column order in both schemas).
enum StoreCoding {
    /// Products decoded by their stored text (read on every pack, pick and release).
    static let products = DecodedCache<Product>()

    static let entryColumns = """
        warehouse, sequence, leg, client_op_id, sku, lot, kind, from_location, from_bucket, to_location, to_bucket, \
        quantity, reason, document_ref, actor, device, recorded_at_ms, reservation_id, previous_hash, hash
        """

    static func entryParameters(_ entry: LedgerEntry) -> [SQLValue] {
        [
            .text(entry.warehouse), .integer(entry.sequence), .integer(Int64(entry.leg)),
            .text(entry.clientOperationID), .text(entry.sku), .text(entry.lot), .text(entry.kind.rawValue),
            entry.from.map { .text($0.location) } ?? .null, entry.from.map { .text($0.bucket.rawValue) } ?? .null,
            entry.to.map { .text($0.location) } ?? .null, entry.to.map { .text($0.bucket.rawValue) } ?? .null,
            .integer(entry.quantity), .text(entry.reason), .text(entry.documentReference), .text(entry.actor),
            .text(entry.device), .integer(entry.recordedAtMilliseconds),
            entry.reservationID.map { .text($0) } ?? .null, .text(entry.previousHash), .text(entry.hash),
        ]
    }

    static func entry(_ row: SQLRow) throws -> LedgerEntry {
        func position(_ location: Int, _ bucket: Int) throws -> StockPosition? {
            guard let name = row.optionalText(bucket) else { return nil }
            guard let value = Bucket(rawValue: name) else {
                throw WMSError(.storage, field: "bucket", value: name, "unknown bucket in stored entry")
            }
            return StockPosition(location: row.text(location), bucket: value)
        }
        guard let kind = MovementKind(rawValue: row.text(6)) else {
            throw WMSError(.storage, field: "kind", value: row.text(6), "unknown movement kind in stored entry")
        }
        return LedgerEntry(
            warehouse: row.text(0), sequence: row.int(1), leg: Int(row.int(2)), clientOperationID: row.text(3),
            sku: row.text(4), lot: row.text(5), kind: kind, from: try position(7, 8), to: try position(9, 10),
            quantity: row.int(11), reason: row.text(12), documentReference: row.text(13), actor: row.text(14),
            device: row.text(15), recordedAtMilliseconds: row.int(16), reservationID: row.optionalText(17),
            previousHash: row.text(18), hash: row.text(19))
    }

    static let locationColumns = "warehouse, code, zone, zone_kind, aisle, bay, level, bin, x_mm, y_mm"

    static func locationParameters(_ location: Location) -> [SQLValue] {
        [
            .text(location.warehouse), .text(location.code), .text(location.zone), .text(location.zoneKind.rawValue),
            .text(location.aisle), .text(location.bay), .text(location.level), .text(location.bin),
            .integer(location.xMillimetres), .integer(location.yMillimetres),
        ]
    }

    static func location(_ row: SQLRow) -> Location {
        Location(
            warehouse: row.text(0), code: row.text(1), zone: row.text(2),
            zoneKind: ZoneKind(rawValue: row.text(3)) ?? .general, aisle: row.text(4), bay: row.text(5),
            level: row.text(6), bin: row.text(7), xMillimetres: row.int(8), yMillimetres: row.int(9))
    }

    static func warehouseParameters(_ warehouse: Warehouse) -> [SQLValue] {
        [
            .text(warehouse.code), .text(warehouse.name), .text(warehouse.country), .text(warehouse.timeZone),
            .text(warehouse.currency), .text(warehouse.languages.joined(separator: ",")),
        ]
    }

    static func warehouse(_ row: SQLRow) -> Warehouse {
        Warehouse(
            code: row.text(0), name: row.text(1), country: row.text(2), timeZone: row.text(3),
            currency: row.text(4), languages: row.text(5).split(separator: ",").map(String.init))
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    static func reservation(_ row: SQLRow) -> Reservation {
        Reservation(
            id: row.text(0), warehouse: row.text(1), sku: row.text(2), orderReference: row.text(3),
            quantity: row.int(4), remaining: row.int(5), status: Reservation.Status(rawValue: row.text(6)) ?? .open)
    }

    static let reservationColumns = "id, warehouse, sku, order_ref, quantity, remaining, status"

    static func balance(_ row: SQLRow) -> Balance {
        Balance(
            warehouse: row.text(0), location: row.text(1), sku: row.text(2), lot: row.text(3),
            bucket: Bucket(rawValue: row.text(4)) ?? .frozen, quantity: row.int(5))
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    static let documentColumns = "warehouse, kind, id, status, data, version"

    static func document(_ row: SQLRow) -> FlowDocument {
        FlowDocument(
            warehouse: row.text(0), kind: row.text(1), id: row.text(2), status: row.text(3), data: row.text(4),
            version: Int(row.int(5)))
    }

    static func documentConflict(_ document: FlowDocument, stored: Int) -> WMSError {
        WMSError(
            .operationConflict, field: "\(document.kind).\(document.id)", value: String(document.version),
            "\(document.kind) '\(document.id)' changed meanwhile (stored version \(stored), expected \(document.version)); reload and retry"
        )
    }
}
