import BondedTesting
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import WMSCore

@testable import Service

/// A browser-like client of the console over the router test client: keeps cookies, reads CSRF tokens from pages.
struct ConsoleClient {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    /// Signs `user` in through a one-time ticket (the login form has its own test).
    static func signedIn(_ user: String, harness: Harness, client: any TestClientProtocol) async throws
        -> ConsoleClient
    {
        var console = ConsoleClient(client)
        let ticket = harness.service.console.issueTicket(for: user)
        let response = try await console.get("/console/login/ticket?ticket=\(ticket)")
        guard response.status == .seeOther, console.cookies[ConsoleSecurity.sessionCookie] != nil else {
            throw WMSError(.configuration, "ticket sign-in failed: \(response.status)")
        }
        return console
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        try await send(.get, uri, body: nil)
    }

    /// Posts a form; `csrf` nil sends none, else the given token (use `token(from:)`).
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, uri, body: body)
    }

    private mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || field.value.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The first `name="field" value="…"` of a page.
    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
