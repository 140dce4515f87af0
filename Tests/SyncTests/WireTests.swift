import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// The push payload: entries travel column by column and come back verbatim; malformed columns are refused.
@Suite("Sync wire format")
struct WireTests {
    /// Three chained entries: a receipt (no source), a transfer with a reservation, a shipment (no destination).
    static func entries() -> [LedgerEntry] {
        let shapes: [(MovementKind, StockPosition?, StockPosition?, String?)] = [
            (.receipt, nil, StockPosition(location: "A-01", bucket: .available), nil),
            (
                .transfer, StockPosition(location: "A-01", bucket: .available),
                StockPosition(location: "B-\"2\\", bucket: .frozen), "R-1"
            ),
            (.shipment, StockPosition(location: "B-\"2\\", bucket: .frozen), nil, nil),
        ]
        var previous = LedgerHasher.genesisHash
        return shapes.enumerated().map { index, shape in
            var entry = LedgerEntry(
                warehouse: "DE-WIRE", sequence: Int64(index + 1), leg: 0, clientOperationID: "op-\(index)",
                sku: "SKU-1", lot: index == 1 ? "L1" : "", kind: shape.0, from: shape.1, to: shape.2, quantity: 5,
                reason: "wire \(index) — ünïcode", documentReference: "DOC-\(index)", actor: "op", device: "scanner",
                recordedAtMilliseconds: 1_764_288_000_000 + Int64(index), reservationID: shape.3,
                previousHash: previous, hash: "")
            entry.hash = LedgerHasher.hash(of: entry)
            previous = entry.hash
            return entry
        }
    }

    static func batch(reservations: [Reservation]?) -> ReplicaBatch {
        let entries = entries()
        return ReplicaBatch(
            warehouse: "DE-WIRE", node: "edge-w", entries: entries, reservations: reservations, documents: [],
            edgeHead: ChainHead(warehouse: "DE-WIRE", sequence: 3, hash: entries[2].hash))
    }

    @Test("a batch survives the wire verbatim, with and without reservations")
    func roundTrip() throws {
        for batch in [Self.batch(reservations: nil), Self.batch(reservations: [])] {
            let back = try SyncEnvelope.wrap(batch).unwrap(ReplicaBatch.self)
            #expect(back == batch)
            #expect(back.reachesHead == batch.reachesHead)
            #expect(back.entries.map(LedgerHasher.hash(of:)) == batch.entries.map(\.hash))
        }
    }

    /// The batch's JSON with `edit` applied to its entry columns, wrapped as an edge would send it.
    static func tampered(_ edit: (inout [String: Any]) -> Void) throws -> SyncEnvelope {
        let json = try SyncWire.encoder.encode(batch(reservations: nil))
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var columns = try #require(object["entries"] as? [String: Any])
        edit(&columns)
        object["entries"] = columns
        let bytes = Array(try JSONSerialization.data(withJSONObject: object))
        let envelope: [String: Any] = [
            "encoding": "deflate", "size": bytes.count,
            "data": Data(try Deflate.deflate(bytes)).base64EncodedString(),
        ]
        return try SyncWire.decoder.decode(
            SyncEnvelope.self, from: try JSONSerialization.data(withJSONObject: envelope))
    }

    @Test("columns of different lengths and half positions are refused, naming the column")
    func malformedColumns() throws {
        let short = try Self.tampered { $0["hash"] = ($0["hash"] as? [Any]).map { Array($0.dropLast()) } }
        #expect {
            try short.unwrap(ReplicaBatch.self)
        } throws: { error in
            let error = error as? SyncError
            return error?.code == .payload && error?.message.contains("column 'hash' has 2 values") == true
        }
        let half = try Self.tampered { $0["toBucket"] = [NSNull(), NSNull(), NSNull()] }
        #expect {
            try half.unwrap(ReplicaBatch.self)
        } throws: { error in
            let error = error as? SyncError
            return error?.code == .payload && error?.message.contains("'toLocation' and 'toBucket' go together") == true
        }
    }
}
