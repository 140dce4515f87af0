/// A request with the derived facts the rules may read (intrinsic value, HS-6 items, shipping share, Wh).
struct Facts: Sendable {
    let request: AssessmentRequest
    let lineValues: [Fixed]
    let shippingShares: [Fixed]
    let intrinsic: Fixed
    let hs6: [String]
    let items: Int
    let anyExcise: Bool
    let wh: [Fixed?]
    let netMass: Fixed?
    /// Set when a derived amount overflowed; the assessment is then held.
    let overflow: Bool

    init(_ request: AssessmentRequest) {
        self.request = request
        var overflow = false
        var values: [Fixed] = []
        var total = Fixed.zero
        var mass: Fixed? = .zero
        for line in request.lines {
            let value = line.quantity.multiplied(by: line.unitPrice)?.rounded(places: 2, .halfEven)
            if value == nil { overflow = true }
            values.append(value ?? .zero)
            if let sum = total.adding(value ?? .zero) { total = sum } else { overflow = true }
            if let kg = line.netKg, let current = mass { mass = current.adding(kg) } else { mass = nil }
        }
        lineValues = values
        intrinsic = total
        netMass = mass
        // Delivery charged is shared in proportion to value; the last line takes the remainder so shares sum exactly.
        var shares: [Fixed] = []
        var allocated = Fixed.zero
        for (index, value) in values.enumerated() {
            if index == values.count - 1 {
                shares.append(request.shipping.subtracting(allocated) ?? .zero)
            } else if total.raw == 0 {
                shares.append(.zero)
            } else {
                let share = request.shipping.multiplied(by: value).flatMap { $0.divided(by: total) }?.rounded(places: 2, .halfEven)
                if share == nil { overflow = true }
                shares.append(share ?? .zero)
                allocated = allocated.adding(share ?? .zero) ?? allocated
            }
        }
        shippingShares = shares
        let subheadings = request.lines.map { String($0.hs.prefix(6)) }
        hs6 = subheadings
        // Distinct HS-6 subheadings; orders are small, so a quadratic scan beats hashing.
        if subheadings.count <= 16 {
            var distinct = 0
            for (index, code) in subheadings.enumerated() where !subheadings[..<index].contains(code) { distinct += 1 }
            items = distinct
        } else {
            items = Set(subheadings).count
        }
        anyExcise = request.lines.contains { $0.excise }
        wh = request.lines.map { line in
            guard let battery = line.battery else { return nil }
            if let wh = battery.wh { return wh }
            if let mah = battery.mah, let volts = battery.volts {
                return mah.multiplied(by: volts)?.divided(by: Fixed(raw: 1_000_000_000))?.rounded(places: 3, .halfEven)
            }
            return nil
        }
        self.overflow = overflow
    }
}

/// Mutable state of one assessment. One per call; never shared between threads.
final class EvalContext {
    let facts: Facts
    let day: Day
    /// Line index, line stamp and runtime-error count, in a raw buffer: they are read by nearly every closure, and
    /// class `var`s would pay a dynamic exclusivity check on each read.
    private let counters: UnsafeMutablePointer<Int>
    /// The order line being evaluated.
    var lineIndex: Int {
        @inline(__always) get { counters[0] }
    }
    /// Bumped whenever `lineIndex` changes so memoised line-scoped lets are recomputed.
    var lineStamp: Int {
        @inline(__always) get { counters[1] }
    }
    /// Number of runtime errors so far (cheap to read after every rule).
    var errorCount: Int {
        @inline(__always) get { counters[2] }
    }
    /// Memoised let values. Raw buffers: these are read on every let reference, and each context is confined to
    /// one assessment on one thread, so exclusivity checks on array properties would only cost time.
    let letValues: UnsafeMutablePointer<Value>
    let letStamps: UnsafeMutablePointer<Int>
    private let letCount: Int
    var runtimeErrors: [String] = []
    let recordTrace: Bool
    var trace: [TraceEntry] = []

    init(facts: Facts, day: Day, letCount: Int, recordTrace: Bool) {
        self.facts = facts
        self.day = day
        counters = UnsafeMutablePointer<Int>.allocate(capacity: 3)
        counters.initialize(repeating: 0, count: 3)
        self.letCount = max(1, letCount)
        letValues = UnsafeMutablePointer<Value>.allocate(capacity: self.letCount)
        letValues.initialize(repeating: .absent, count: self.letCount)
        letStamps = UnsafeMutablePointer<Int>.allocate(capacity: self.letCount)
        letStamps.initialize(repeating: -1, count: self.letCount)
        self.recordTrace = recordTrace
        if recordTrace { trace.reserveCapacity(64) }
    }

    deinit {
        counters.deallocate()
        letValues.deinitialize(count: letCount)
        letValues.deallocate()
        letStamps.deallocate()
    }

    func setLine(_ index: Int) {
        counters[0] = index
        counters[1] &+= 1
    }

    func fail(_ message: String) -> Value {
        if runtimeErrors.count < 20 { runtimeErrors.append(message) }
        counters[2] += 1
        return .absent
    }

    var line: AssessmentRequest.Line { facts.request.lines[lineIndex] }
}

/// A compact record of what fired: ids only, rendered to text on demand.
struct TraceEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case rule(Int, otherwise: Bool)
        case row(table: Int, row: Int)
    }

    var kind: Kind
    var line: Int  // -1 for the shipment
}

typealias Eval = @Sendable (EvalContext) -> Value
