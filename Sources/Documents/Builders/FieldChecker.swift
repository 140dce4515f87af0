/// Collects field-level problems while a builder reads a request, so that all of them are reported at once.
struct FieldChecker {
    let document: String
    var issues: [DocumentIssue] = []

    init(document: String) { self.document = document }

    /// The trimmed value, or "" after recording "required" when it is nil or blank.
    mutating func require(_ value: String?, _ path: String) -> String {
        if let value, !value.trimmingWhitespace().isEmpty { return value.trimmingWhitespace() }
        issues.append(DocumentIssue(path: path, message: "required for \(document)"))
        return ""
    }

    /// The value, or zero after recording "required" when nil.
    mutating func require(_ value: Amount?, _ path: String) -> Amount {
        if let value { return value }
        issues.append(DocumentIssue(path: path, message: "required for \(document)"))
        return .zero
    }

    /// Records `message` at `path` unless `condition` holds.
    mutating func check(_ condition: Bool, _ path: String, _ message: String) {
        if !condition { issues.append(DocumentIssue(path: path, message: message)) }
    }

    /// Throws `missingData` when anything was recorded.
    func finish() throws(DocumentError) {
        if !issues.isEmpty {
            throw DocumentError(.missingData, "\(document): mandatory data missing or inconsistent", issues: issues)
        }
    }

    /// `<Name/><Address>…</Address><Phone/>…<Identifier scheme=…/>` for a party; name, street, city, country required.
    mutating func party(
        _ element: String, _ party: DocumentRequest.Party?, _ path: String,
        identifiers: [(scheme: String, value: String?)] = []
    ) -> XMLElement {
        let p = party ?? DocumentRequest.Party()
        var node = XMLElement(element)
        node.append("Name", require(p.name, path + ".name"))
        var address = XMLElement("Address")
        address.append("Street", require(p.street, path + ".street"))
        address.append("City", require(p.city, path + ".city"))
        address.appendIfPresent("Postcode", p.postcode)
        address.appendIfPresent("Region", p.region)
        address.append("Country", country(p.country, path + ".country"))
        node.append(address)
        node.appendIfPresent("Phone", p.phone)
        node.appendIfPresent("Email", p.email)
        for identifier in identifiers {
            if let value = identifier.value {
                node.append(
                    XMLElement(
                        "Identifier", attributes: [.init("scheme", identifier.scheme)],
                        children: [.text(taxIdentifier(identifier.scheme, value, path))]))
            }
        }
        return node
    }

    /// A VAT, EORI or IOSS number in its compact form (spaces, dots and hyphens removed, capitals), after recording
    /// why it is malformed at `path.vat`, `path.eori` or `path.ioss`; other schemes are returned trimmed.
    mutating func taxIdentifier(_ scheme: String, _ value: String, _ path: String) -> String {
        let compact = TaxIdentifier.compact(value)
        let problem: String?
        switch scheme {
        case "VAT": problem = TaxIdentifier.vatProblem(compact)
        case "EORI": problem = TaxIdentifier.eoriProblem(compact)
        case "IOSS": problem = TaxIdentifier.iossProblem(compact)
        default: return value.trimmingWhitespace()
        }
        if let problem { issues.append(DocumentIssue(path: "\(path).\(scheme.lowercased())", message: problem)) }
        return compact
    }

    /// A required ISO 3166 alpha-2 code.
    mutating func country(_ value: String?, _ path: String) -> String {
        let code = require(value, path)
        let valid = code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase }
        if !code.isEmpty && !valid {
            issues.append(DocumentIssue(path: path, message: "expected an ISO 3166 alpha-2 country code"))
        }
        return code
    }

    /// The digits of an HS code (dots and spaces removed), requiring at least `minimum` digits.
    mutating func hsCode(_ value: String?, _ path: String, digits minimum: Int, exactly: Int? = nil) -> String {
        let raw = require(value, path)
        if raw.isEmpty { return "" }
        let digits = raw.filter { $0 != "." && $0 != " " }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            issues.append(DocumentIssue(path: path, message: "HS code must be digits"))
            return digits
        }
        if let exactly {
            check(digits.count == exactly, path, "\(document) needs a \(exactly)-digit code")
        } else {
            check(digits.count >= minimum, path, "\(document) needs at least \(minimum) HS digits")
        }
        return digits
    }

    /// `YYYY-MM-DD`.
    mutating func date(_ value: String, _ path: String) -> String {
        let parts = value.split(separator: "-")
        let ok =
            parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            && (1...12).contains(Int(parts[1]) ?? 0) && (1...31).contains(Int(parts[2]) ?? 0)
        check(ok, path, "expected a date YYYY-MM-DD")
        return value
    }
}
