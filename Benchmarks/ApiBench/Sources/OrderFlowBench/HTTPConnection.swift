import Foundation

import Glibc  // Linux only, like the rest of the bench (wrk, perf).

/// One keep-alive HTTP/1.1 connection to 127.0.0.1 over a blocking socket, used by one worker thread.
///
/// The bench runs on the same cores as the server, so the client must cost little: URLSession on Linux goes
/// through libcurl and its own threads, which took about as much CPU as the server did per request. This speaks
/// just the HTTP the bench needs (a request with a body, a response with Content-Length or chunked encoding).
final class HTTPConnection {
    private let port: UInt16
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    private var start = 0

    init(port: Int) {
        self.port = UInt16(port)
    }

    deinit { close() }

    private func close() {
        if socket >= 0 { _ = Glibc.close(socket) }
        socket = -1
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    private func connect() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: errno \(errno)") }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            _ = Glibc.close(fd)
            throw BenchError("connect to port \(port): errno \(errno)")
        }
        socket = fd
    }

    /// Sends one request and reads its response: status and body.
    func send(_ method: String, _ uri: String, headers: String, body: [UInt8]) throws -> (Int, [UInt8]) {
        if socket < 0 { try connect() }
        var head = "\(method) \(uri) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)"
        head += "Content-Length: \(body.count)\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes += body
        do {
            try write(bytes)
            return try readResponse()
        } catch {
            close()
            throw error
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, bytes.count - sent, 0) }
            guard n > 0 else { throw BenchError("send: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; throws at end of stream.
    private func fill() throws {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, 65536, 0) }
        guard n > 0 else { throw BenchError("connection closed by the server (errno \(errno))") }
        buffer += chunk[0..<n]
    }

    /// The next line (without CRLF).
    private func line() throws -> String {
        while true {
            if let end = buffer[start...].firstIndex(of: 10) {
                var last = end
                if last > start && buffer[last - 1] == 13 { last -= 1 }
                let text = String(decoding: buffer[start..<last], as: UTF8.self)
                start = end + 1
                return text
            }
            try fill()
        }
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { try fill() }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    private func readResponse() throws -> (Int, [UInt8]) {
        let status = try line().split(separator: " ")
        guard status.count >= 2, let code = Int(status[1]) else { throw BenchError("bad status line \(status)") }
        var length: Int?
        var chunked = false
        var closeAfter = false
        while true {
            let header = try line()
            if header.isEmpty { break }
            guard let colon = header.firstIndex(of: ":") else { continue }
            let name = header[..<colon].lowercased()
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length": length = Int(value)
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "connection": closeAfter = value.lowercased() == "close"
            default: break
            }
        }
        var body: [UInt8] = []
        if chunked {
            while true {
                guard let size = Int(try line().prefix { $0 != ";" }, radix: 16) else {
                    throw BenchError("bad chunk size")
                }
                if size == 0 {
                    while try !line().isEmpty {}
                    break
                }
                body += try take(size)
                _ = try line()
            }
        } else if let length {
            body = try take(length)
        }
        if closeAfter { close() }
        return (code, body)
    }
}
