internal import Foundation

/// Returns authorise against the orders the order desk really shipped: the shipped lines (SKU, lot, units, price)
/// come from the order's allocations, so a return can never name a lot or more units than left the warehouse.
extension OrderService: ShippedOrderLookup {
    /// The shipped order `orderID` as the returns flow needs it, or nil when there is no such order or it has not
    /// shipped (a cancelled, held or packed order cannot be returned).
    public func shippedOrder(_ orderID: String) async throws -> ShippedOrderSummary? {
        guard let order = try await order(id: orderID), order.status == .shipped, let warehouse = order.warehouse
        else { return nil }
        return ShippedOrderSummary(order, warehouse: warehouse)
    }
}

extension ShippedOrderSummary {
    /// The summary of a shipped order: one line per shipped SKU and lot, at the order line's unit price.
    init(_ order: Order, warehouse: String) {
        var lines: [ShippedOrderLine] = []
        for line in order.shippedLines where line.quantity > 0 {
            if let index = lines.firstIndex(where: { $0.sku == line.sku && $0.lot == line.lot }) {
                lines[index].quantity += line.quantity
            } else {
                lines.append(
                    ShippedOrderLine(
                        sku: line.sku, lot: line.lot, quantity: line.quantity, unitPrice: line.unitPrice,
                        currency: line.currency))
            }
        }
        self.init(
            orderID: order.id, warehouse: warehouse, channel: order.intake.channel,
            destinationCountry: order.intake.shipTo.country, shippedAt: order.shippedAt ?? order.intake.orderedAt,
            lines: lines)
    }
}

/// Several lookups asked in turn: the first that knows the shipped order answers.
public struct ShippedOrderLookups: ShippedOrderLookup {
    public let lookups: [any ShippedOrderLookup]

    public init(_ lookups: [any ShippedOrderLookup]) { self.lookups = lookups }

    public func shippedOrder(_ orderID: String) async throws -> ShippedOrderSummary? {
        for lookup in lookups {
            if let found = try await lookup.shippedOrder(orderID) { return found }
        }
        return nil
    }
}
