internal import Foundation

/// The explicit table from a marketplace's seller SKU to our SKU. A seller SKU missing from the table is an error
/// naming the payload field: an order line is never guessed onto a product.
public struct SellerSKUMap: Hashable, Sendable, Codable {
    /// Seller SKU → our SKU.
    public private(set) var entries: [String: String]

    /// A table from seller SKU to our SKU.
    public init(_ entries: [String: String] = [:]) { self.entries = entries }

    /// Reads `seller_sku,sku` lines (a header line with those names is optional; `#` starts a comment).
    public static func parse(csv text: String) throws -> SellerSKUMap {
        var map: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if index == 0, cells.first?.lowercased() == "seller_sku" { continue }
            guard cells.count == 2, !cells[0].isEmpty, !cells[1].isEmpty else {
                throw WMSError(
                    .invalidField, field: "sku-map line \(index + 1)", value: line, "expected 'seller_sku,sku'")
            }
            if let earlier = map[cells[0]], earlier != cells[1] {
                throw WMSError(
                    .invalidField, field: "sku-map line \(index + 1)", value: cells[0],
                    "seller SKU \(cells[0]) maps to \(earlier) on an earlier line")
            }
            try Validate.code(cells[1], field: "sku-map line \(index + 1)", maxLength: 64)
            map[cells[0]] = cells[1]
        }
        return SellerSKUMap(map)
    }

    /// Our SKU for the seller SKU at `node`; throws naming the node's field path when unmapped.
    public func sku(for node: PayloadNode) throws -> String {
        let sellerSKU = try node.text()
        guard let sku = entries[sellerSKU] else {
            throw WMSError(
                .unknownSKU, field: node.path, value: sellerSKU,
                "seller SKU '\(sellerSKU)' is not in the SKU map; add it before taking in the order")
        }
        return sku
    }
}
