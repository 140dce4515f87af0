/// The marketplaces whose order payloads Bonded reads.
public enum Marketplace: String, Sendable, CaseIterable, Codable {
    case amazon
    case shopee
    case temu

    /// Reads a payload of this marketplace into canonical orders (Shopee responses may hold several).
    public func orders(from text: String, skuMap: SellerSKUMap) throws -> [OrderIntake] {
        let root = try PayloadNode.parse(text, root: "")
        let orders: [OrderIntake]
        switch self {
        case .amazon: orders = [try AmazonOrderAdapter(skuMap: skuMap).order(from: root)]
        case .shopee: orders = try ShopeeOrderAdapter(skuMap: skuMap).orders(from: root)
        case .temu: orders = [try TemuOrderAdapter(skuMap: skuMap).order(from: root)]
        }
        return orders
    }
}
