import Foundation
import Synchronization

// OrderFlowBench run PORT TOKEN ORDERS WORKERS BATCH
//     Drives the order-to-ship flow over HTTP: WORKERS clients per warehouse, each taking BATCH orders at a time
//     through import → allocate → release → wave → pick scans → pack → ship. Wave planning of one warehouse is
//     done by one client at a time (a wave takes every released order, so the others' orders ride along); each
//     pick session (cart) of the wave is walked by its own picker at the same time. Each client and picker is a
//     thread with one keep-alive connection (HTTPConnection.swift). Prints orders/s, the latency of each request
//     (p50/p99), and the lead time of each order and each batch (p50/p99).
//     run.sh seeds the product (BENCH-TEE, GTIN below) and deep stock at A-01-1, A-03-1 and B-02-1 first.

let sku = "BENCH-TEE"
let gtin = "4006381333955"
/// Where each warehouse ships its orders: an H7 import into the EU from the Ningbo bonded zone, and domestic parcels.
let destinations = ["CN-NGB1": "DE", "DE-FRA1": "DE", "US-LAX1": "US"]

/// One HTTP client (one keep-alive connection), recording the latency of every request: from writing the request
/// to reading the last byte of the answer.
final class Client {
    let connection: HTTPConnection
    let port: Int
    let token: String
    let headers: String
    var latencies: [Double] = []

    init(port: Int, token: String) {
        connection = HTTPConnection(port: port)
        self.port = port
        self.token = token
        headers = "Authorization: Bearer \(token)\r\n"
    }

