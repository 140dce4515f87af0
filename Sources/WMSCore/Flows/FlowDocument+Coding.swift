internal import Foundation

/// JSON coding of flow states into `FlowDocument.data` (sorted keys, so equal states give equal text).
enum FlowCoding {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ document: FlowDocument) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(document.data.utf8))
        } catch {
            throw WMSError(
                .storage, field: "\(document.kind).\(document.id)", "stored \(document.kind) cannot be read: \(error)")
        }
    }
}

/// Checks shared by every flow before it posts: no open count freezes the locations it touches.
public enum FlowGuard {
    /// Throws `locationFrozen` when an open count in `warehouse` covers one of `locations`.
    public static func checkNotFrozen(_ store: any Store, warehouse: String, locations: Set<String>) async throws {
        let codes = locations.filter { !$0.isEmpty }
        guard !codes.isEmpty else { return }
        for document in try await store.documents(warehouse: warehouse, kind: CountSheet.kind, status: "open") {
            let sheet = try FlowCoding.decode(CountSheet.self, document)
            if let frozen = codes.first(where: { sheet.covers(location: $0) }) {
                throw FlowError(
                    .locationFrozen, field: "location", value: frozen,
                    "location \(frozen) is frozen by open count \(sheet.id); close the count first")
            }
        }
    }

    static func nonEmpty(_ value: String, _ field: String) throws {
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw FlowError(.invalidRequest, field: field, value: value, "\(field) must not be empty")
        }
    }

    static func positive(_ value: Int64, _ field: String) throws {
        guard value > 0 else {
            throw FlowError(.invalidRequest, field: field, value: String(value), "\(field) must be greater than zero")
        }
    }

    /// Splits movements into postings of at most `size` (the store's limit is 10,000).
    static func chunks(_ movements: [Movement], size: Int = 5_000) -> [[Movement]] {
        stride(from: 0, to: movements.count, by: size).map { Array(movements[$0..<min($0 + size, movements.count)]) }
    }

    /// The client operation id of the `index`th chunk of an operation (the first keeps the id itself).
    static func chunkID(_ operation: String, _ index: Int) -> String {
        index == 0 ? operation : "\(operation)/\(index)"
    }
}
