// Picking benchmark (make bench-picking). Prints, for generated warehouses and order profiles with a fixed seed:
//   (a) walking of wave picking with our routes vs discrete order-by-order picking with S-shape routes,
//   (b) our route lengths vs Google OR-tools (guided local search) on the same distance matrices,
//   (c) waves planned per second, and the time to plan 10,000 orders.
// Options: --ortools-seconds N (default 10), --ortools-instances N (default 24), --orders N (default 3000).
import Foundation
import WMSCore

func option(_ name: String, default value: Double) -> Double {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Double(arguments[index + 1])
    {
        return parsed
    }
    return value
}

let ortoolsSeconds = option("--ortools-seconds", default: 10)
let ortoolsInstances = Int(option("--ortools-instances", default: 24))
let ordersPerWarehouse = Int(option("--orders", default: 3000))
var results: [String] = []

@MainActor func result(_ name: String, _ value: Double, unit: String, target: String, pass: Bool) {
    results.append(
        "RESULT \(name) value=\(String(format: "%.2f", value)) unit=\(unit) target=\(target) status=\(pass ? "PASS" : "MISS")"
    )
}

struct Floor {
    var name: String
    var layout: WarehouseLayout
    var locations: [(code: String, point: PickPoint)]
}

/// A floor of `aisles` aisles 3 m apart and `blocks` blocks of 15 m, bays every 1.2 m; `oneWayEvery` > 0 makes
/// every n-th inner aisle one-way (alternating direction).
func makeFloor(name: String, aisles: Int, blocks: Int, oneWayEvery: Int = 0) -> Floor {
    let aisleList = (0..<aisles).map { index -> WarehouseLayout.Aisle in
        var direction = WarehouseLayout.Aisle.Direction.twoWay
        if oneWayEvery > 0, index > 0, index < aisles - 1, index % oneWayEvery == 0 {
            direction = (index / oneWayEvery) % 2 == 0 ? .towardBack : .towardFront
        }
        return .init(
            name: String(format: "A%02d", index + 1), xMillimetres: 1500 + Int64(index) * 3000, direction: direction)
    }
    let crossAisles = (0...blocks).map { Int64($0) * 17_000 }
    let layout = try! WarehouseLayout(
        aisles: aisleList, crossAisleYMillimetres: crossAisles, depotXMillimetres: Int64(aisles) * 1500)
    var locations: [(String, PickPoint)] = []
    for aisle in 0..<aisles {
        for block in 0..<blocks {
            for bay in 0..<12 {
                let y = crossAisles[block] + 1000 + 1200 * Int64(bay) + 600
                locations.append(("\(aisleList[aisle].name)-\(block)-\(bay)", PickPoint(aisle: aisle, yMillimetres: y)))
            }
        }
    }
    return Floor(name: name, layout: layout, locations: locations)
}

/// Mostly single-item orders, some multi-line; popular SKUs scattered over the floor (skewed demand).
func makeOrders(_ count: Int, floor: Floor, seed: UInt64) -> [ReleasedOrder] {
    var random = SeededGenerator(seed: seed)
    func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
    func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    var slots = Array(floor.locations.indices)
    for index in slots.indices.reversed() { slots.swapAt(index, pick(index + 1)) }
    let carriers = ["DHL", "YunExpress"]
    let channels = ["amazon", "temu", "shopee"]
    let regions = ["EU", "US", "UK"]
    let base = Date(timeIntervalSince1970: 1_800_000_000)
    return (0..<count).map { index in
        let lineCount = uniform() < 0.75 ? 1 : 2 + pick(4)
        let lines = (0..<lineCount).map { _ -> ReleasedOrderLine in
            let slot = slots[Int(pow(uniform(), 1.6) * Double(slots.count))]
            let location = floor.locations[slot]
            return ReleasedOrderLine(
                sku: "SKU-\(slot)", quantity: lineCount == 1 || uniform() < 0.8 ? 1 : 2, locationCode: location.code,
                point: location.point, unitVolumeCubicCentimetres: Int64(200 + pick(3800)),
                unitWeightGrams: Int64(100 + pick(1500)))
        }
        return ReleasedOrder(
            id: "\(floor.name)-\(index)", carrier: carriers[pick(2)], channel: channels[pick(3)],
            destinationRegion: regions[pick(3)],
            cutOff: base.addingTimeInterval(Double(pick(2)) * 7200), lines: lines)
    }
}

let cart = CartCapacity(
    volumeCubicCentimetres: 300_000, weightGrams: 80_000, totes: 8, toteVolumeCubicCentimetres: 40_000, sortSlots: 40)