    func call(_ method: String, _ uri: String, _ body: String? = nil, expect: Int = 200) throws -> [String: Any] {
        let started = ContinuousClock.now
        let (status, data) = try connection.send(
            method, uri, headers: body == nil ? headers : headers + "Content-Type: application/json\r\n",
            body: Array((body ?? "").utf8))
        latencies.append(milliseconds(started.duration(to: .now)))
        guard status == expect else {
            throw BenchError("\(method) \(uri): \(status) \(String(decoding: data.prefix(400), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] ?? [:]
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Walks one pick session: location scan, then item scans, task by task. Returns the orders picked.
func pick(_ client: Client, warehouse: String, session: String) throws -> Set<String> {
    let list = try client.call("GET", "/v1/warehouses/\(warehouse)/picks/\(session)")
    let tasks = (list["session"] as? [String: Any])?["tasks"] as? [[String: Any]] ?? []
    var at: String?
    var orders: Set<String> = []
    for task in tasks where task["state"] as? String == "open" {
        let location = task["location"] as? String ?? ""
        if location != at {
            _ = try client.call(
                "POST", "/v1/warehouses/\(warehouse)/picks/\(session)/scans", #"{"location":"\#(location)"}"#)
            at = location
        }
        let result = try client.call(
            "POST", "/v1/warehouses/\(warehouse)/picks/\(session)/scans",
            #"{"item":"\#(gtin)","quantity":\#(task["quantity"] as? Int ?? 1)}"#)
        // The next task elsewhere needs its location scanned first.
        if (result["next"] as? [String: Any])?["location"] as? String != location { at = nil }
        orders.insert(task["orderID"] as? String ?? "")
    }
    return orders
}

/// A client handed to a picker thread (used by that thread only until it is joined).
struct Picker: @unchecked Sendable {
    let client: Client
    init(_ client: Client) { self.client = client }
}

/// The pickers' results by session.
final class Outcomes: Sendable {
    private let results: Mutex<[Result<Set<String>, any Error>]>

    init(count: Int) { results = Mutex(Array(repeating: .success([]), count: count)) }

    func set(_ index: Int, _ result: Result<Set<String>, any Error>) { results.withLock { $0[index] = result } }

    var all: [Result<Set<String>, any Error>] { results.withLock { $0 } }
}

/// One client at a time plans a warehouse's wave and has it picked: `lock` is held for the planning and picking.
final class WaveFloor: @unchecked Sendable {
    // @unchecked: `picked`, `plans` and `pickers` are touched only while holding `lock`.
    let lock = NSLock()
    /// Orders picked so far.
    var picked: Set<String> = []
    var plans = 0
    /// The floor's pickers besides the client that planned the wave.
    var pickers: [Client] = []
}

func pickEverything(_ client: Client, warehouse: String, floor: WaveFloor, needed: [String]) throws {
    floor.lock.lock()
    defer { floor.lock.unlock() }
    guard !Set(needed).isSubset(of: floor.picked) else { return }
    floor.plans += 1
    let plan = floor.plans
    let record = try client.call("POST", "/v1/warehouses/\(warehouse)/waves", #"{"id":"BW-\#(plan)"}"#, expect: 201)
    let sessions = (record["waves"] as? [[String: Any]] ?? []).flatMap { $0["sessions"] as? [String] ?? [] }
    // Each session (one cart) is walked by its own picker, as on a floor with several pickers: this client takes
    // the first, the floor's other pickers (their own connections, kept between waves) the others, all at once.
    while floor.pickers.count < sessions.count - 1 {
        floor.pickers.append(Client(port: client.port, token: client.token))
    }
    let pickers = [client] + floor.pickers.prefix(max(0, sessions.count - 1))
    let outcomes = Outcomes(count: sessions.count)
    let done = DispatchGroup()
    for (index, session) in sessions.enumerated() {
        done.enter()
        let picker = Picker(pickers[index])
        Thread {
            outcomes.set(index, Result { try pick(picker.client, warehouse: warehouse, session: session) })
            done.leave()
        }.start()
    }
    done.wait()
    for picker in pickers.dropFirst() {
        client.latencies += picker.latencies
        picker.latencies.removeAll()
    }
    for outcome in outcomes.all { floor.picked.formUnion(try outcome.get()) }
    guard Set(needed).isSubset(of: floor.picked) else {
        throw BenchError("orders \(needed) were not picked by wave BW-\(plan)")
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

/// What one worker measured.
struct WorkerResult: Sendable {
    var latencies: [Double] = []
    /// Per order: from sending its batch's import to the answer of its ship request.
    var orderTimes: [Double] = []
    /// Per batch: from sending the import to the answer of the last ship request.
    var batchTimes: [Double] = []
    var shipped = 0
    var error: String?
}

/// The workers' results, gathered as they finish.
final class Results: Sendable {
    private let results = Mutex<[WorkerResult]>([])

    func add(_ result: WorkerResult) { results.withLock { $0.append(result) } }

    var all: [WorkerResult] { results.withLock { $0 } }
}

/// One worker: takes batches until none are left, each through the whole flow.
func work(
    port: Int, token: String, warehouse: String, floor: WaveFloor, next: Counter, batches: Int, total: Int,
    batch: Int, runID: String
) throws -> WorkerResult {
    let client = Client(port: port, token: token)
    var result = WorkerResult()
    let path = "/v1/warehouses/\(warehouse)"
    while true {
        let number = next.take()
        guard number < batches else { break }
        let begun = ContinuousClock.now
        let count = min(batch, total - number * batch)
        let quantities = (0..<count).map { 1 + ($0 + number) % 2 }
        let ids = (0..<count).map { "\(runID)-\(number)-\($0)" }
        let body =
            "["
            + zip(ids, quantities).map { order($0.0, country: destinations[warehouse]!, quantity: $0.1) }
            .joined(separator: ",") + "]"
        _ = try client.call("POST", "\(path)/orders", body, expect: 201)
        let orderIDs = ids.map { "bench-\($0)" }
        let list = "[" + orderIDs.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let allocated = try client.call("POST", "\(path)/orders/allocate", #"{"ids":\#(list)}"#)
        guard (allocated["allocated"] as? [String])?.count == count else {
            throw BenchError("allocation: \(allocated)")
        }
        let released = try client.call("POST", "\(path)/orders/release", #"{"ids":\#(list)}"#)
        guard (released["released"] as? [String])?.count == count else { throw BenchError("release: \(released)") }
        try pickEverything(client, warehouse: warehouse, floor: floor, needed: orderIDs)
        for (id, quantity) in zip(orderIDs, quantities) {
            let scans = Array(repeating: "\"\(gtin)\"", count: quantity).joined(separator: ",")
            _ = try client.call(
                "POST", "\(path)/orders/\(id)/pack", #"{"scans":[\#(scans)],"grossGrams":\#(quantity * 200 + 150)}"#)
            let ship = try client.call("POST", "\(path)/orders/\(id)/ship")
            guard ship["status"] as? String == "shipped" else { throw BenchError("ship: \(ship)") }
            result.orderTimes.append(milliseconds(begun.duration(to: .now)))
        }
        result.batchTimes.append(milliseconds(begun.duration(to: .now)))
        result.shipped += count
    }
    result.latencies = client.latencies
    return result
}

/// Runs WORKERS threads per warehouse (blocking sockets: a thread per client costs the client least CPU).
func run(port: Int, token: String, orders total: Int, workers: Int, batch: Int) throws {
    let warehouses = destinations.keys.sorted()
    let floors = Dictionary(uniqueKeysWithValues: warehouses.map { ($0, WaveFloor()) })
    let next = Counter()
    let batches = (total + batch - 1) / batch
    let runID = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    let results = Results()
    let done = DispatchGroup()
    let started = ContinuousClock.now
    for index in 0..<(workers * warehouses.count) {
        let warehouse = warehouses[index % warehouses.count]
        let floor = floors[warehouse]!
        done.enter()
        let thread = Thread {
            var result: WorkerResult
            do {
                result = try work(
                    port: port, token: token, warehouse: warehouse, floor: floor, next: next, batches: batches,
                    total: total, batch: batch, runID: runID)
            } catch {
                result = WorkerResult(error: "\(error)")
            }
            results.add(result)
            done.leave()
        }
        thread.start()
    }
    done.wait()
    let seconds = milliseconds(started.duration(to: .now)) / 1000
    let all = results.all
    if let error = all.compactMap(\.error).first { throw BenchError(error) }
    func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
    let latencies = all.flatMap(\.latencies)
    let orders = all.flatMap(\.orderTimes)
    let leads = all.flatMap(\.batchTimes)
    let shipped = all.reduce(0) { $0 + $1.shipped }
    // One line for run.sh: orders/s, request p50, p99, requests/s, batch lead time p50, p99, orders shipped,
    // order lead time (its batch's import sent → its ship answered) p50, p99.
    print(
        String(
            format: "%.1f %.3f %.3f %.1f %.1f %.1f %d %.1f %.1f", Double(shipped) / seconds,
            percentile(latencies, 0.5), percentile(latencies, 0.99), Double(latencies.count) / seconds,
            percentile(leads, 0.5), percentile(leads, 0.99), shipped, percentile(orders, 0.5),
            percentile(orders, 0.99)))
}

let arguments = CommandLine.arguments
do {
    guard arguments.count == 7, arguments[1] == "run", let port = Int(arguments[2]), let orders = Int(arguments[4]),
        let workers = Int(arguments[5]), let batch = Int(arguments[6])
    else { throw BenchError("usage: OrderFlowBench run PORT TOKEN ORDERS WORKERS BATCH") }
    try run(port: port, token: arguments[3], orders: orders, workers: workers, batch: batch)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
