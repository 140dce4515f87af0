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
        withCanonicalEncoding(of: entry) { Array($0) }
    }

    /// The hex SHA-256 of the entry's canonical encoding.
    public static func hash(of entry: LedgerEntry) -> String {
        // Hashed straight from the stack buffer: no array, one contiguous update.
        withCanonicalEncoding(of: entry) { bytes in
            var hasher = SHA256()
            hasher.update(bufferPointer: bytes)
            return hex(hasher.finalize())
        }
    }

    /// Writes the canonical encoding into a stack buffer sized from the fields and passes it to `body`. This runs
    /// for every entry appended or verified, so it writes through a pointer rather than growing an array.
    private static func withCanonicalEncoding<T>(of entry: LedgerEntry, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let fromLocation = entry.from?.location ?? "-"
        let fromBucket = entry.from?.bucket.rawValue ?? "-"
        let toLocation = entry.to?.location ?? "-"
        let toBucket = entry.to?.bucket.rawValue ?? "-"
        let reservation = entry.reservationID ?? "-"
        // 16 text fields, each with at most 20 length digits and 2 separators; 4 numbers with at most 2 + 20 digits,
        // a sign and 2 separators.
        var textBytes = version.utf8.count + entry.warehouse.utf8.count + entry.clientOperationID.utf8.count
        textBytes += entry.sku.utf8.count + entry.lot.utf8.count + entry.kind.rawValue.utf8.count
        textBytes += fromLocation.utf8.count + fromBucket.utf8.count + toLocation.utf8.count + toBucket.utf8.count
        textBytes += entry.reason.utf8.count + entry.documentReference.utf8.count + entry.actor.utf8.count
        textBytes += entry.device.utf8.count + reservation.utf8.count + entry.previousHash.utf8.count
        let capacity = textBytes + 16 * 22 + 4 * 45
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let start = buffer.baseAddress!
            var writer = CanonicalWriter(cursor: start)
            writer.field(version)
            writer.field(entry.warehouse)
            writer.field(number: entry.sequence)
            writer.field(number: Int64(entry.leg))
            writer.field(entry.clientOperationID)
            writer.field(entry.sku)
            writer.field(entry.lot)
            writer.field(entry.kind.rawValue)
            writer.field(fromLocation)
            writer.field(fromBucket)
            writer.field(toLocation)
            writer.field(toBucket)
            writer.field(number: entry.quantity)
            writer.field(entry.reason)
            writer.field(entry.documentReference)
            writer.field(entry.actor)
            writer.field(entry.device)
            writer.field(number: entry.recordedAtMilliseconds)
            writer.field(reservation)
            writer.field(entry.previousHash)
            return body(UnsafeRawBufferPointer(start: start, count: writer.cursor - start))
        }
    }

    private static let version = "bonded-ledger-v1"

    /// Writes fields as `<byte length>:<UTF-8 bytes>;` at a cursor into a buffer the caller sized.
    private struct CanonicalWriter {
        var cursor: UnsafeMutablePointer<UInt8>

        mutating func field(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                decimal(UInt64(utf8.count))
                cursor.pointee = UInt8(ascii: ":")
                cursor += 1
                if let base = utf8.baseAddress { cursor.initialize(from: base, count: utf8.count) }
                cursor += utf8.count
                cursor.pointee = UInt8(ascii: ";")
                cursor += 1
            }
        }

        /// A number as its decimal text (the same bytes as `String(number)`), sign and all.
        mutating func field(number: Int64) {
            let digits = Self.digitCount(number.magnitude)
            decimal(UInt64(number < 0 ? digits + 1 : digits))
            cursor.pointee = UInt8(ascii: ":")
            cursor += 1
            if number < 0 {
                cursor.pointee = UInt8(ascii: "-")
                cursor += 1
            }
            decimal(number.magnitude)
            cursor.pointee = UInt8(ascii: ";")
            cursor += 1
        }

        /// The digits of `value`, written from the last one back.
        mutating func decimal(_ value: UInt64) {
            let digits = Self.digitCount(value)
            var rest = value
            var index = digits
            repeat {
                index -= 1
                cursor[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            cursor += digits
        }

        static func digitCount(_ value: UInt64) -> Int {
            var digits = 1
            var rest = value
            while rest >= 10 {
                digits += 1
                rest /= 10
            }
            return digits
        }
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
