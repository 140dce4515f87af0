import ComplianceEngine
import Foundation

// Rules engine benchmark: 100,000 realistic order lines (fixed seed) through
//   1. the engine on the EU packs (fx + eu-vat), explanations off and on,
//   2. the same rules hand-written in Swift (the ceiling), checked to agree with the engine on every order,
//   3. GoRules zen-engine (pip) evaluating an equivalent JDM decision model from Python (the peer), if installed,
//   4. the engine on all shipped packs (information).
// Ends with RESULT lines computed from the measurements.

let arguments = CommandLine.arguments
let rulesDirectory = arguments.count > 1 ? arguments[1] : "Rules"
let lineTarget = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let day = Day(parsing: "2026-11-28")!

// MARK: Workload

struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let euCountries = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
                   "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
let popular = ["DE", "DE", "DE", "FR", "FR", "IT", "ES", "NL", "PL", "BE", "SE", "AT"]
let categories = ["clothing", "clothing", "electronics", "general", "books", "food", "medicines", "toys", "footwear", "cosmetics"]
let hsByCategory = ["clothing": ["620520", "610910", "620462", "611020"], "electronics": ["851762", "852872", "847130"],
                    "general": ["392490", "940540", "691200"], "books": ["490199"], "food": ["190590", "210690"],
                    "medicines": ["300490"], "toys": ["950300"], "footwear": ["640399"], "cosmetics": ["330499"]]

var rng = Generator(state: 42)
var requests: [AssessmentRequest] = []
var lineCount = 0
while lineCount < lineTarget {
    let lines = min(lineTarget - lineCount, Int.random(in: 1...3, using: &rng))
    let to = Bool.random(using: &rng) ? popular.randomElement(using: &rng)! : euCountries.randomElement(using: &rng)!
    let currency = Int.random(in: 0..<10, using: &rng) < 8 ? "EUR" : "USD"
    var orderLines: [AssessmentRequest.Line] = []
    for index in 0..<lines {
        let category = categories.randomElement(using: &rng)!
        // Log-uniform prices between 2 and 300.
        let price = (2.0 * pow(150.0, Double.random(in: 0...1, using: &rng)) * 100).rounded() / 100
        orderLines.append(AssessmentRequest.Line(
            sku: "SKU-\(lineCount + index)", description: nil, hs: hsByCategory[category]!.randomElement(using: &rng)!,
            origin: "CN", category: category, quantity: Fixed(Int.random(in: 1...3, using: &rng))!,
            unitPrice: Fixed(parsing: String(format: "%.2f", price))!, netKg: Fixed(parsing: "0.5"), volumeML: nil,
            excise: Int.random(in: 0..<50, using: &rng) == 0, battery: nil, unNumber: nil, manufacturerCountry: "CN",
            euResponsiblePerson: "EU Rep"))
    }
    let ioss: String? = Int.random(in: 0..<10, using: &rng) < 7 ? "IM2760000001" : nil
    requests.append(AssessmentRequest(
        id: "B-\(requests.count)", date: day, sale: Int.random(in: 0..<10, using: &rng) < 9 ? "B2C" : "B2B", marketplace: true,
        gift: false, from: "CN", to: to, transport: "air", aircraft: "cargo", currency: currency,
        shipping: Fixed(parsing: ["0.00", "4.99", "9.90"].randomElement(using: &rng)!)!, insurance: .zero,
        seller: AssessmentRequest.Seller(country: "CN", ioss: ioss, vat: nil, eori: nil, size: nil), lines: orderLines))
    lineCount += lines
}
print("workload: \(requests.count) orders, \(lineCount) lines (seed 42), EU destinations, assessed on \(day)")

// MARK: Engine

let allFiles = try RuleFiles.read(directory: rulesDirectory)
let clock = ContinuousClock()
var loadResult: PackSet.LoadResult?
var loadTimes: [Duration] = []
for _ in 0..<5 { loadTimes.append(clock.measure { loadResult = PackSet.compile(allFiles) }) }
guard let fullSet = loadResult?.packSet else {
    print("rules do not load:\n" + (loadResult?.errors.map(\.description).joined(separator: "\n") ?? ""))
    exit(1)
}
let loadMilliseconds = Double(loadTimes.min()!.components.attoseconds) / 1e15 + Double(loadTimes.min()!.components.seconds) * 1000
let euFiles = allFiles.filter { $0.path.contains("/eu-vat/") || $0.path.contains("/fx/") }
guard let euSet = PackSet.compile(euFiles).packSet else { print("eu-vat does not load"); exit(1) }

