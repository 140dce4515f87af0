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
            decimal(UInt64(utf8.count))
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        // The digits of a number, written straight into the buffer (the same bytes as `String(value)`).
        func decimal(_ value: UInt64) {
            let start = bytes.count
            var rest = value
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            bytes[start...].reverse()
        }
        func field(number: Int64) {
            var digits = 1
            var rest = number.magnitude
            while rest >= 10 {
                digits += 1
                rest /= 10
            }
            decimal(UInt64(number < 0 ? digits + 1 : digits))
            bytes.append(UInt8(ascii: ":"))
            if number < 0 { bytes.append(UInt8(ascii: "-")) }
            decimal(number.magnitude)
            bytes.append(UInt8(ascii: ";"))
        }
        field("bonded-ledger-v1")
        field(entry.warehouse)
        field(number: entry.sequence)
        field(number: Int64(entry.leg))
        field(entry.clientOperationID)
        field(entry.sku)
        field(entry.lot)
        field(entry.kind.rawValue)
        field(entry.from?.location ?? "-")
        field(entry.from?.bucket.rawValue ?? "-")
        field(entry.to?.location ?? "-")
        field(entry.to?.bucket.rawValue ?? "-")
        field(number: entry.quantity)
        field(entry.reason)
        field(entry.documentReference)
        field(entry.actor)
        field(entry.device)
        field(number: entry.recordedAtMilliseconds)
        field(entry.reservationID ?? "-")
        field(entry.previousHash)
        return bytes
    }

    /// The hex SHA-256 of the entry's canonical encoding.
    public static func hash(of entry: LedgerEntry) -> String {
        // One contiguous update: the generic `hash(data:)` walks a DataProtocol's regions.
        var hasher = SHA256()
        canonicalEncoding(of: entry).withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hex(hasher.finalize())
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
                let digits = hexDigits.utf8Start
                var index = 0
                for byte in bytes {
                    out[index] = digits[Int(byte >> 4)]
                    out[index + 1] = digits[Int(byte & 0x0F)]
                    index += 2
                }
                return index
            }
        }
    }
}
