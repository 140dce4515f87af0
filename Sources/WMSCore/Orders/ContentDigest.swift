internal import Crypto
public import Foundation

/// SHA-256 of content the order flow records (documents, ids derived from marketplace order numbers).
public enum ContentDigest {
    /// The hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