@MainActor func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Times every contender over the whole workload in interleaved rounds (this machine is shared and noisy) and keeps
/// each one's best round (9 rounds: with several jobs sharing two cores, fewer rarely give each a quiet one).
@MainActor func measureAll(_ contenders: [(String, (AssessmentRequest) -> Void)], rounds: Int = 9) -> [Double] {
    for (_, body) in contenders { for request in requests.prefix(10_000) { body(request) } }  // warm
    var best = [Double](repeating: .infinity, count: contenders.count)
    for _ in 0..<rounds {
        for (index, contender) in contenders.enumerated() {
            let elapsed = seconds(clock.measure { for request in requests { contender.1(request) } })
            best[index] = min(best[index], elapsed)
        }
    }
    for (index, contender) in contenders.enumerated() {
        let rate = Double(lineCount) / best[index]
        print("\(contender.0): \(String(format: "%.0f", rate)) lines/s (\(String(format: "%.0f", Double(requests.count) / best[index])) orders/s)")
    }
    return best.map { Double(lineCount) / $0 }
}

var sink = 0

// MARK: Hand-written Swift (the same eu-vat rules)

struct RateRow {
    var category: String?
    var rate: Fixed
    var from: Day?
    var until: Day?
}

@MainActor func loadRates() -> [String: [RateRow]] {
    let path = rulesDirectory + "/eu-vat/vat-rates.csv"
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    var table: [String: [RateRow]] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("id,") {
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard cells.count >= 6, let percent = Fixed(parsing: String(cells[3].dropLast())) else { continue }
        table[cells[1], default: []].append(RateRow(
            category: cells[2] == "-" ? nil : cells[2], rate: percent.divided(by: Fixed(100)!)!,
            from: Day(parsing: cells[4]), until: Day(parsing: cells[5])))
    }
    return table
}

let handRates = loadRates()
let eurPerUnit: [String: Fixed] = ["EUR": .one, "USD": Fixed(parsing: "1.16")!]
let fifty = Fixed(parsing: "150")!

struct HandResult: Equatable {
    var regime: String?
    var vat: Fixed
    var duty: Fixed
}

@MainActor func handAssess(_ request: AssessmentRequest, on day: Day) -> HandResult {
    guard let rate = eurPerUnit[request.currency] else { return HandResult(regime: nil, vat: .zero, duty: .zero) }
    var intrinsic = Fixed.zero
    var values: [Fixed] = []
    values.reserveCapacity(request.lines.count)
    var excise = false
    var subheadings = Set<Substring>()
    for line in request.lines {
        let value = line.quantity.multiplied(by: line.unitPrice)!.rounded(places: 2, .halfEven)
        values.append(value)
        intrinsic = intrinsic.adding(value)!
        excise = excise || line.excise
        subheadings.insert(line.hs.prefix(6))
    }
    let intrinsicEUR = intrinsic.divided(by: rate)!.rounded(places: 2, .halfEven)
    let low = intrinsicEUR <= fifty
    let eligible = request.sale == "B2C" && low && !excise
    let iossValid = request.seller?.ioss.map { $0.hasPrefix("IM") && $0.utf8.count == 12 } ?? false
    let regime = eligible ? (iossValid ? "EU-IOSS" : "EU-H7-IMPORT") : "EU-H1"
    var vat = Fixed.zero
    var allocated = Fixed.zero
    for (index, line) in request.lines.enumerated() {
        let share: Fixed
        if index == request.lines.count - 1 {
            share = request.shipping.subtracting(allocated)!
        } else if intrinsic.raw == 0 {
            share = .zero
        } else {
            share = request.shipping.multiplied(by: values[index])!.divided(by: intrinsic)!.rounded(places: 2, .halfEven)
            allocated = allocated.adding(share)!
        }
        let rows = handRates[request.to] ?? []
        let category = line.category ?? "general"
        var lineRate: Fixed?
        for row in rows where (row.category == nil || row.category == category)
            && (row.from.map { day >= $0 } ?? true) && (row.until.map { day < $0 } ?? true) {
            lineRate = row.rate
            break
        }
        if let lineRate {
            vat = vat.adding(values[index].adding(share)!.multiplied(by: lineRate)!.rounded(places: 2, .halfUp))!
        }
    }
    var duty = Fixed.zero
    let flatFrom = Day(parsing: "2026-07-01")!, flatUntil = Day(parsing: "2028-07-01")!
    if day >= flatFrom && day < flatUntil && request.sale == "B2C" && low && !excise {
        duty = Fixed(3 * subheadings.count)!.multiplied(by: rate)!.rounded(places: 2, .halfEven)
    }
    return HandResult(regime: regime, vat: vat, duty: duty)
}

