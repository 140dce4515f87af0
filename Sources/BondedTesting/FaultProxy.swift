import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP proxy that really breaks the link between an edge and the centre, on a seeded schedule.
///
/// Each new connection draws one fate from the seed: pass, drop (closed before anything is forwarded), reset
/// after the request reached the server (the answer is lost, so the client retries a request that was applied),
/// delay, or duplicate (the request is forwarded a second time on a fresh connection, whose answer is thrown
/// away). `online = false` cuts the link: open connections are reset and new ones refused. Plain sockets and
/// threads, so it behaves the same whatever event loop the endpoints use.
public final class FaultProxy: @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`; sockets are owned by their pump threads.
    /// How often each fate is drawn, in per mille; the rest pass.
    public struct Schedule: Sendable {
        public var drop: Int
        public var resetAfterRequest: Int
        public var delay: Int
        public var duplicate: Int
        /// Longest delay, in milliseconds.
        public var maximumDelay: Int

        public init(
            drop: Int = 0, resetAfterRequest: Int = 0, delay: Int = 0, duplicate: Int = 0, maximumDelay: Int = 200
        ) {
            self.drop = drop
            self.resetAfterRequest = resetAfterRequest
            self.delay = delay
            self.duplicate = duplicate
            self.maximumDelay = maximumDelay
        }

        /// Passes everything.
        public static let clean = Schedule()
    }

    /// What happened to connections so far.
    public struct Counters: Sendable, Hashable {
        public var connections = 0
        public var passed = 0
        public var dropped = 0
        public var reset = 0
        public var delayed = 0
        public var duplicated = 0
        public var refused = 0
    }

    private enum Fate { case pass, drop, resetAfterRequest, delay(Int), duplicate }

    public let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var random: SplitMix
    private var scheduleValue: Schedule
    private var onlineValue = true
    private var open: Set<Int32> = []
    private var countersValue = Counters()
    private var stopped = false

    /// Listens on a free loopback port and forwards to `127.0.0.1:upstreamPort`.
    public init(upstreamPort: Int, seed: UInt64, schedule: Schedule = .clean) throws {
        self.upstreamPort = upstreamPort
        self.random = SplitMix(seed)
        self.scheduleValue = schedule
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, 128) == 0 else {
            close(socket)
            throw POSIXError(.EADDRINUSE)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.listener = socket
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.stackSize = 256 << 10
        thread.start()
    }

    deinit { stop() }

    /// Whether the link is up; taking it down resets every open connection.
    public var online: Bool {
        get { lock.withLock { onlineValue } }
        set {
            let victims: Set<Int32> = lock.withLock {
                onlineValue = newValue
                return newValue ? [] : open
            }
            for socket in victims { Self.cut(socket) }
        }
    }

    public var schedule: Schedule {
        get { lock.withLock { scheduleValue } }
        set { lock.withLock { scheduleValue = newValue } }
    }

    public var counters: Counters { lock.withLock { countersValue } }

    /// Stops listening and resets every connection.
    public func stop() {
        let victims: Set<Int32>? = lock.withLock {
            guard !stopped else { return nil }
            stopped = true
            onlineValue = false
            return open
        }
        guard let victims else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in victims { Self.cut(socket) }
    }

    // MARK: Connections

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let (fate, up) = lock.withLock { () -> (Fate?, Bool) in
                countersValue.connections += 1
                guard onlineValue else {
                    countersValue.refused += 1
                    return (nil, false)
                }
                return (drawFate(), true)
            }
            guard up, let fate else {
                Self.cut(client)
                close(client)
                continue
            }
            let thread = Thread { [self] in serve(client, fate) }
            thread.stackSize = 256 << 10
            thread.start()
        }
    }

    /// Called with `lock` held.
    private func drawFate() -> Fate {
        let draw = Int(random.next() % 1000)
        let schedule = scheduleValue
        var threshold = schedule.drop
        if draw < threshold {
            countersValue.dropped += 1
            return .drop
        }
        threshold += schedule.resetAfterRequest
        if draw < threshold {
            countersValue.reset += 1
            return .resetAfterRequest
        }
        threshold += schedule.delay
        if draw < threshold {
            countersValue.delayed += 1
            return .delay(Int(random.next() % UInt64(max(schedule.maximumDelay, 1))))
        }
        threshold += schedule.duplicate
        if draw < threshold {
            return .duplicate
        }
        countersValue.passed += 1
        return .pass
    }

    private func serve(_ client: Int32, _ fate: Fate) {
        if case .drop = fate {
            Self.cut(client)
            close(client)
            return
        }
        if case .delay(let milliseconds) = fate { usleep(useconds_t(milliseconds * 1000)) }
        guard let server = connectUpstream() else {
            Self.cut(client)
            close(client)
            return
        }
        guard track(client), track(server) else {
            untrack(client)
            Self.cut(client)
            close(client)
            close(server)
            return
        }
        let captured = Captured()
        let upstreamDone = DispatchSemaphore(value: 0)
        let upstream = Thread { [self] in
            pump(from: client, to: server, capture: captured)
            shutdown(server, Int32(SHUT_WR))
            upstreamDone.signal()
        }
        upstream.stackSize = 256 << 10
        upstream.start()
        if case .resetAfterRequest = fate {
            // Let the request reach the server and be applied; then lose the answer.
            usleep(150_000)
            Self.cut(client)
            Self.cut(server)
        } else {
            var replayed = false
            pump(from: server, to: client, capture: nil) {
                // The server answers only once it has the whole request: send a copy of it now, on the side.
                guard case .duplicate = fate, !replayed else { return }
                replayed = true
                let request = captured.snapshot()
                let thread = Thread { [self] in replay(request) }
                thread.stackSize = 256 << 10
                thread.start()
            }
            shutdown(client, Int32(SHUT_WR))
        }
        if upstreamDone.wait(timeout: .now() + 5) == .timedOut {
            Self.cut(client)
            Self.cut(server)
            upstreamDone.wait()
        }
        untrack(client)
        untrack(server)
        close(client)
        close(server)
    }

    /// Sends a copy of a connection's request bytes on a new connection and discards the answer.
    private func replay(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, online, let server = connectUpstream() else { return }
        lock.withLock { countersValue.duplicated += 1 }
        _ = Self.writeAll(server, bytes)
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(server, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        shutdown(server, Int32(SHUT_WR))
        while read(server, &buffer, buffer.count) > 0 {}
        close(server)
    }

    private final class Captured: @unchecked Sendable {
        // @unchecked: `bytes` is guarded by `lock`.
        private let lock = NSLock()
        private var bytes: [UInt8] = []

        func append(_ chunk: ArraySlice<UInt8>) {
            lock.withLock { if bytes.count < 64 << 20 { bytes.append(contentsOf: chunk) } }
        }

        func snapshot() -> [UInt8] { lock.withLock { bytes } }
    }

    private func pump(from source: Int32, to target: Int32, capture: Captured?, onData: () -> Void = {}) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = read(source, &buffer, buffer.count)
            guard count > 0 else { return }
            capture?.append(buffer[0..<count])
            onData()
            guard Self.writeAll(target, Array(buffer[0..<count])) else { return }
        }
    }

    private func connectUpstream() -> Int32? {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    private func track(_ socket: Int32) -> Bool {
        lock.withLock {
            guard onlineValue else { return false }
            open.insert(socket)
            return true
        }
    }

    private func untrack(_ socket: Int32) { _ = lock.withLock { open.remove(socket) } }

    private static func writeAll(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Breaks a connection: SO_LINGER 0 makes the owner's `close` send a TCP reset, and the shutdown wakes any
    /// thread blocked on it. The thread that owns the socket closes it (never two closes of one descriptor).
    private static func cut(_ socket: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        shutdown(socket, Int32(SHUT_RDWR))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }
}
