import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `bonded` child process (the built binary), started, killed with SIGKILL and restarted by the fault tests.
final class NodeProcess: @unchecked Sendable {
    // @unchecked: used from one test task; `output` is guarded by `lock`.
    let name: String
    let arguments: [String]
    let logPath: String
    private var process: Process?
    private let lock = NSLock()
    private var output = ""
    private(set) var port = 0

    init(name: String, arguments: [String], logDirectory: String) {
        self.name = name
        self.arguments = arguments
        self.logPath = logDirectory + "/\(name).log"
    }

    /// The built `bonded` binary: $BONDED_BINARY, else the debug build of this package.
    static func binary() throws -> String {
        var candidates = [ProcessInfo.processInfo.environment["BONDED_BINARY"] ?? ""]
        candidates += [
            ".build/debug/bonded", ".build/x86_64-unknown-linux-gnu/debug/bonded",
            ".build/aarch64-unknown-linux-gnu/debug/bonded",
        ]
        .map { SyncFixture.root + "/" + $0 }
        guard let found = candidates.first(where: { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw NodeError(
                message: "no built bonded binary (looked at \(candidates.dropFirst())); run swift build first")
        }
        return found
    }

    struct NodeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    var isRunning: Bool { process?.isRunning ?? false }
    var pid: Int32 { process?.processIdentifier ?? 0 }

    /// Starts the process and waits until it prints the port it serves on.
    func start(timeout: TimeInterval = 90) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        if !FileManager.default.fileExists(atPath: logPath) {
            FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardError = log
        lock.withLock { output = "" }
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else {
                handle.readabilityHandler = nil  // end of file: stop being called
                return
            }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
            log.write(data)
        }
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let port = servedPort() {
                self.port = port
                return
            }
            guard process.isRunning else { throw NodeError(message: "\(name) exited: see \(logPath)") }
            usleep(50_000)
        }
        throw NodeError(message: "\(name) did not start within \(timeout) s: see \(logPath)")
    }

    private func servedPort() -> Int? {
        let text = lock.withLock { output }
        guard let range = text.range(of: "serving on http://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// SIGKILL: no clean-up, no flush, as a power cut or an OOM kill.
    func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait (graceful stop).
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Runs the binary to completion and returns its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A free loopback port (bound and released).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(socket, pointer, length) == 0 else { return -1 }
                return getsockname(socket, pointer, &length)
            }
        }
        guard bound == 0 else { throw NodeError(message: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