// Profiling aid: `RULES_BENCH_PROFILE=engine` (or `hand`) loops one contender for a while and exits, so `perf record`
// sees only its costs.
if let target = ProcessInfo.processInfo.environment["RULES_BENCH_PROFILE"] {
    for _ in 0..<20 {
        for request in requests {
            if target == "hand" {
                sink &+= Int(handAssess(request, on: day).vat.raw & 1)
            } else {
                sink &+= Int(euSet.assess(request, on: day, explain: target == "explain").vat.raw & 1)
            }
        }
    }
    print("profiled \(target) (\(sink & 1))")
    exit(0)
}

var disagreements = 0
for request in requests {
    let engine = euSet.assess(request, on: day, explain: false)
    let hand = handAssess(request, on: day)
    if HandResult(regime: engine.regime, vat: engine.vat, duty: engine.duty) != hand {
        if disagreements < 3 { print("disagreement on \(request.id): engine \(engine.regime ?? "-") \(engine.vat) \(engine.duty), hand \(hand)") }
        disagreements += 1
    }
}
print("hand-written Swift agrees with the engine on \(requests.count - disagreements)/\(requests.count) orders")
let rates = measureAll([
    ("engine, eu-vat + fx, explanation off ", { sink &+= Int(euSet.assess($0, on: day, explain: false).vat.raw & 1) }),
    ("engine, eu-vat + fx, explanation on  ", { sink &+= euSet.assess($0, on: day, explain: true).lines.count }),
    ("hand-written Swift, same rules       ", { sink &+= Int(handAssess($0, on: day).vat.raw & 1) }),
    ("engine, all 11 packs, explanation off", { sink &+= Int(fullSet.assess($0, on: day, explain: false).duty.raw & 1) }),
])
let (engineRate, explainRate, handRate, fullRate) = (rates[0], rates[1], rates[2], rates[3])

// MARK: zen-engine (GoRules) from Python, on an equivalent JDM model

@MainActor func runZen() -> Double? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("zen_bench.py").path
    let inputPath = FileManager.default.temporaryDirectory.appendingPathComponent("rules-bench-zen.jsonl").path
    var text = ""
    for request in requests.prefix(20_000) {
        let rate = eurPerUnit[request.currency] ?? .one
        var intrinsic = Fixed.zero
        for line in request.lines { intrinsic = intrinsic.adding(line.quantity.multiplied(by: line.unitPrice)!.rounded(places: 2, .halfEven))! }
        let items = Set(request.lines.map { $0.hs.prefix(6) }).count
        for line in request.lines {
            let value = line.quantity.multiplied(by: line.unitPrice)!.rounded(places: 2, .halfEven)
            text += "{\"country\":\"\(request.to)\",\"category\":\"\(line.category ?? "general")\",\"value\":\(value),"
                + "\"share\":0,\"intrinsic\":\(intrinsic),\"eur_rate\":\(rate),\"sale\":\"\(request.sale)\","
                + "\"excise\":\(line.excise),\"ioss\":\(request.seller?.ioss != nil),\"items\":\(items)}\n"
        }
    }
    FileManager.default.createFile(atPath: inputPath, contents: Data(text.utf8))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, rulesDirectory + "/eu-vat/vat-rates.csv", inputPath, day.description]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    for line in output.split(separator: "\n") where line.hasPrefix("ZEN_RATE ") {
        print("zen-engine (Python), equivalent JDM: \(line.dropFirst(9)) evaluations/s")
        return Double(line.dropFirst(9))
    }
    print("zen-engine not available (pip install zen-engine): \(output.prefix(200))")
    return nil
}

let zenRate = runZen()

// MARK: Results

@MainActor func result(_ name: String, _ value: Double, _ unit: String, _ op: String, _ target: Double) {
    let pass = op == ">=" ? value >= target : value <= target
    print("RESULT \(name) value=\(String(format: "%.2f", value)) unit=\(unit) target=\(op)\(String(format: "%g", target)) status=\(pass ? "PASS" : "MISS")")
}

print("")
result("pack_load_check_ms", loadMilliseconds, "ms", "<=", 200)
result("engine_eu_lines_per_s", engineRate, "lines/s", ">=", 50 * (zenRate ?? 8_000))
result("engine_all_packs_lines_per_s", fullRate, "lines/s", ">=", 50 * (zenRate ?? 8_000) / 11)
result("handwritten_over_engine", handRate / engineRate, "x", "<=", 3)
result("explanation_overhead", (engineRate / explainRate - 1) * 100, "%", "<=", 25)
result("handwritten_disagreements", Double(disagreements), "orders", "<=", 0)
if let zenRate { result("engine_over_zen", engineRate / zenRate, "x", ">=", 50) }
if sink == 42 { print("") }
