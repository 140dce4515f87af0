internal import Crypto

/// The canonical encoding of a ledger entry and its SHA-256 chain hash.
///
/// Every field is written as `<byte length>:<UTF-8 bytes>;` in a fixed order, so no value can be confused with
/// a separator and the encoding is the same on every platform and database. Version 1.
public enum LedgerHasher {
    /// The previous hash of a warehouse's first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The bytes hashed for `entry` (its `hash` field is not part of them).
    public static func canonicalEncoding(of entry: LedgerEntry) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320)
        func field(_ text: String) {
            let utf8 = text.utf8  // a view, not a copy: this runs for every field of every entry appended
            bytes.append(contentsOf: String(utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        field("bonded-ledger-v1")
        field(entry.warehouse)
        field(String(entry.sequence))
        field(String(entry.leg))
        field(entry.clientOperationID)
        field(entry.sku)
        field(entry.lot)
        field(entry.kind.rawValue)
        field(entry.from?.location ?? "-")
        field(entry.from?.bucket.rawValue ?? "-")
        field(entry.to?.location ?? "-")
        field(entry.to?.bucket.rawValue ?? "-")
        field(String(entry.quantity))
        field(entry.reason)
        field(entry.documentReference)
        field(entry.actor)
        field(entry.device)
        field(String(entry.recordedAtMilliseconds))
        field(entry.reservationID ?? "-")
        field(entry.previousHash)
        return bytes
    }

    /// The hex SHA-256 of the entry's canonical encoding.
    public static func hash(of entry: LedgerEntry) -> String {
        let digest = SHA256.hash(data: canonicalEncoding(of: entry))
        return hex(digest)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: SHA256.Digest) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
