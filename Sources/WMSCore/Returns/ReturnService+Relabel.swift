internal import ComplianceEngine
public import Foundation

extension ReturnService {
    static let relabelKind = "relabel"

    /// Relabels returned units: the new label is checked against the marking rules of `destination` (the
    /// warehouse's country by default) and refused, naming the rule and its source, when it lacks a required
    /// marking; otherwise the old → new mapping is stored (on the RMA, and by old label for scanners).
    public func relabel(
        _ rmaID: String, warehouse: String, sku: String, lot: String = "", quantity: Int64, oldLabel: String,
        newLabel: LabelContent, destination: String? = nil, operationID: String, actor: String
    ) async throws -> RelabelRecord {
        try FlowGuard.nonEmpty(operationID, "operationID")
        try FlowGuard.nonEmpty(actor, "actor")
        try FlowGuard.nonEmpty(oldLabel, "oldLabel")
        try FlowGuard.nonEmpty(newLabel.code, "newLabel.code")
        try FlowGuard.positive(quantity, "quantity")
        guard oldLabel != newLabel.code else {
            throw FlowError(
                .invalidRequest, field: "newLabel.code", value: newLabel.code, "the new label is the old one")
        }
        guard let current = try await rma(rmaID, warehouse: warehouse) else {
            throw FlowError(.unknownDocument, field: "id", value: rmaID, "no rma '\(rmaID)' in \(warehouse)")
        }
        if let done = current.operations[operationID], done.applied,
            let record = current.relabels.first(where: { $0.oldLabel == oldLabel })
        {
            return record
        }
        if let mapped = try await labelMapping(oldLabel, warehouse: warehouse), mapped.newLabel.code != newLabel.code {
            throw FlowError(
                .invalidRequest, field: "oldLabel", value: oldLabel,
                "label \(oldLabel) was relabelled as \(mapped.newLabel.code) already")
        }
        guard let site = try await store.warehouse(warehouse) else {
            throw WMSError(.unknownWarehouse, field: "warehouse", value: warehouse, "unknown warehouse '\(warehouse)'")
        }
        guard let product = try await store.product(sku) else {
            throw WMSError(.unknownSKU, field: "sku", value: sku, "unknown SKU '\(sku)'")
        }
        let country = destination ?? site.country
        try Validate.country(country, field: "destination")
        let now = clock()
        let (required, findings) = MarkingCheck(packSet: packSet).check(
            product: product, label: newLabel, from: site.country, to: country, day: Day.utc(now))
        if let first = findings.first {
            throw FlowError(
                .complianceHold, field: first.field, value: first.code,
                findings.map { "\($0.code): \($0.message)" }.joined(separator: "; "), rule: first.rule,
                source: first.source)
        }
        var record: RelabelRecord?
        _ = try await FlowRunner.perform(
            ReturnAuthorisation.self, store: store, warehouse: warehouse, id: rmaID, operationID: operationID
        ) { state in
            guard let line = state.lineIndex(sku: sku, lot: lot) else {
                throw FlowError(.invalidRequest, field: "sku", value: sku, "\(sku) is not on RMA \(state.id)")
            }
            let relabelled = state.relabels.filter { $0.sku == sku && $0.lot == state.lines[line].lot }
                .reduce(Int64(0)) { $0 + $1.quantity }
            guard quantity <= state.lines[line].received - relabelled else {
                throw FlowError(
                    .invalidRequest, field: "quantity", value: String(quantity),
                    "\(state.lines[line].received - relabelled) received units of \(sku) are left to relabel")
            }
            let made = RelabelRecord(
                oldLabel: oldLabel, newLabel: newLabel, sku: sku, lot: state.lines[line].lot, quantity: quantity,
                destination: country, requiredMarkings: required, relabelledAt: now, actor: actor)
            state.relabels.append(made)
            record = made
            return FlowOperation(applied: false, documentReference: state.id, actor: actor, device: "", postings: [])
        }
        guard let record else {
            // A concurrent replay applied it: read it back.
            let stored = try await rma(rmaID, warehouse: warehouse)
            guard let found = stored?.relabels.first(where: { $0.oldLabel == oldLabel }) else {
                throw FlowError(.invalidRequest, field: "oldLabel", value: oldLabel, "relabel was not recorded")
            }
            return found
        }
        let data = try FlowCoding.encode(record)
        do {
            _ = try await store.saveDocument(
                FlowDocument(
                    warehouse: warehouse, kind: Self.relabelKind, id: oldLabel, status: "relabelled", data: data))
        } catch let error as WMSError where error.code == .operationConflict {
            // Saved by a replay of the same relabel; a different mapping was refused above.
        }
        return record
    }

    /// The relabel that replaced `oldLabel`, or nil.
    public func labelMapping(_ oldLabel: String, warehouse: String) async throws -> RelabelRecord? {
        guard let document = try await store.document(warehouse: warehouse, kind: Self.relabelKind, id: oldLabel)
        else { return nil }
        return try FlowCoding.decode(RelabelRecord.self, document)
    }

    /// Units returned per SKU × reason × grade, graded in `[from, to)` (optionally of one SKU), ordered by SKU,
    /// reason and grade.
    public func reasons(warehouse: String, from: Date, to: Date, sku: String? = nil) async throws
        -> [ReturnReasonCount]
    {
        struct Key: Hashable, Comparable {
            var sku: String
            var reason: ReturnReason
            var grade: ReturnGrade
            static func < (a: Key, b: Key) -> Bool { (a.sku, a.reason, a.grade) < (b.sku, b.reason, b.grade) }
        }
        var counts: [Key: Int64] = [:]
        for document in try await store.documents(warehouse: warehouse, kind: ReturnAuthorisation.kind, status: nil) {
            let state = try FlowCoding.decode(ReturnAuthorisation.self, document)
            for grading in state.gradings where grading.gradedAt >= from && grading.gradedAt < to {
                if let sku, grading.sku != sku { continue }
                counts[Key(sku: grading.sku, reason: grading.reason, grade: grading.grade), default: 0] +=
                    grading.quantity
            }
        }
        return counts.keys.sorted().map {
            ReturnReasonCount(sku: $0.sku, reason: $0.reason, grade: $0.grade, quantity: counts[$0] ?? 0)
        }
    }
}
