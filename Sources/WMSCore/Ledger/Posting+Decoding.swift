import Foundation

/// Strict JSON decoding for what integrators send: unknown fields are errors (a typo must not silently drop data),
/// optional fields have their documented defaults.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

func rejectUnknownKeys(_ decoder: any Decoder, allowed: Set<String>) throws {
    let container = try decoder.container(keyedBy: AnyKey.self)
    for key in container.allKeys where !allowed.contains(key.stringValue) {
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: container.codingPath + [key], debugDescription: "unknown field '\(key.stringValue)'"))
    }
}

extension StockPosition {
    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: ["location", "bucket"])
        let container = try decoder.container(keyedBy: AnyKey.self)
        self.init(
            location: try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "location")) ?? "",
            bucket: try container.decode(Bucket.self, forKey: AnyKey(stringValue: "bucket")))
    }
}

extension Movement {
    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(
            decoder, allowed: ["sku", "lot", "kind", "from", "to", "quantity", "reason", "reservationID"])
        let container = try decoder.container(keyedBy: AnyKey.self)
        let kind = try container.decode(MovementKind.self, forKey: AnyKey(stringValue: "kind"))
        self.init(
            sku: try container.decode(String.self, forKey: AnyKey(stringValue: "sku")),
            lot: try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "lot")) ?? "",
            kind: kind,
            from: try container.decodeIfPresent(StockPosition.self, forKey: AnyKey(stringValue: "from")),
            to: try container.decodeIfPresent(StockPosition.self, forKey: AnyKey(stringValue: "to")),
            quantity: try container.decode(Int64.self, forKey: AnyKey(stringValue: "quantity")),
            reason: try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "reason")) ?? kind.rawValue,
            reservationID: try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "reservationID")))
    }
}

extension Posting {
    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(
            decoder,
            allowed: [
                "clientOperationID", "warehouse", "documentReference", "actor", "device", "movements", "recordedAt",
            ])
        let container = try decoder.container(keyedBy: AnyKey.self)
        self.init(
            clientOperationID: try container.decode(String.self, forKey: AnyKey(stringValue: "clientOperationID")),
            warehouse: try container.decode(String.self, forKey: AnyKey(stringValue: "warehouse")),
            documentReference: try container.decodeIfPresent(
                String.self, forKey: AnyKey(stringValue: "documentReference")) ?? "",
            actor: try container.decode(String.self, forKey: AnyKey(stringValue: "actor")),
            device: try container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: "device")) ?? "",
            movements: try container.decode([Movement].self, forKey: AnyKey(stringValue: "movements")),
            recordedAt: try container.decodeIfPresent(Date.self, forKey: AnyKey(stringValue: "recordedAt")))
    }
}
