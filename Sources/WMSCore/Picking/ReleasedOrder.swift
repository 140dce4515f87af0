public import Foundation

/// An order that allocation and the compliance gate have released for picking, as the wave planner needs it.
public struct ReleasedOrder: Hashable, Sendable, Codable {
    public var id: String
    public var carrier: String
    /// Sales channel (marketplace, web shop).
    public var channel: String
    /// Destination region used to group parcels for the same trunk (e.g. `EU-DE`, `US-West`).
    public var destinationRegion: String
    /// When the carrier collects; earlier cut-offs are picked first.
    public var cutOff: Date
    public var lines: [ReleasedOrderLine]

    /// Creates a released order.
    public init(
        id: String, carrier: String, channel: String, destinationRegion: String, cutOff: Date,
        lines: [ReleasedOrderLine]
    ) {
        self.id = id
        self.carrier = carrier
        self.channel = channel
        self.destinationRegion = destinationRegion
        self.cutOff = cutOff
        self.lines = lines
    }

    /// One unit of one SKU: picked in bulk and sorted to the order afterwards.
    public var isSingleItem: Bool { lines.count == 1 && lines[0].quantity == 1 }
    public var volumeCubicCentimetres: Int64 { lines.reduce(0) { $0 + $1.volumeCubicCentimetres } }
    public var weightGrams: Int64 { lines.reduce(0) { $0 + $1.weightGrams } }
}

/// One allocated line of a released order: what to pick, how many, and where.
public struct ReleasedOrderLine: Hashable, Sendable, Codable {
    public var sku: String
    public var quantity: Int
    /// The location the stock was allocated from.
    public var locationCode: String
    /// Where the picker stands for that location (`WarehouseLayout.pickPoint(for:)`).
    public var point: PickPoint
    public var unitVolumeCubicCentimetres: Int64
    public var unitWeightGrams: Int64

    /// Creates a line.
    public init(
        sku: String, quantity: Int, locationCode: String, point: PickPoint, unitVolumeCubicCentimetres: Int64,
        unitWeightGrams: Int64
    ) {
        self.sku = sku
        self.quantity = quantity
        self.locationCode = locationCode
        self.point = point
        self.unitVolumeCubicCentimetres = unitVolumeCubicCentimetres
        self.unitWeightGrams = unitWeightGrams
    }

    public var volumeCubicCentimetres: Int64 { Int64(quantity) * unitVolumeCubicCentimetres }
    public var weightGrams: Int64 { Int64(quantity) * unitWeightGrams }
}

/// What one pick cart carries.
public struct CartCapacity: Hashable, Sendable, Codable {
    public var volumeCubicCentimetres: Int64
    public var weightGrams: Int64
    /// Tote positions on the cart.
    public var totes: Int
    public var toteVolumeCubicCentimetres: Int64
    /// Slots of the put wall single-item batches are sorted into: at most this many orders per such batch.
    public var sortSlots: Int

    /// Creates a cart capacity.
    public init(
        volumeCubicCentimetres: Int64, weightGrams: Int64, totes: Int, toteVolumeCubicCentimetres: Int64,
        sortSlots: Int = 60
    ) {
        self.volumeCubicCentimetres = volumeCubicCentimetres
        self.weightGrams = weightGrams
        self.totes = totes
        self.toteVolumeCubicCentimetres = toteVolumeCubicCentimetres
        self.sortSlots = sortSlots
    }

    /// Totes that `volume` fills (at least one).
    public func totes(for volume: Int64) -> Int {
        max(1, Int((volume + toteVolumeCubicCentimetres - 1) / toteVolumeCubicCentimetres))
    }
}
