internal import Crypto
public import Foundation

/// SHA-256 of content the order flow records (documents, ids derived from marketplace order numbers).
public enum ContentDigest {
    /// The hex SHA-256 of `data` (lower case; written by hand: `String(format: "%02x")` per byte cost ~3% of the
    /// server's CPU in the order-to-ship flow).
    public static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