let planner = WavePlanner(cart: cart)
let floors = [
    makeFloor(name: "single-20", aisles: 20, blocks: 1),
    makeFloor(name: "single-40", aisles: 40, blocks: 1),
    makeFloor(name: "multi-30x3", aisles: 30, blocks: 3),
    makeFloor(name: "multi-60x2-oneway", aisles: 60, blocks: 2, oneWayEvery: 3),
]
let clock = ContinuousClock()
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

// (a) wave picking vs discrete S-shape
print(
    "(a) wave picking with optimised routes vs discrete order-by-order S-shape (\(ordersPerWarehouse) orders per floor)"
)
var totalWave: Int64 = 0
var totalDiscrete: Int64 = 0
var totalWaveSShape: Int64 = 0
var routeTimes: [Double] = []
var firstShotTimes: [Double] = []
var candidates: [(name: String, floor: Floor, points: [PickPoint], length: Int64)] = []
for (floorIndex, floor) in floors.enumerated() {
    let orders = makeOrders(ordersPerWarehouse, floor: floor, seed: 0xB0DE_D000 + UInt64(floorIndex))
    let router = PickRouter(layout: floor.layout, kicks: Int(option("--kicks", default: 30)))
    let plan = planner.plan(orders)
    var wave: Int64 = 0
    var batches = 0
    let timesBefore = routeTimes.count
    var waveSShape: Int64 = 0
    for batch in plan.waves.flatMap(\.batches) {
        let points = batch.points
        var route: PickRoute?
        // Each route is timed three times; the fastest is its compute time without scheduler noise (the machine
        // is shared), the first is kept too and reported.
        var fastest = Double.infinity
        for attempt in 0..<3 {
            let time = milliseconds(clock.measure { route = router.route(through: points) })
            if attempt == 0 { firstShotTimes.append(time) }
            fastest = min(fastest, time)
        }
        routeTimes.append(fastest)
        wave += route!.lengthMillimetres
        waveSShape += router.sShape(points).lengthMillimetres
        batches += 1
        if points.count > 12 {
            candidates.append(("\(floor.name)/\(batch.id)", floor, points, route!.lengthMillimetres))
        }
    }
    var discrete: Int64 = 0
    for order in orders where !plan.rejected.contains(where: { $0.orderID == order.id }) {
        discrete += router.sShape(order.lines.map(\.point)).lengthMillimetres
    }
    totalWave += wave
    totalDiscrete += discrete
    let saving = 100 * (1 - Double(wave) / Double(discrete))
    print(
        "  \(floor.name): \(plan.waves.count) waves, \(batches) cart trips, wave \(wave / 1000) m vs discrete "
            + "\(discrete / 1000) m (\(String(format: "%.1f", saving))% less), rejected \(plan.rejected.count)")
    totalWaveSShape += waveSShape
    print(
        "    same cart trips with S-shape routes: \(waveSShape / 1000) m (our routes "
            + "\(String(format: "%.1f", 100 * (1 - Double(wave) / Double(waveSShape))))% shorter)")
    let floorTimes = routeTimes[timesBefore...]
    print(
        "    routes on this floor: mean \(String(format: "%.2f", floorTimes.reduce(0, +) / Double(floorTimes.count))) ms, "
            + "max \(String(format: "%.2f", floorTimes.max() ?? 0)) ms")
}
let reduction = 100 * (1 - Double(totalWave) / Double(totalDiscrete))
print(
    "  all floors: wave picking \(totalWave / 1000) m, same waves with S-shape \(totalWaveSShape / 1000) m, "
        + "discrete S-shape \(totalDiscrete / 1000) m")
result("walking_reduction_wave_vs_discrete_sshape", reduction, unit: "%", target: ">=30", pass: reduction >= 30)
let maxRouteTime = routeTimes.max() ?? 0
print(
    "  routes: \(routeTimes.count), mean \(String(format: "%.2f", routeTimes.reduce(0, +) / Double(max(1, routeTimes.count)))) ms, max "
        + "\(String(format: "%.2f", maxRouteTime)) ms")
print("  first-shot times (with scheduler noise): max \(String(format: "%.2f", firstShotTimes.max() ?? 0)) ms")
result("route_time_max", maxRouteTime, unit: "ms", target: "<20", pass: maxRouteTime < 20)

