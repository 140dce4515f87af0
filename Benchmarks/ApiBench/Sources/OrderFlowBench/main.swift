import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

// OrderFlowBench run PORT TOKEN ORDERS WORKERS BATCH
//     Drives the order-to-ship flow over HTTP: WORKERS clients per warehouse, each taking BATCH orders at a time
//     through import → allocate → release → wave → pick scans → pack → ship. Wave planning and picking of one
//     warehouse are done by one client at a time (one wave picker per floor; a wave takes every released order,
//     so the others' orders ride along). Prints orders/s, request latency p50/p99 and batch lead time.
//     run.sh seeds the product (BENCH-TEE, GTIN below) and deep stock at A-01-1, A-03-1 and B-02-1 first.

let sku = "BENCH-TEE"
let gtin = "4006381333955"
/// Where each warehouse ships its orders: an H7 import into the EU from the Ningbo bonded zone, and domestic parcels.
let destinations = ["CN-NGB1": "DE", "DE-FRA1": "DE", "US-LAX1": "US"]

/// One HTTP client (keep-alive connections), recording the latency of every request.
final class Client: @unchecked Sendable {
    // @unchecked: `latencies` is used by one worker task at a time.
    let session: URLSession
    let base: String
    let token: String
    var latencies: [Double] = []

