internal import CZlib

/// zlib (RFC 1950) compression of sync payloads, through the system zlib.
public enum Deflate {
    /// Largest payload `inflate` accepts, so a small hostile body cannot expand without bound.
    public static let maximumInflatedSize = 256 << 20

    /// Compresses `bytes` at the default level.
    public static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &capacity, input.baseAddress, uLong(bytes.count), Z_DEFAULT_COMPRESSION)
            }
        }
        guard status == Z_OK else { throw SyncError(.payload, "compression failed (zlib \(status))") }
        output.removeSubrange(Int(capacity)...)
        return output
    }

    /// Expands `bytes`, which must inflate to exactly `size` bytes.
    public static func inflate(_ bytes: [UInt8], size: Int) throws -> [UInt8] {
        guard size >= 0, size <= maximumInflatedSize else {
            throw SyncError(.payload, "declared size \(size) is beyond \(maximumInflatedSize) bytes")
        }
        var length = uLongf(size)
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &length, input.baseAddress, uLong(bytes.count))
            }
        }
        guard status == Z_OK, Int(length) == size else {
            throw SyncError(.payload, "the payload does not inflate to its declared size (zlib \(status))")
        }
        output.removeSubrange(size...)
        return output
    }
}
