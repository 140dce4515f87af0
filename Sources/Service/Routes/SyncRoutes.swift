import Foundation
import HTTPTypes
import Storage
import Sync
import WMSCore

extension BondedService {
    /// Edge ↔ centre replication (`Sources/Sync/README.md`): the centre takes pushed ledger batches and answers
    /// pulls; an edge reports its own sync status.
    func syncRoutes() -> [APIRoute] {
        let replicators: Set<Role> = [.admin, .integration]
        return [
            APIRoute(
                .post, "/v1/warehouses/{warehouse}/sync/push", .write, roles: replicators,
                summary: "Apply an edge's ledger batch (deflated envelope); idempotent, hash chain checked"
            ) { [self] call in
                let envelope = try call.decode(SyncEnvelope.self)
                do {
                    let outcome = try await syncCentre().push(envelope, warehouse: call.parameter("warehouse"))
                    return APIResponse(
                        status: .ok, contentType: "application/json",
                        body: Array(try SyncWire.encoder.encode(outcome)))
                } catch let error as ReplicaError {
                    throw Problem(
                        error.code == .wrongWarehouse ? .badRequest : .conflict, code: error.code.rawValue,
                        error.message, field: error.field, value: error.value)
                } catch let error as SyncError {
                    throw Problem(.badRequest, code: "invalid-payload", error.message, field: "data")
                }
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/sync/pull", .read, roles: replicators,
                query: ["since", "master", "rules"],
                summary: "What an edge needs offline: master data, orders, rule packs (deflated envelope)"
            ) { [self] call in
                let since = try call.integer("since") ?? 0
                let response = try await syncCentre().pull(
                    warehouse: call.parameter("warehouse"), sinceMilliseconds: Int64(since),
                    masterDigest: call.query["master"] ?? "", rulesDigest: call.query["rules"] ?? "")
                return APIResponse(
                    status: .ok, contentType: "application/json",
                    body: Array(try SyncWire.encoder.encode(try SyncEnvelope.wrap(response))))
            },
            APIRoute(
                .get, "/v1/warehouses/{warehouse}/sync/conflicts", .read, roles: Roles.all,
                summary: "Conflicts between centre and edge changes, resolved by rule and kept for review"
            ) { [self] call in
                _ = try await existingWarehouse(call)
                return try .json(try await replicaStore().syncConflicts(warehouse: call.parameter("warehouse")))
            },
            APIRoute(
                .get, "/v1/sync/status", .read, roles: Roles.all,
                summary: "This edge's sync status per warehouse: last sync, lag, pending entries"
            ) { [self] call in
                let statuses = try await SyncStatus.read(store: try replicaStore())
                return try .json(statuses.filter { call.caller.canAccess(warehouse: $0.warehouse) })
            },
        ]
    }

    private func replicaStore() throws -> any ReplicaStore {
        guard let store = store as? any ReplicaStore else {
            throw Problem(.notImplemented, code: "not-implemented", "this store does not replicate")
        }
        return store
    }

    private func syncCentre() throws -> SyncCentre {
        SyncCentre(store: try replicaStore(), rulesDirectory: configuration.rulesDirectory) { [self] in
            try await activeRuleFiles()
        }
    }
}
