extension DocumentEngine {
    /// The document kinds the assessment listed in `request.documents`, in order, without duplicates.
    /// - Throws: `DocumentError.invalidRequest` naming each listed document this module cannot produce (fail closed:
    ///   an assessment that asks for a document we cannot make must not be half-served).
    public func requiredKinds(for request: DocumentRequest) throws(DocumentError) -> [DocumentKind] {
        var kinds: [DocumentKind] = []
        var issues: [DocumentIssue] = []
        for (index, name) in (request.documents ?? []).enumerated() {
            guard let kind = DocumentKind(assessmentName: name) else {
                issues.append(DocumentIssue(path: "documents[\(index)]", message: "no builder for document \(name)"))
                continue
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        if !issues.isEmpty {
            throw DocumentError(
                .invalidRequest, "the assessment lists documents this module cannot produce", issues: issues)
        }
        return kinds
    }

    /// Exactly the documents the assessment lists, each built and validated, as XML — or nothing at all.
    /// - Throws: every field-level issue of every listed document, prefixed with the document kind.
    public func requiredDocuments(for request: DocumentRequest) throws(DocumentError) -> [(
        kind: DocumentKind, xml: String
    )] {
        let kinds = try requiredKinds(for: request)
        var produced: [(kind: DocumentKind, xml: String)] = []
        var issues: [DocumentIssue] = []
        for kind in kinds {
            do {
                produced.append((kind, try xml(kind, for: request)))
            } catch {
                let found = error.issues.isEmpty ? [DocumentIssue(path: "/", message: error.message)] : error.issues
                issues += found.map {
                    DocumentIssue(path: "\(kind.rawValue): \($0.path)", line: $0.line, message: $0.message)
                }
            }
        }
        if !issues.isEmpty {
            throw DocumentError(.missingData, "required documents cannot all be produced", issues: issues)
        }
        return produced
    }
}
