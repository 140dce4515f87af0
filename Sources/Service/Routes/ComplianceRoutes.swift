import ComplianceEngine
import Foundation
import HTTPTypes
import Logging
import WMSCore

/// A diagnostic of a rule file as the API shows it.
struct DiagnosticView: Codable, Sendable {
    var id: String
    var severity: String
    var path: String
    var line: Int
    var column: Int
    var message: String

    init(_ diagnostic: Diagnostic) {
        id = diagnostic.id
        severity = diagnostic.severity.rawValue
        path = diagnostic.path
        line = diagnostic.line
        column = diagnostic.column
        message = diagnostic.message
    }
}

struct PackView: Codable, Sendable {
    var name: String
    var version: String
    var owner: String
}

struct PackTestView: Codable, Sendable {
    var pack: String
    var name: String
    var location: String
    var passed: Bool
    var failures: [String]
}

struct PackTestsView: Codable, Sendable {
    var tests: Int
    var failed: Int
    var results: [PackTestView]
}

struct ReloadView: Codable, Sendable {
    /// False when a changed pack was refused (it does not compile or a test fails): the running version stays.
    var activated: Bool
    var packSet: String
    var diagnostics: [DiagnosticView]
    /// The packs whose directory files changed, each stored as a new version.
    var imported: [ImportedPackView]
}

struct ImportedPackView: Codable, Sendable {
    var pack: String
    var version: Int
    var activated: Bool
    var errors: Int
    var failedTests: [String]
}

extension BondedService {
    func complianceRoutes() -> [APIRoute] {
        [
            APIRoute(
                .post, "/v1/assess", .compute, roles: Roles.all, query: ["at", "explain"],
                summary: "Assess a shipment against the active rule packs"
            ) { [self] call in
                guard let packSet = packs.current else {
                    throw Problem(.serviceUnavailable, code: "not-ready", "no pack set")
                }
                let request = try AssessmentRequest.decode(json: String(decoding: call.body, as: UTF8.self))
                var day = request.date
                if let at = call.query["at"] {
                    guard let parsed = Day(parsing: at) else {
                        throw Problem.invalid("at", "a date YYYY-MM-DD", value: at)
                    }
                    day = parsed
                }
                let explain: Bool
                switch call.query["explain"] {
                case nil, "true": explain = true
                case "false": explain = false
                case let other?: throw Problem.invalid("explain", "true or false", value: other)
                }
                let assessment = packSet.assess(request, on: day, explain: explain)
                return APIResponse(
                    status: .ok, contentType: "application/json",
                    body: Array(assessment.json(includeExplanation: explain).utf8))
            },
            APIRoute(.get, "/v1/rules/packs", .read, roles: Roles.all, summary: "List the active rule packs") {
                [self] _ in
                let packSet = try activePacks()
                struct List: Codable, Sendable {
                    var packSet: String
                    var packs: [PackView]
                }
                return try .json(
                    List(
                        packSet: packSet.contentHash,
                        packs: packSet.packs.map { PackView(name: $0.name, version: $0.version, owner: $0.owner) }))
            },
            APIRoute(.get, "/v1/rules/packs/{pack}", .read, roles: Roles.all, summary: "Show a rule pack") {
                [self] call in
                let packSet = try activePacks()
                guard let pack = packSet.packs.first(where: { $0.name == call.parameter("pack") }) else {
                    throw Problem.notFound("pack", field: "pack", value: call.parameter("pack"))
                }
                struct Detail: Codable, Sendable {
                    var name: String
                    var version: String
                    var owner: String
                    var tests: Int
                    var names: [String]
                }
                let names = packSet.describableNames.filter { $0.hasPrefix(pack.name + ".") }.sorted()
                return try .json(
                    Detail(
                        name: pack.name, version: pack.version, owner: pack.owner,
                        tests: packSet.runTests(pack: pack.name).results.count, names: names))
            },
            APIRoute(
                .post, "/v1/rules/tests", .compute, roles: [.admin, .complianceOfficer, .warehouseManager],
                query: ["pack"], summary: "Run the in-pack tests"
            ) { [self] call in
                let packSet = try activePacks()
                if let pack = call.query["pack"], !packSet.packs.contains(where: { $0.name == pack }) {
                    throw Problem.notFound("pack", field: "pack", value: pack)
                }
                let report = packSet.runTests(pack: call.query["pack"])
                return try .json(
                    PackTestsView(
                        tests: report.results.count, failed: report.failed,
                        results: report.results.map {
                            PackTestView(
                                pack: $0.pack, name: $0.name, location: $0.location, passed: $0.passed,
                                failures: $0.failures)
                        }))
            },
            APIRoute(
                .post, "/v1/rules/reload", .write, roles: Roles.compliance,
                summary: "Reload the rule packs: directory changes become tested, audited versions; a failing one never runs"
            ) { [self] call in
                // Directory changes become pack versions (as in the console), so a reload never bypasses what the
                // console activated, and a change that fails its tests never replaces the running version.
                let imports = try await importRulesDirectory { action, status in
                    var record = call.auditRecord(status: status)
                    record.action = action
                    return record
                }
                let diagnostics = try await applyActivePacks()
                let refused = imports.filter { !$0.activated }
                // Packs never stored as versions (a service that did not sync) load from the directory directly.
                let compiled = !diagnostics.contains { $0.severity == .error }
                let view = ReloadView(
                    activated: refused.isEmpty && compiled, packSet: (packs.current?.contentHash) ?? "",
                    diagnostics: (refused.flatMap(\.check.diagnostics) + diagnostics).map(DiagnosticView.init),
                    imported: imports.map {
                        ImportedPackView(
                            pack: $0.pack, version: $0.version, activated: $0.activated, errors: $0.check.errors,
                            failedTests: $0.check.report?.results.filter { !$0.passed }.map { "\($0.pack): \($0.name)" }
                                ?? [])
                    })
                if !view.activated {
                    logger.warning("rule reload refused", metadata: ["packs": "\(refused.map(\.pack))"])
                }
                return try .json(view, status: view.activated ? .ok : .unprocessableContent)
            },
        ]
    }

    func activePacks() throws -> PackSet {
        guard let packSet = packs.current else { throw Problem(.serviceUnavailable, code: "not-ready", "no pack set") }
        return packSet
    }
}