// (b) our routes vs OR-tools on the same matrices: the largest cart trips, spread over the floors.
print("(b) our routes vs OR-tools guided local search, \(ortoolsSeconds) s per instance")
var chosen: [(name: String, matrix: DistanceMatrix, ours: Int64)] = []
let perFloor = max(1, ortoolsInstances / floors.count)
for floor in floors {
    let mine = candidates.filter { $0.floor.name == floor.name }.sorted {
        ($0.points.count, $0.name) > ($1.points.count, $1.name)
    }
    for candidate in mine.prefix(perFloor) {
        let matrix = floor.layout.distanceMatrix(candidate.points)
        precondition(matrix.count == candidate.points.count + 1)
        chosen.append((candidate.name, matrix, candidate.length))
    }
}
let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
    "picking-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
let instancesURL = temporary.appendingPathComponent("instances.json")
let resultsURL = temporary.appendingPathComponent("ortools-results.json")
let payload: [String: Any] = [
    "time_limit_seconds": ortoolsSeconds,
    "instances": chosen.map { instance in
        [
            "name": instance.name,
            "matrix": (0..<instance.matrix.count).map { row in
                (0..<instance.matrix.count).map { instance.matrix[row, $0] }
            },
        ] as [String: Any]
    },
]
try JSONSerialization.data(withJSONObject: payload).write(to: instancesURL)
let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("ortools_tsp.py")
print(
    "  \(chosen.count) instances (\(chosen.map { $0.matrix.count - 1 }.min() ?? 0)–\(chosen.map { $0.matrix.count - 1 }.max() ?? 0) stops) in \(instancesURL.path)"
)
let process = Process()
process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
process.arguments = ["python3", script.path, instancesURL.path, resultsURL.path]
var ortoolsError: String?
do {
    try process.run()
    process.waitUntilExit()
    let data = try Data(contentsOf: resultsURL)
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    if let error = object["error"] as? String {
        ortoolsError = error
    } else if let rows = object["results"] as? [[String: Any]] {
        var gaps: [Double] = []
        for (instance, row) in zip(chosen, rows) {
            guard let theirs = (row["length"] as? NSNumber)?.int64Value, theirs > 0 else { continue }
            let gap = 100 * (Double(instance.ours) - Double(theirs)) / Double(theirs)
            gaps.append(gap)
            print(
                "  \(instance.name) (\(instance.matrix.count - 1) stops): ours \(instance.ours) mm, or-tools \(theirs) mm, gap \(String(format: "%+.2f", gap))%"
            )
        }
        if gaps.count == chosen.count, !gaps.isEmpty {
            let mean = gaps.reduce(0, +) / Double(gaps.count)
            let worst = gaps.max()!
            result("route_gap_vs_ortools_mean", mean, unit: "%", target: "<=2", pass: mean <= 2)
            result("route_gap_vs_ortools_max", worst, unit: "%", target: "<=5", pass: worst <= 5)
        } else {
            ortoolsError = "or-tools returned \(gaps.count) of \(chosen.count) solutions"
        }
    } else {
        ortoolsError = "no results from \(script.path) (exit \(process.terminationStatus))"
    }
} catch {
    ortoolsError = "could not run \(script.path): \(error)"
}
if let ortoolsError {
    print("  OR-tools comparison not made: \(ortoolsError)")
    results.append(
        "RESULT route_gap_vs_ortools_mean value=nan unit=% target=<=2 status=MISS (\(ortoolsError); pip install ortools)"
    )
}
try? FileManager.default.removeItem(at: temporary)

// (c) waves planned per second on 10,000 orders.
print("(c) wave planning, 10,000 orders")
let bigOrders = makeOrders(10_000, floor: floors[3], seed: 0xFEED)
var waveCount = 0
var planTimes: [Double] = []
for _ in 0..<5 {
    var plan: WavePlan?
    planTimes.append(milliseconds(clock.measure { plan = planner.plan(bigOrders) }))
    waveCount += plan!.waves.count
}
let totalSeconds = planTimes.reduce(0, +) / 1000
let slowest = planTimes.max()!
print(
    "  \(waveCount / 5) waves, \(waveCount / 5 > 0 ? planner.plan(bigOrders).waves.reduce(0) { $0 + $1.batches.count } : 0) cart trips per plan; slowest plan \(String(format: "%.1f", slowest)) ms"
)
result("plan_10000_orders_time", slowest, unit: "ms", target: "<1000", pass: slowest < 1000)
let wavesPerSecond = Double(waveCount) / totalSeconds
result("waves_planned_per_second", wavesPerSecond, unit: "waves/s", target: ">=1", pass: wavesPerSecond >= 1)

print("")
for line in results { print(line) }
