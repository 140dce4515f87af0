import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    func ruleConsoleRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/console/rules", roles: ConsoleRoles.rulesRead) { [self] call in
                try await packList(call)
            },
            ConsoleRoute(method: .get, path: "/console/rules/{pack}", roles: ConsoleRoles.rulesRead) { [self] call in
                try await packPage(call)
            },
            ConsoleRoute(method: .get, path: "/console/rules/{pack}/diff", roles: ConsoleRoles.rulesRead) {
                [self] call in try await diffPage(call)
            },
            ConsoleRoute(method: .get, path: "/console/rules/{pack}/{version}", roles: ConsoleRoles.rulesRead) {
                [self] call in try await versionPage(call, check: nil, notice: nil)
            },
            ConsoleRoute(method: .get, path: "/console/rules/{pack}/{version}/tests", roles: ConsoleRoles.rulesRead) {
                [self] call in try await testsPage(call)
            },
            ConsoleRoute(method: .get, path: "/console/rules/{pack}/{version}/edit", roles: ConsoleRoles.rulesWrite) {
                [self] call in try await editPage(call)
            },
            ConsoleRoute(method: .post, path: "/console/rules/{pack}/versions", roles: ConsoleRoles.rulesWrite) {
                [self] call in try await saveVersion(call)
            },
            ConsoleRoute(
                method: .post, path: "/console/rules/{pack}/{version}/activate", roles: ConsoleRoles.rulesWrite
            ) { [self] call in
                let version = try await storedVersion(call)
                let check = try await activate(pack: version.pack, version: version.version, call: call)
                guard check.activatable else {
                    var answer = try await versionPage(
                        call, check: check, notice: (false, call.t("rules.activation-refused")))
                    answer.status = .unprocessableContent
                    return answer
                }
                var answer = ConsoleAnswer.redirect("/console/rules/\(ConsoleSecurity.query(version.pack))?activated=\(version.version)")
                answer.audited = true
                return answer
            },
            ConsoleRoute(method: .post, path: "/console/rules/{pack}/rollback", roles: ConsoleRoles.rulesWrite) {
                [self] call in
                let pack = try await knownPack(call)
                guard let target = try await rollback(pack: pack, call: call) else {
                    throw Problem(.conflict, code: "no-previous-version", call.t("rules.no-rollback"))
                }
                var answer = ConsoleAnswer.redirect("/console/rules/\(ConsoleSecurity.query(pack))?rolledback=\(target)")
                answer.audited = true
                return answer
            },
        ]
    }

    // MARK: Lookups

    func knownPack(_ call: ConsoleCall) async throws -> String {
        let pack = call.parameter("pack")
        guard !(try await store.packVersions(pack: pack)).isEmpty else {
            throw Problem.notFound(call.t("rules.pack"), field: "pack", value: pack)
        }
        return pack
    }

    func storedVersion(_ call: ConsoleCall) async throws -> PackVersion {
        let pack = call.parameter("pack")
        guard let number = Int(call.parameter("version")),
            let version = try await store.packVersion(pack: pack, version: number)
        else { throw Problem.notFound(call.t("rules.version"), field: "version", value: call.parameter("version")) }
        return version
    }

    // MARK: Pages

    private func packList(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let t = call.t
        let active = try await activeVersions()
        let declared = Dictionary(
            (packs.current?.packs ?? []).map { ($0.name, "\($0.version) · \($0.owner)") }, uniquingKeysWith: { a, _ in a })
        var rows: [HTML] = []
        for pack in active.keys.sorted() {
            let versions = try await store.packVersions(pack: pack)
            rows.append(
                """
                <tr><td><a href="/console/rules/\(ConsoleSecurity.query(pack))">\(pack)</a></td>\
                <td>\(declared[pack] ?? "—")</td><td class="num">\(active[pack] ?? 0)</td>\
                <td class="num">\(versions.count)</td></tr>
                """)
        }
        let hash = packs.current?.contentHash ?? ""
        let body: HTML = rows.isEmpty
            ? "<p class=\"empty\">\(t("rules.no-packs"))</p>"
            : """
            <p>\(t("rules.active-set")) <code>\(String(hash.prefix(16)))</code></p>
            <table id="packs"><thead><tr><th>\(t("rules.pack"))</th><th>\(t("rules.declared"))</th>\
            <th>\(t("rules.active-version"))</th><th>\(t("rules.versions"))</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return page(call, title: t("rules.title"), body)
    }

    private func packPage(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let t = call.t
        let pack = try await knownPack(call)
        let versions = try await store.packVersions(pack: pack)
        let history = try await store.packActivations().filter { $0.pack == pack }
        let active = PackActivation.activeVersions(history)[pack]
        let canWrite = ConsoleRoles.rulesWrite.contains(call.caller.role)
        var notice: HTML = ""
        if let activated = call.query["activated"] {
            notice = "<p class=\"message ok\" id=\"notice\">\(t("rules.activated", activated))</p>"
        } else if let target = call.query["rolledback"] {
            notice = "<p class=\"message ok\" id=\"notice\">\(t("rules.rolled-back", target))</p>"
        }
        let rows: [HTML] = versions.reversed().map { version in
            let isActive = version.version == active
            return """
                <tr class="\(isActive ? "active" : "")"><td class="num"><a href="/console/rules/\(ConsoleSecurity.query(pack))/\(version.version)">\(version.version)</a></td>\
                <td>\(isActive ? t("rules.active") : "")</td><td>\(version.author)</td><td>\(version.note)</td>\
                <td>\(Self.timestamp(version.createdAt))</td></tr>
                """
        }
        let options: [HTML] = versions.reversed().map { "<option value=\"\($0.version)\">\($0.version)</option>" }
        let log: [HTML] = history.reversed().map {
            "<li>\(Self.timestamp($0.at)) · \($0.actor) · \(t("rules.action." + $0.action.rawValue, String($0.version)))</li>"
        }
        let rollback: HTML =
            canWrite && PackActivation.rollbackTarget(pack: pack, history) != nil
            ? """
            <form method="post" action="/console/rules/\(ConsoleSecurity.query(pack))/rollback" class="inline">\(call.csrfField)\
            <button type="submit" id="rollback">\(t("rules.rollback", String(PackActivation.rollbackTarget(pack: pack, history) ?? 0)))</button></form>
            """ : ""
        let body: HTML = """
            \(notice)
            <p><a href="/console/rules">\(t("rules.all-packs"))</a> \(rollback)</p>
            <table id="versions"><thead><tr><th>\(t("rules.version"))</th><th></th><th>\(t("rules.author"))</th>\
            <th>\(t("rules.note"))</th><th>\(t("rules.created"))</th></tr></thead><tbody>\(rows)</tbody></table>
            <form method="get" action="/console/rules/\(ConsoleSecurity.query(pack))/diff" class="inline">
            <label>\(t("rules.diff-from")) <select name="from">\(Array(options.reversed()))</select></label>
            <label>\(t("rules.diff-to")) <select name="to">\(options)</select></label>
            <button type="submit">\(t("rules.diff"))</button></form>
            <h2>\(t("rules.history"))</h2><ul id="history">\(log)</ul>
            """
        return page(call, title: t("rules.pack-title", pack), body)
    }

    func versionPage(_ call: ConsoleCall, check given: VersionCheck?, notice: (ok: Bool, text: String)?) async throws
        -> ConsoleAnswer
    {
        let t = call.t
        let version = try await storedVersion(call)
        let check: VersionCheck
        if let given { check = given } else { check = try await checkVersion(version, runTests: false) }
        let active = try await activeVersions()[version.pack]
        let base = "/console/rules/\(ConsoleSecurity.query(version.pack))/\(version.version)"
        let canWrite = ConsoleRoles.rulesWrite.contains(call.caller.role)
        var mine: [String: [Diagnostic]] = [:]
        var others: [Diagnostic] = []
        for diagnostic in check.diagnostics {
            let parts = diagnostic.path.split(separator: "/")
            if parts.count >= 2, parts[parts.count - 2] == version.pack {
                mine[String(parts[parts.count - 1]), default: []].append(diagnostic)
            } else {
                others.append(diagnostic)
            }
        }
        let summary: [HTML] = check.diagnostics.map { diagnostic in
            """
            <li class="\(diagnostic.severity.rawValue)"><a href="#\(Self.anchor(diagnostic))">\(displayPath(diagnostic.path)):\(diagnostic.line):\(diagnostic.column)</a> \
            \(diagnostic.severity.rawValue): \(diagnostic.message)</li>
            """
        }
        let files: [HTML] = version.files.map { file in
            let byLine = Dictionary(grouping: mine[file.name] ?? [], by: \.line)
            let lines: [HTML] = LineDiff.lines(file.text).enumerated().map { index, text in
                let number = index + 1
                let notes: [HTML] = (byLine[number] ?? []).map { diagnostic in
                    """
                    <div class="diagnostic \(diagnostic.severity.rawValue)" id="\(Self.anchor(diagnostic))" \
                    data-location="\(version.pack)/\(file.name):\(diagnostic.line):\(diagnostic.column)">\
                    \(String(repeating: " ", count: max(0, diagnostic.column - 1)))^ \(version.pack)/\(file.name):\(diagnostic.line):\(diagnostic.column) \
                    \(diagnostic.severity.rawValue): \(diagnostic.message)</div>
                    """
                }
                return """
                    <div class="line\(byLine[number] == nil ? "" : " flagged")" id="L-\(file.name)-\(number)">\
                    <span class="ln">\(number)</span><code>\(text)</code></div>\(notes)
                    """
            }
            return "<section class=\"file\"><h3>\(file.name)</h3><pre class=\"source\">\(lines)</pre></section>"
        }
        let status: HTML =
            check.errors > 0
            ? "<p class=\"message error\" id=\"status\" data-errors=\"\(check.errors)\">\(t("rules.has-errors", String(check.errors)))</p>"
            : "<p class=\"message ok\" id=\"status\" data-errors=\"0\">\(t("rules.compiles"))</p>"
        let noticeHTML: HTML = notice.map {
            "<p class=\"message \($0.ok ? "ok" : "error")\" id=\"notice\">\($0.text)</p>"
        } ?? ""
        let tests: HTML = check.report.map { testSummary(call, check: check, report: $0) } ?? ""
        let activation: HTML =
            canWrite
            ? """
            <form method="post" action="\(base)/activate" class="inline">\(call.csrfField)\
            <button type="submit" id="activate"\(check.errors > 0 ? HTML(raw: " disabled") : "")>\(t("rules.activate"))</button></form>
            """ : ""
        let edit: HTML = canWrite ? "<a class=\"button\" href=\"\(base)/edit\">\(t("rules.edit"))</a>" : ""
        let body: HTML = """
            \(noticeHTML)
            <p><a href="/console/rules/\(ConsoleSecurity.query(version.pack))">\(t("rules.pack-title", version.pack))</a> · \
            \(version.author) · \(version.note) · \(Self.timestamp(version.createdAt))\
            \(version.version == active ? HTML(" · \(t("rules.active"))") : "")</p>
            \(status)
            \(tests)
            <ul id="diagnostics">\(summary)</ul>
            <p class="actions"><a class="button" id="run-tests" href="\(base)/tests">\(t("rules.run-tests"))</a> \(edit) \(activation)</p>
            <p class="hint">\(t("rules.activation-rule"))</p>
            \(others.isEmpty ? HTML("") : HTML("<p>\(t("rules.other-diagnostics", String(others.count)))</p>"))
            \(files)
            """
        return page(call, title: t("rules.version-title", version.pack, String(version.version)), body)
    }

    private func testSummary(_ call: ConsoleCall, check: VersionCheck, report: PackTestReport) -> HTML {
        let t = call.t
        let packPassed = check.packResults.filter(\.passed).count
        let packFailed = check.packResults.count - packPassed
        let allPassed = report.results.count - report.failed
        let rows: [HTML] = report.results.filter { !$0.passed || $0.pack == check.packResults.first?.pack }.map {
            """
            <tr class="\($0.passed ? "passed" : "failed")"><td>\($0.pack)</td><td>\($0.name)</td>\
            <td>\($0.passed ? t("rules.passed") : t("rules.failed"))</td><td>\(displayPath($0.location))</td>\
            <td>\($0.failures.joined(separator: "; "))</td></tr>
            """
        }
        return """
            <p id="test-summary" class="message \(report.failed == 0 ? "ok" : "error")" data-passed="\(packPassed)" \
            data-failed="\(packFailed)" data-all-passed="\(allPassed)" data-all-failed="\(report.failed)">\
            \(t("rules.test-counts", String(packPassed), String(packFailed), String(allPassed), String(report.failed)))</p>
            <table id="tests"><thead><tr><th>\(t("rules.pack"))</th><th>\(t("rules.test"))</th><th></th>\
            <th>\(t("rules.location"))</th><th>\(t("rules.failures"))</th></tr></thead><tbody>\(rows)</tbody></table>
            """
    }

    private func testsPage(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let version = try await storedVersion(call)
        return try await versionPage(call, check: try await checkVersion(version, runTests: true), notice: nil)
    }

    private func editPage(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let t = call.t
        let version = try await storedVersion(call)
        let fields: [HTML] = version.files.map { file in
            """
            <label class="file">\(file.name)<textarea name="file:\(file.name)" rows="\(min(40, max(8, LineDiff.lines(file.text).count + 1)))" \
            spellcheck="false">\(file.text)</textarea></label>
            """
        }
        let body: HTML = """
            <form method="post" action="/console/rules/\(ConsoleSecurity.query(version.pack))/versions" class="editor">\(call.csrfField)
            <input type="hidden" name="base" value="\(version.version)">
            <label>\(t("rules.note")) <input name="note" maxlength="200" value=""></label>
            \(fields)
            <p class="hint">\(t("rules.empty-removes"))</p>
            <label>\(t("rules.new-file")) <input name="newfile" placeholder="extra.rules" maxlength="80"></label>
            <label class="file"><textarea name="newtext" rows="6" spellcheck="false"></textarea></label>
            <button type="submit" id="save">\(t("rules.save-version"))</button></form>
            """
        return page(call, title: t("rules.edit-title", version.pack, String(version.version)), body)
    }

    private func saveVersion(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let pack = try await knownPack(call)
        var files: [PackFile] = []
        var entries = call.form.filter { $0.key.hasPrefix("file:") }.map { (String($0.key.dropFirst(5)), $0.key, $0.value) }
        if let name = call.form["newfile"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            entries.append((name, "newfile", call.form["newtext"] ?? ""))
        }
        for (name, field, text) in entries {
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."),
                name.hasSuffix(".rules") || name.hasSuffix(".csv")
            else { throw Problem.invalid(field, call.t("rules.bad-file-name"), value: name) }
            guard !files.contains(where: { $0.name == name }) else {
                throw Problem.invalid(field, call.t("rules.duplicate-file"), value: name)
            }
            // An emptied file is left out of the new version.
            let text = text.replacingOccurrences(of: "\r\n", with: "\n")
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { files.append(PackFile(name: name, text: text)) }
        }
        guard files.contains(where: { $0.name.hasSuffix(".rules") }) else {
            throw Problem.invalid("files", call.t("rules.no-files"))
        }
        let note = String((call.form["note"] ?? "").prefix(200))
        let base = call.form["base"].flatMap(Int.init).map { "(\(call.t("rules.from-version", String($0))))" } ?? ""
        let version = try await store.addPackVersion(
            pack: pack, files: files.sorted { $0.name < $1.name }, author: call.caller.username,
            note: note.isEmpty ? base : note, at: Date())
        return .redirect("/console/rules/\(ConsoleSecurity.query(pack))/\(version.version)")
    }

    private func diffPage(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let t = call.t
        let pack = try await knownPack(call)
        guard let from = call.query["from"].flatMap(Int.init), let to = call.query["to"].flatMap(Int.init),
            let old = try await store.packVersion(pack: pack, version: from),
            let new = try await store.packVersion(pack: pack, version: to)
        else { throw Problem.invalid("from", t("rules.diff-needs-versions")) }
        let names = Set(old.files.map(\.name)).union(new.files.map(\.name)).sorted()
        var sections: [HTML] = []
        var changed = 0
        for name in names {
            let a = old.files.first { $0.name == name }.map { LineDiff.lines($0.text) } ?? []
            let b = new.files.first { $0.name == name }.map { LineDiff.lines($0.text) } ?? []
            let changes = LineDiff.diff(a, b)
            guard changes.contains(where: { if case .same = $0 { false } else { true } }) else { continue }
            changed += 1
            let lines: [HTML] = changes.map { change in
                switch change {
                case .same(let text): "<div class=\"same\"><code>  \(text)</code></div>"
                case .removed(let text): "<div class=\"removed\"><code>- \(text)</code></div>"
                case .added(let text): "<div class=\"added\"><code>+ \(text)</code></div>"
                }
            }
            sections.append("<section class=\"file\"><h3>\(name)</h3><pre class=\"diff\">\(lines)</pre></section>")
        }
        let body: HTML = """
            <p><a href="/console/rules/\(ConsoleSecurity.query(pack))">\(t("rules.pack-title", pack))</a></p>
            \(changed == 0 ? HTML("<p class=\"empty\" id=\"no-changes\">\(t("rules.no-changes"))</p>") : HTML(raw: ""))
            \(sections)
            """
        return page(call, title: t("rules.diff-title", pack, String(from), String(to)), body)
    }

    static func anchor(_ diagnostic: Diagnostic) -> String {
        let file = diagnostic.path.split(separator: "/").last.map(String.init) ?? "file"
        return "d-\(file)-\(diagnostic.line)-\(diagnostic.column)"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date) + " UTC"
    }
}
