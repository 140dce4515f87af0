internal import Foundation

/// A flow's state as stored in a `FlowDocument`, with the operations applied to it (its intent log).
protocol FlowState: Codable, Sendable {
    static var kind: String { get }
    var id: String { get }
    var warehouse: String { get }
    var status: String { get }
    var operations: [String: FlowOperation] { get set }
}

/// One operation on a flow: the postings it makes and whether they reached the ledger.
struct FlowOperation: Codable, Sendable, Hashable {
    var applied: Bool
    var documentReference: String
    var actor: String
    var device: String
    /// One list of movements per posting (postings hold at most 10,000 movements).
    var postings: [[Movement]]
    /// The warehouse of each posting when it is not the flow's own (a transfer posts in two warehouses).
    var warehouses: [String]? = nil

    func posting(_ index: Int, operation: String, warehouse: String) -> Posting {
        Posting(
            clientOperationID: FlowGuard.chunkID(operation, index),
            warehouse: warehouses.flatMap { index < $0.count ? $0[index] : nil } ?? warehouse,
            documentReference: documentReference, actor: actor, device: device, movements: postings[index])
    }
}

/// Runs an operation on a flow document so the document and the ledger agree even across crashes and retries:
/// the new state is saved first with the operation marked pending (an intent log, and an optimistic lock on
/// the document), then the postings go to the ledger (idempotent by client operation id), then the operation is
/// marked applied. A failed posting restores the state before the operation; a pending operation found later
/// (a crash in between) is completed by replaying its postings.
enum FlowRunner {
    /// Applies `decide` to the stored state `id` of type `S` under `operationID`.
    /// - Returns: the state after the operation and whether it had been applied before (a replay).
    static func perform<S: FlowState>(
        _ type: S.Type, store: any Store, warehouse: String, id: String, operationID: String,
        decide: (inout S) throws -> FlowOperation?
    ) async throws -> (state: S, replayed: Bool) {
        for attempt in 0..<80 {
            guard let document = try await store.document(warehouse: warehouse, kind: S.kind, id: id) else {
                throw FlowError(.unknownDocument, field: "id", value: id, "no \(S.kind) '\(id)' in \(warehouse)")
            }
            let state = try FlowCoding.decode(S.self, document)
            if let existing = state.operations[operationID] {
                if existing.applied { return (state, true) }
            }
            if let (pendingID, pending) = state.operations.first(where: { !$0.value.applied }) {
                // Another operation is in flight (or crashed): let it finish, or finish it.
                if attempt < 40 {
                    try await Task.sleep(nanoseconds: 10_000_000)
                    continue
                }
                _ = try await complete(
                    state, document: document, store: store, operationID: pendingID, operation: pending,
                    previous: nil)
                continue
            }
            var next = state
            guard let operation = try decide(&next) else { return (state, false) }
            next.operations[operationID] = operation
            let saved: FlowDocument
            do {
                saved = try await store.saveDocument(
                    FlowDocument(
                        warehouse: warehouse, kind: S.kind, id: id, status: next.status,
                        data: try FlowCoding.encode(next), version: document.version))
            } catch let error as WMSError where error.code == .operationConflict {
                continue
            }
            if let finished = try await complete(
                next, document: saved, store: store, operationID: operationID, operation: operation, previous: state)
            {
                return (finished, false)
            }
        }
        throw FlowError(.invalidRequest, field: "id", value: id, "\(S.kind) '\(id)' is too busy; retry")
    }

    /// Creates the state `state` under `operationID` (a replay of the same id returns the stored state).
    static func create<S: FlowState>(
        _ state: S, store: any Store, operationID: String, operation: FlowOperation
    ) async throws -> (state: S, replayed: Bool) {
        var next = state
        next.operations[operationID] = operation
        let saved: FlowDocument
        do {
            saved = try await store.saveDocument(
                FlowDocument(
                    warehouse: state.warehouse, kind: S.kind, id: state.id, status: next.status,
                    data: try FlowCoding.encode(next), version: 0))
        } catch let error as WMSError where error.code == .operationConflict {
            let (existing, _) = try await perform(
                S.self, store: store, warehouse: state.warehouse, id: state.id, operationID: operationID
            ) { _ in
                throw FlowError(
                    .invalidRequest, field: "id", value: state.id,
                    "\(S.kind) '\(state.id)' exists already (created by another operation)")
            }
            return (existing, true)
        }
        guard
            let finished = try await complete(
                next, document: saved, store: store, operationID: operationID, operation: operation, previous: nil)
        else {
            throw FlowError(.invalidRequest, field: "id", value: state.id, "\(S.kind) '\(state.id)' changed meanwhile")
        }
        return (finished, false)
    }

    /// Posts a pending operation and marks it applied; on a posting failure restores `previous` (or, for a
    /// creation, leaves the document with the operation unapplied and rethrows). Nil when the document moved on.
    private static func complete<S: FlowState>(
        _ state: S, document: FlowDocument, store: any Store, operationID: String, operation: FlowOperation,
        previous: S?
    ) async throws -> S? {
        var posted = 0
        do {
            for index in operation.postings.indices where !operation.postings[index].isEmpty {
                _ = try await store.post(operation.posting(index, operation: operationID, warehouse: state.warehouse))
                posted += 1
            }
        } catch {
            // Part of the operation is in the ledger: keep it pending so a retry (or the next operation) finishes
            // it from the intent log instead of forgetting what was written.
            if posted > 0 { throw error }
            var restored = previous ?? state
            if previous == nil { restored.operations[operationID] = nil }
            _ = try? await store.saveDocument(
                FlowDocument(
                    warehouse: state.warehouse, kind: S.kind, id: state.id, status: restored.status,
                    data: try FlowCoding.encode(restored), version: document.version))
            throw error
        }
        var done = state
        done.operations[operationID]?.applied = true
        // The ledger holds the movements now (and answers replays): keep the document small.
        done.operations[operationID]?.postings = []
        do {
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: state.warehouse, kind: S.kind, id: state.id, status: done.status,
                    data: try FlowCoding.encode(done), version: document.version))
        } catch let error as WMSError where error.code == .operationConflict {
            return nil
        }
        return done
    }
}
