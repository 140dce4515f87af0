import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    /// The page frame: navigation by role, language switcher, the signed-in user and the sign-out form.
    func layout(_ call: ConsoleCall, title: String, _ body: HTML, scanner: Bool = false) -> HTML {
        let t = call.t
        var nav: [HTML] = []
        if let principal = call.principal {
            var links: [(String, String)] = []
            if ConsoleRoles.dashboard.contains(principal.role) { links.append(("/console/dashboard", t("nav.dashboard"))) }
            if ConsoleRoles.rulesRead.contains(principal.role) {
                links.append(("/console/rules", t("nav.rules")))
                links.append(("/console/assess", t("nav.assess")))
            }
            if ConsoleRoles.scanner.contains(principal.role) { links.append(("/console/scan", t("nav.scanner"))) }
            nav = links.map { "<a href=\"\($0.0)\">\($0.1)</a>" }
            nav.append(
                """
                <span class="who">\(t("nav.signed-in-as", principal.username + " (" + t("role." + principal.role.rawValue) + ")"))</span>\
                <form method="post" action="/console/logout" class="inline">\(call.csrfField)\
                <button type="submit">\(t("nav.sign-out"))</button></form>
                """)
        }
        let switcher: [HTML] = ConsoleStrings.languages.map { language in
            let name = ConsoleStrings.names[language] ?? language
            return language == t.language
                ? "<strong lang=\"\(language)\">\(name)</strong>"
                : "<a lang=\"\(language)\" href=\"\(Self.languageLink(call, language))\">\(name)</a>"
        }
        return """
            <!doctype html>
            <html lang="\(t.language)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Bonded</title><link rel="stylesheet" href="/console/static/console.css"></head>
            <body class="\(scanner ? "scanner" : "desk")">
            <header><span class="brand">Bonded</span><nav>\(nav)</nav><nav class="languages">\(switcher)</nav></header>
            <main><h1>\(title)</h1>
            \(body)
            </main></body></html>
            """
    }

    /// The current page in another language (its other query parameters kept).
    static func languageLink(_ call: ConsoleCall, _ language: String) -> String {
        var query = call.query
        query["lang"] = language
        return call.path + "?" + query.sorted { $0.key < $1.key }
            .map { "\(ConsoleSecurity.query($0.key))=\(ConsoleSecurity.query($0.value))" }.joined(separator: "&")
    }

    func errorPage(_ call: ConsoleCall, _ problem: Problem) -> HTML {
        let body: HTML = """
            <p class="message error" id="error">\(problem.detail)\(problem.field.map { " (\($0))" } ?? "")</p>
            <p><a href="/console">\(call.t("error.back"))</a></p>
            """
        return layout(call, title: call.t("error.title", String(problem.status)), body)
    }

    func page(_ call: ConsoleCall, title: String, _ body: HTML, scanner: Bool = false) -> ConsoleAnswer {
        .html(layout(call, title: title, body, scanner: scanner))
    }
}

/// Who may use which part of the console (the API's roles).
enum ConsoleRoles {
    static let dashboard: Set<Role> = [.admin, .complianceOfficer, .warehouseManager, .operator]
    static let rulesRead: Set<Role> = [.admin, .complianceOfficer, .warehouseManager]
    static let rulesWrite: Set<Role> = [.admin, .complianceOfficer]
    static let scanner: Set<Role> = [.admin, .warehouseManager, .operator]
}
