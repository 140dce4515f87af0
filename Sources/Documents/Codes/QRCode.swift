internal import CQRencode

/// QR codes through libqrencode.
public struct QRCode: Sendable, Hashable {
    /// Modules per side.
    public let size: Int
    /// Row-major dark modules.
    public let modules: [Bool]

    /// Encodes `text` (UTF-8, byte mode, error correction M).
    /// - Throws: `DocumentError.barcodeFailed` when the text is empty or too long for a QR code.
    public init(_ text: String) throws(DocumentError) {
        guard !text.isEmpty, !text.utf8.contains(0) else {
            throw DocumentError(.barcodeFailed, "QR text must be non-empty and contain no NUL")
        }
        var bytes = Array(text.utf8)
        let count = Int32(bytes.count)
        let encoded = bytes.withUnsafeMutableBufferPointer { buffer in
            QRcode_encodeData(count, buffer.baseAddress, 0, QR_ECLEVEL_M)
        }
        guard let encoded else { throw DocumentError(.barcodeFailed, "libqrencode could not encode the text") }
        defer { QRcode_free(encoded) }
        let width = Int(encoded.pointee.width)
        let data = UnsafeBufferPointer(start: encoded.pointee.data, count: width * width)
        self.size = width
        self.modules = data.map { $0 & 1 == 1 }
    }

    /// SVG path with one unit per module, offset by a 4-module quiet zone; total side = size + 8.
    public var svgPath: String {
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                if modules[row * size + column] {
                    var end = column
                    while end < size, modules[row * size + end] { end += 1 }
                    path += "M\(column + 4) \(row + 4)h\(end - column)v1h-\(end - column)z"
                    column = end
                } else {
                    column += 1
                }
            }
        }
        return path
    }
}
