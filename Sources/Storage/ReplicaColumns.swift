import WMSCore

/// A batch's ledger entries as they travel: one array per field instead of one keyed object per entry, so
/// thousands of entries are coded without a keyed container each (the larger part of a push's coding time on
/// both sides). Every field of every entry is still carried verbatim, hashes included.
struct LedgerColumns: Codable {
    var warehouse: [String] = []
    var sequence: [Int64] = []
    var leg: [Int] = []
    var clientOperationID: [String] = []
    var sku: [String] = []
    var lot: [String] = []
    var kind: [MovementKind] = []
    var fromLocation: [String?] = []
    var fromBucket: [Bucket?] = []
    var toLocation: [String?] = []
    var toBucket: [Bucket?] = []
    var quantity: [Int64] = []
    var reason: [String] = []
    var documentReference: [String] = []
    var actor: [String] = []
    var device: [String] = []
    var recordedAtMilliseconds: [Int64] = []
    var reservationID: [String?] = []
    var previousHash: [String] = []
    var hash: [String] = []

    /// Every column's key, as the wire carries it.
    static let names = [
        "warehouse", "sequence", "leg", "clientOperationID", "sku", "lot", "kind", "fromLocation", "fromBucket",
        "toLocation", "toBucket", "quantity", "reason", "documentReference", "actor", "device",
        "recordedAtMilliseconds", "reservationID", "previousHash", "hash",
    ]

    init(_ entries: [LedgerEntry]) {
        for entry in entries {
            warehouse.append(entry.warehouse)
            sequence.append(entry.sequence)
            leg.append(entry.leg)
            clientOperationID.append(entry.clientOperationID)
            sku.append(entry.sku)
            lot.append(entry.lot)
            kind.append(entry.kind)
            fromLocation.append(entry.from?.location)
            fromBucket.append(entry.from?.bucket)
            toLocation.append(entry.to?.location)
            toBucket.append(entry.to?.bucket)
            quantity.append(entry.quantity)
            reason.append(entry.reason)
            documentReference.append(entry.documentReference)
            actor.append(entry.actor)
            device.append(entry.device)
            recordedAtMilliseconds.append(entry.recordedAtMilliseconds)
            reservationID.append(entry.reservationID)
            previousHash.append(entry.previousHash)
            hash.append(entry.hash)
        }
    }

    /// The entries back; columns of different lengths, or a position with a location and no bucket (or the
    /// reverse), are a decoding error naming the column.
    func entries(codingPath: [any CodingKey]) throws -> [LedgerEntry] {
        let count = sequence.count
        let lengths: [(String, Int)] = [
            ("warehouse", warehouse.count), ("leg", leg.count), ("clientOperationID", clientOperationID.count),
            ("sku", sku.count), ("lot", lot.count), ("kind", kind.count), ("fromLocation", fromLocation.count),
            ("fromBucket", fromBucket.count), ("toLocation", toLocation.count), ("toBucket", toBucket.count),
            ("quantity", quantity.count), ("reason", reason.count), ("documentReference", documentReference.count),
            ("actor", actor.count), ("device", device.count), ("recordedAtMilliseconds", recordedAtMilliseconds.count),
            ("reservationID", reservationID.count), ("previousHash", previousHash.count), ("hash", hash.count),
        ]
        func corrupted(_ message: String) -> DecodingError {
            .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
        }
        for (name, length) in lengths where length != count {
            throw corrupted("column '\(name)' has \(length) values, 'sequence' \(count)")
        }
        func position(_ location: String?, _ bucket: Bucket?, _ side: String, _ index: Int) throws -> StockPosition? {
            switch (location, bucket) {
            case (nil, nil): return nil
            case (let location?, let bucket?): return StockPosition(location: location, bucket: bucket)
            default: throw corrupted("entry \(index): '\(side)Location' and '\(side)Bucket' go together")
            }
        }
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            entries.append(
                LedgerEntry(
                    warehouse: warehouse[index], sequence: sequence[index], leg: leg[index],
                    clientOperationID: clientOperationID[index], sku: sku[index], lot: lot[index], kind: kind[index],
                    from: try position(fromLocation[index], fromBucket[index], "from", index),
                    to: try position(toLocation[index], toBucket[index], "to", index), quantity: quantity[index],
                    reason: reason[index], documentReference: documentReference[index], actor: actor[index],
                    device: device[index], recordedAtMilliseconds: recordedAtMilliseconds[index],
                    reservationID: reservationID[index], previousHash: previousHash[index], hash: hash[index]))
        }
        return entries
    }
}
