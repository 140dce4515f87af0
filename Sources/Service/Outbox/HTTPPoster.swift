import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// POSTs a message to a single window.
///
/// Foundation's URLSession (FoundationNetworking, backed by the system libcurl on Linux) rather than
/// AsyncHTTPClient: it comes with the toolchain, so it costs no build time, and it speaks HTTPS with the system's
/// certificate store, which production single windows need. Deliveries are few and small, so its throughput is not
/// a concern. A raw SwiftNIO client would be as cheap to build but would need TLS (swift-nio-ssl) added by hand.
struct HTTPPoster: Sendable {
    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    var timeout: TimeInterval

    func post(_ url: String, body: [UInt8], headers: [String: String]) async throws -> Answer {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            throw URLError(.badURL)
        }
        var request = URLRequest(url: target, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: Array(data))
    }
}
