/// Reading stored wave plans (for the API and the console).
extension WaveService {
    /// The plan `id` of `warehouse`, or nil.
    public func planRecord(_ id: String, warehouse: String) async throws -> PlanRecord? {
        try await orders.store.document(warehouse: warehouse, kind: Self.waveKind, id: id).map {
            try FlowCoding.decode(PlanRecord.self, $0)
        }
    }

    /// Every plan of `warehouse`, ordered by id.
    public func planRecords(warehouse: String) async throws -> [PlanRecord] {
        try await orders.store.documents(warehouse: warehouse, kind: Self.waveKind, status: nil).map {
            try FlowCoding.decode(PlanRecord.self, $0)
        }
    }
}
