import Foundation
import Storage
import Sync
import Testing
import WMSCore

/// `ReplicaWire`, the push batch's hand-written JSON coder: verbatim round trips, the same JSON as the `Codable`
/// form both ways, and bad input refused with an error naming the field path.
@Suite("Sync wire format: hand-written batch coder")
struct ReplicaWireTests {
    /// WireTests' batch with strings that need escaping (quote, backslash, control characters, slash, emoji).
    static func batch() -> ReplicaBatch {
        var batch = WireTests.batch(reservations: [])
        batch.entries[0].reason = "tab\t nl\n ctl\u{01}\u{1F} slash/ 📦 \"q\" \\ ünï"
        batch.entries[2].device = ""
        return batch
    }

    @Test("round trip, and the same JSON as the Codable form in both directions")
    func roundTrip() throws {
        for batch in [Self.batch(), WireTests.batch(reservations: nil)] {
            let bytes = try ReplicaWire.encode(batch)
            #expect(try ReplicaWire.decode(bytes) == batch)
            #expect(try JSONDecoder().decode(ReplicaBatch.self, from: Data(bytes)) == batch)
            #expect(try ReplicaWire.decode(Array(try SyncWire.encoder.encode(batch))) == batch)
            // JSONSerialization escapes '/' and orders keys its own way.
            let object = try JSONSerialization.jsonObject(with: Data(bytes))
            #expect(try ReplicaWire.decode(Array(try JSONSerialization.data(withJSONObject: object))) == batch)
            #expect(try SyncEnvelope.wrap(batch).unwrap(ReplicaBatch.self) == batch)
        }
        let empty = ReplicaBatch(
            warehouse: "W", node: "n", entries: [], reservations: nil, documents: [], edgeHead: .genesis("W"))
        #expect(try ReplicaWire.decode(try ReplicaWire.encode(empty)) == empty)
    }

    /// The batch's JSON with `edit` applied to its entry columns.
    static func edited(_ edit: (inout [String: Any], inout [String: Any]) -> Void) throws -> [UInt8] {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(try ReplicaWire.encode(batch()))) as? [String: Any])
        var columns = try #require(object["entries"] as? [String: Any])
        edit(&object, &columns)
        object["entries"] = columns
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    /// The batch's JSON with the first `old` replaced by `new`, byte for byte.
    static func replaced(_ old: String, _ new: [UInt8]) throws -> [UInt8] {
        let bytes = try ReplicaWire.encode(batch())
        let needle = Array(old.utf8)
        let start = try #require(
            (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
        return Array(bytes[..<start]) + new + Array(bytes[(start + needle.count)...])
    }

    static func refusal(_ bytes: [UInt8]) -> WMSError? {
        do {
            _ = try ReplicaWire.decode(bytes)
            return nil
        } catch {
            return error as? WMSError
        }
    }

    @Test("bad values are refused naming the column, the position and what was wrong")
    func badValues() throws {
        let cases: [([UInt8], String, String)] = [
            (try Self.edited { _, c in c["quantity"] = [5, "5", 5] }, "entries.quantity[1]", "expected an integer"),
            (try Self.edited { _, c in c["quantity"] = [5, 5, 1.5] }, "entries.quantity[2]", "whole number"),
            (try Self.edited { _, c in c["kind"] = ["teleport", "transfer", "shipment"] }, "entries.kind[0]",
                "unknown kind 'teleport'"),
            (try Self.edited { _, c in c["toBucket"] = ["attic", "frozen", NSNull()] }, "entries.toBucket[0]",
                "unknown toBucket 'attic'"),
            (try Self.edited { _, c in c["sku"] = ["SKU-1", 7, "SKU-1"] }, "entries.sku[1]", "expected a string"),
            (try Self.edited { _, c in c["lot"] = nil }, "entries.lot", "missing"),
            (try Self.edited { _, c in c["hash"] = "abc" }, "entries.hash", "expected '['"),
            (try Self.edited { o, _ in o["edgeHead"] = nil }, "edgeHead", "missing"),
            (try Self.edited { o, _ in o["node"] = 3 }, "node", "expected a string"),
            (try Self.edited { o, _ in o["documents"] = [["document": 1]] }, "documents", "not a Array"),
            (try Self.replaced("\"sequence\":[1,", Array("\"sequence\":[99999999999999999999,".utf8)),
                "entries.sequence[0]", "out of range"),
            (try Self.replaced("\"op-0\"", Array(#""op-\q""#.utf8)), "entries.clientOperationID[0]", "invalid escape"),
            (try Self.replaced("\"op-0\"", [0x22, 0x6F, 0xFF, 0xFE, 0x22]), "entries.clientOperationID[0]",
                "invalid UTF-8"),
            (try Self.replaced("\"op-0\"", Array(#""op-\ud83d""#.utf8)), "entries.clientOperationID[0]",
                "unpaired surrogate"),
            (try Self.replaced("\"leg\":[0,", Array("\"leg\":[0 0,".utf8)), "entries.leg", "expected ']'"),
        ]
        for (bytes, field, message) in cases {
            let error = try #require(Self.refusal(bytes), "accepted, expected \(field): \(message)")
            #expect(error.code == .invalidField)
            #expect(error.field == field, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("broken JSON is refused: truncated, trailing data, not an object")
    func brokenJSON() throws {
        let bytes = try ReplicaWire.encode(Self.batch())
        let truncated = try #require(Self.refusal(Array(bytes.prefix(bytes.count / 2))))
        #expect(truncated.code == .invalidField)
        #expect(truncated.field?.hasPrefix("entries.") == true, "\(truncated)")
        #expect(Self.refusal(bytes + Array(" x".utf8))?.message.contains("unexpected data after the batch") == true)
        #expect(Self.refusal(Array("[]".utf8))?.message.contains("expected '{'") == true)
        #expect(Self.refusal([])?.message.contains("end of input") == true)
    }

    static func envelope(_ encoding: String, size: Int, data: String) throws -> SyncEnvelope {
        let object: [String: Any] = ["encoding": encoding, "size": size, "data": data]
        return try JSONDecoder().decode(SyncEnvelope.self, from: try JSONSerialization.data(withJSONObject: object))
    }

    @Test("through the envelope, a bad batch is a payload error that names the field")
    func throughEnvelope() throws {
        let bytes = try Self.edited { _, c in c["quantity"] = [5, "5", 5] }
        let envelope = try Self.envelope(
            "deflate", size: bytes.count, data: Data(try Deflate.deflate(bytes)).base64EncodedString())
        #expect {
            try envelope.unwrap(ReplicaBatch.self)
        } throws: { error in
            let error = error as? SyncError
            return error?.code == .payload && error?.message.contains("entries.quantity[1]") == true
        }
    }

    @Test("the envelope's hand-written body is the JSON the centre decodes")
    func envelopeBody() throws {
        let envelope = try SyncEnvelope.wrap(Self.batch())
        #expect(try JSONDecoder().decode(SyncEnvelope.self, from: Data(envelope.json())) == envelope)
        let odd = try Self.envelope("de\"flate\u{01}", size: 3, data: "a/b+c=")
        #expect(try JSONDecoder().decode(SyncEnvelope.self, from: Data(odd.json())) == odd)
    }
}