    init(port: Int, token: String) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 1
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
        base = "http://127.0.0.1:\(port)"
        self.token = token
    }

    func call(_ method: String, _ uri: String, _ body: String? = nil, expect: Int = 200) async throws
        -> [String: Any]
    {
        var request = URLRequest(url: URL(string: base + uri)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let started = ContinuousClock.now
        let (data, response) = try await session.data(for: request)
        let elapsed = started.duration(to: .now)
        latencies.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == expect else {
            throw BenchError("\(method) \(uri): \(status) \(String(decoding: data.prefix(400), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One client at a time plans and picks a warehouse's waves.
actor WaveFloor {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Orders picked so far.
    private(set) var picked: Set<String> = []
    private var plans = 0

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }

    func nextPlan() -> Int {
        plans += 1
        return plans
    }

    func add(_ orders: some Sequence<String>) { picked.formUnion(orders) }
}

func pickEverything(_ client: Client, warehouse: String, floor: WaveFloor, needed: [String]) async throws {
    await floor.acquire()
    do {
        if !Set(needed).isSubset(of: await floor.picked) {
            let plan = await floor.nextPlan()
            let record = try await client.call(
                "POST", "/v1/warehouses/\(warehouse)/waves", #"{"id":"BW-\#(plan)"}"#, expect: 201)
            let sessions = (record["waves"] as? [[String: Any]] ?? []).flatMap { $0["sessions"] as? [String] ?? [] }
            for session in sessions {
                let list = try await client.call("GET", "/v1/warehouses/\(warehouse)/picks/\(session)")
                let tasks = (list["session"] as? [String: Any])?["tasks"] as? [[String: Any]] ?? []
                var at: String?
                var orders: Set<String> = []
                for task in tasks where task["state"] as? String == "open" {
                    let location = task["location"] as? String ?? ""
                    if location != at {
                        _ = try await client.call(
                            "POST", "/v1/warehouses/\(warehouse)/picks/\(session)/scans",
                            #"{"location":"\#(location)"}"#)
                        at = location
                    }
                    let result = try await client.call(
                        "POST", "/v1/warehouses/\(warehouse)/picks/\(session)/scans",
                        #"{"item":"\#(gtin)","quantity":\#(task["quantity"] as? Int ?? 1)}"#)
                    // The next task elsewhere needs its location scanned first.
                    if (result["next"] as? [String: Any])?["location"] as? String != location { at = nil }
                    orders.insert(task["orderID"] as? String ?? "")
                }
                await floor.add(orders)
            }
            guard Set(needed).isSubset(of: await floor.picked) else {
                throw BenchError("orders \(needed) were not picked by wave BW-\(plan)")
            }
        }
        await floor.release()
    } catch {
        await floor.release()
        throw error
    }
}

func order(_ id: String, country: String, quantity: Int) -> String {
    """
    {"channel":"bench","channelOrderID":"\(id)","orderedAt":"2026-11-27T10:00:00Z","currency":"EUR",\
    "shipTo":{"name":"Customer","line1":"Street 1","city":"City","postalCode":"10115","country":"\(country)"},\
    "lines":[{"lineID":"1","sku":"\(sku)","quantity":\(quantity),"unitPrice":"19.90"}]}
    """
}

/// The next batch number, shared by the workers.
final class Counter: Sendable {
    private let value = Mutex(0)

    func take() -> Int {
        value.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}

func run(port: Int, token: String, orders total: Int, workers: Int, batch: Int) async throws {
    let warehouses = destinations.keys.sorted()
    let floors = Dictionary(uniqueKeysWithValues: warehouses.map { ($0, WaveFloor()) })
    let next = Counter()
    let batches = (total + batch - 1) / batch
    let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    let started = ContinuousClock.now
    let results = try await withThrowingTaskGroup(of: ([Double], [Double], Int).self) { group in
        for index in 0..<(workers * warehouses.count) {
            let warehouse = warehouses[index % warehouses.count]
            group.addTask {
                let client = Client(port: port, token: token)
                var leadTimes: [Double] = []
                var shipped = 0
                let path = "/v1/warehouses/\(warehouse)"
                while true {
                    let number = next.take()
                    guard number < batches else { break }
                    let begun = ContinuousClock.now
                    let count = min(batch, total - number * batch)
                    let quantities = (0..<count).map { 1 + ($0 + number) % 2 }
                    let ids = (0..<count).map { "\(runID)-\(number)-\($0)" }
                    let body = "[" + zip(ids, quantities).map {
                        order($0.0, country: destinations[warehouse]!, quantity: $0.1)
                    }.joined(separator: ",") + "]"
                    _ = try await client.call("POST", "\(path)/orders", body, expect: 201)
                    let orderIDs = ids.map { "bench-\($0)" }
                    let list = "[" + orderIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
                    let allocated = try await client.call("POST", "\(path)/orders/allocate", #"{"ids":\#(list)}"#)
                    guard (allocated["allocated"] as? [String])?.count == count else {
                        throw BenchError("allocation: \(allocated)")
                    }
                    let released = try await client.call("POST", "\(path)/orders/release", #"{"ids":\#(list)}"#)
                    guard (released["released"] as? [String])?.count == count else {
                        throw BenchError("release: \(released)")
                    }
                    try await pickEverything(client, warehouse: warehouse, floor: floors[warehouse]!, needed: orderIDs)
                    for (id, quantity) in zip(orderIDs, quantities) {
                        let scans = Array(repeating: "\"\(gtin)\"", count: quantity).joined(separator: ",")
                        _ = try await client.call(
                            "POST", "\(path)/orders/\(id)/pack",
                            #"{"scans":[\#(scans)],"grossGrams":\#(quantity * 200 + 150)}"#)
                        let ship = try await client.call("POST", "\(path)/orders/\(id)/ship")
                        guard ship["status"] as? String == "shipped" else { throw BenchError("ship: \(ship)") }
                    }
                    let lead = begun.duration(to: .now)
                    leadTimes.append(
                        Double(lead.components.attoseconds) / 1e15 + Double(lead.components.seconds) * 1000)
                    shipped += count
                }
                return (client.latencies, leadTimes, shipped)
            }
        }
        var all: ([Double], [Double], Int) = ([], [], 0)
        for try await result in group {
            all.0 += result.0
            all.1 += result.1
            all.2 += result.2
        }
        return all
    }
    let elapsed = started.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
    let (latencies, leads, shipped) = results
    // One line for run.sh: orders/s, request p50, p99, requests/s, batch lead time p50, p99.
    print(
        String(
            format: "%.1f %.3f %.3f %.1f %.1f %.1f %d", Double(shipped) / seconds, percentile(latencies, 0.5),
            percentile(latencies, 0.99), Double(latencies.count) / seconds, percentile(leads, 0.5),
            percentile(leads, 0.99), shipped))
}

let arguments = CommandLine.arguments
do {
    guard arguments.count == 7, arguments[1] == "run", let port = Int(arguments[2]), let orders = Int(arguments[4]),
        let workers = Int(arguments[5]), let batch = Int(arguments[6])
    else { throw BenchError("usage: OrderFlowBench run PORT TOKEN ORDERS WORKERS BATCH") }
    try await run(port: port, token: arguments[3], orders: orders, workers: workers, batch: batch)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
