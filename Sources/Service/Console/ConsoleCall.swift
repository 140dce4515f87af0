import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import WMSCore

/// What a console handler gets: the signed-in user, the language, the query and the (CSRF-checked) form.
struct ConsoleCall: Sendable {
    let principal: Principal?
    /// The session id from the cookie (nil before sign-in).
    let sessionID: String?
    let t: ConsoleStrings
    let path: String
    let parameters: [String: String]
    let query: [String: String]
    let form: [String: String]
    /// The request's cookies.
    let cookies: [String: String]
    let remote: String
    let requestID: String

    var caller: Principal { principal ?? Principal(username: "anonymous", role: .operator, warehouses: []) }

    /// The CSRF token every form of this session carries.
    var csrf: String { sessionID.map(ConsoleSecurity.csrfToken) ?? "" }

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The hidden CSRF field of a form.
    var csrfField: HTML { "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">" }

    /// The audit record of this console write.
    func auditRecord(action: String, warehouse: String?, status: Int) -> AuditRecord {
        AuditRecord(
            at: Date(), actor: caller.username, role: caller.role.rawValue, action: action, target: path,
            warehouse: warehouse, remote: remote, status: status, requestID: requestID)
    }
}

/// What a console handler answers: a page, a redirect or bytes, with cookies to set.
struct ConsoleAnswer: Sendable {
    var status: HTTPResponse.Status = .ok
    var contentType = "text/html; charset=utf-8"
    var body: [UInt8] = []
    var location: String?
    var cookies: [String] = []
    /// Whether the handler wrote the audit record itself (in the transaction of its change).
    var audited = false

    static func redirect(_ location: String, cookies: [String] = []) -> ConsoleAnswer {
        ConsoleAnswer(status: .seeOther, body: [], location: location, cookies: cookies)
    }

    static func html(_ html: HTML, status: HTTPResponse.Status = .ok) -> ConsoleAnswer {
        ConsoleAnswer(status: status, body: Array(html.text.utf8))
    }
}

/// Session ids, CSRF tokens, cookies and form bodies.
enum ConsoleSecurity {
    static let sessionCookie = "bonded_session"
    static let loginCookie = "bonded_login"
    static let languageCookie = "bonded_lang"
    static let sessionLifetime: TimeInterval = 12 * 3600

    /// The stored form of a session id: its SHA-256 in hex.
    static func hash(_ sessionID: String) -> String { TokenMaker.hex(TokenMaker.digest(sessionID)) }

    /// The synchroniser token of a session: HMAC-SHA256 keyed by the (secret) session id, so it cannot be made
    /// without the cookie, and it needs no storage.
    static func csrfToken(_ sessionID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("bonded-console-csrf".utf8), using: SymmetricKey(data: Array(sessionID.utf8)))
        return TokenMaker.hex(Array(mac))
    }

    /// Whether two secrets are equal, in constant time.
    static func same(_ a: String, _ b: String) -> Bool { ConstantTime.equal(Array(a.utf8), Array(b.utf8)) }

    /// A cookie that scripts cannot read, that is sent only over HTTPS (and to localhost) and never cross-site.
    static func cookie(_ name: String, _ value: String, maxAge: Int, path: String = "/console") -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; Secure; SameSite=Strict"
    }

    static func cookies(_ header: String?) -> [String: String] {
        var result: [String: String] = [:]
        for part in (header ?? "").split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, result[pair[0]] == nil { result[pair[0]] = pair[1] }
        }
        return result
    }

    /// Decodes `application/x-www-form-urlencoded`; bad percent-escapes or UTF-8 are refused naming the field.
    static func form(_ bytes: [UInt8]) throws -> [String: String] {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.invalid("body", "the form is not UTF-8")
        }
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { throw Problem.invalid("body", "a form field name is malformed") }
            guard let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw Problem.invalid(name, "the form field is malformed")
            }
            result[name] = value
        }
        return result
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Percent-encodes a query value.
    static func query(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
