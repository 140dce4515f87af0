/// A request with the derived facts the rules may read (intrinsic value, HS-6 items, shipping share, Wh).
///
/// A class: the evaluator, the context and a recorded assessment share one instance. It holds only derived facts
/// (and the lines array, which costs one reference): the evaluator reads the request itself through
/// `EvalContext.request`, so assessing does not copy it. Facts that only some packs read (HS-6 text, battery Wh)
/// are derived on demand.
final class Facts: Sendable {
    /// The order lines (the same array as the request's).
    let lines: [AssessmentRequest.Line]
    /// Per line: value (quantity × unit price, rounded to cents) and share of the delivery charged.
    let amounts: [LineAmounts]
    let intrinsic: Fixed
    let items: Int
    let anyExcise: Bool
    let netMass: Fixed?
    /// Set when a derived amount overflowed; the assessment is then held.
    let overflow: Bool

    struct LineAmounts: Sendable {
        var value: Fixed
        var shippingShare: Fixed
        var insuranceShare: Fixed = .zero
    }

    init(_ request: AssessmentRequest) {
        lines = request.lines
        var overflow = false
        var amounts: [LineAmounts] = []
        amounts.reserveCapacity(request.lines.count)
        var total = Fixed.zero
        var mass: Fixed? = .zero
        var anyExcise = false
        for line in request.lines {
            let value = line.quantity.multiplied(by: line.unitPrice)?.rounded(places: 2, .halfEven)
            if value == nil { overflow = true }
            amounts.append(LineAmounts(value: value ?? .zero, shippingShare: .zero))
            if let sum = total.adding(value ?? .zero) { total = sum } else { overflow = true }
            if let kg = line.netKg, let current = mass { mass = current.adding(kg) } else { mass = nil }
            anyExcise = anyExcise || line.excise
        }
        intrinsic = total
        netMass = mass
        // Delivery and insurance charged are shared in proportion to value; the last line takes the remainder so
        // shares sum exactly.
        let values = amounts.map(\.value)
        for (index, share) in Self.apportion(request.shipping, values, total, &overflow).enumerated() {
            amounts[index].shippingShare = share
        }
        if request.insurance.raw != 0 {
            for (index, share) in Self.apportion(request.insurance, values, total, &overflow).enumerated() {
                amounts[index].insuranceShare = share
            }
        }
        self.amounts = amounts
        // Distinct HS-6 subheadings; orders are small, so a quadratic scan beats hashing. Plain ASCII codes (the
        // norm) compare as integers; anything else compares as Swift strings.
        let lines = request.lines
        if lines.count <= 16, let distinct = Facts.distinctASCIIPrefixes(lines) {
            items = distinct
        } else if lines.count <= 16 {
            var distinct = 0
            for index in lines.indices {
                let code = lines[index].hs.prefix(6)
                var seen = false
                for earlier in 0..<index where lines[earlier].hs.prefix(6) == code {
                    seen = true
                    break
                }
                if !seen { distinct += 1 }
            }
            items = distinct
        } else {
            items = Set(lines.map { $0.hs.prefix(6) }).count
        }
        self.anyExcise = anyExcise
        self.overflow = overflow
    }

    /// `amount` shared over lines in proportion to `values` (summing to `total`), each share rounded half-even to
    /// cents and the last line taking the remainder, so the shares add up to `amount` exactly.
    static func apportion(_ amount: Fixed, _ values: [Fixed], _ total: Fixed, _ overflow: inout Bool) -> [Fixed] {
        var shares = [Fixed](repeating: .zero, count: values.count)
        var allocated = Fixed.zero
        for index in values.indices {
            if index == values.count - 1 {
                shares[index] = amount.subtracting(allocated) ?? .zero
            } else if total.raw != 0 {
                let share = amount.multiplied(by: values[index]).flatMap { $0.divided(by: total) }?
                    .rounded(places: 2, .halfEven)
                if share == nil { overflow = true }
                shares[index] = share ?? .zero
                allocated = allocated.adding(share ?? .zero) ?? allocated
            }
        }
        return shares
    }

    /// Number of distinct HS-6 prefixes when every line's prefix is plain ASCII; `nil` otherwise.
    private static func distinctASCIIPrefixes(_ lines: [AssessmentRequest.Line]) -> Int? {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(1, lines.count)) { keys in
            var distinct = 0
            for index in lines.indices {
                guard let key = ASCIIKey.ofPrefix(lines[index].hs, characters: 6) else { return nil }
                keys[index] = key
                var seen = false
                for earlier in 0..<index where keys[earlier] == key {
                    seen = true
                    break
                }
                if !seen { distinct += 1 }
            }
            return distinct
        }
    }

    /// The HS-6 subheading of a line.
    func hs6(_ line: Int) -> String { String(lines[line].hs.prefix(6)) }

    /// Battery energy of a line in Wh: given, or from mAh × V.
    func wh(_ line: Int) -> Fixed? {
        guard let battery = lines[line].battery else { return nil }
        if let wh = battery.wh { return wh }
        if let mah = battery.mah, let volts = battery.volts {
            return mah.multiplied(by: volts)?.divided(by: Fixed(raw: 1_000_000_000))?.rounded(places: 3, .halfEven)
        }
        return nil
    }
}

/// Mutable state of one assessment. One per call; never shared between threads.
final class EvalContext {
    let facts: Facts
    /// The request being assessed. It outlives the context: `Program.run` and `Assessment.explanation` create the
    /// context inside `withUnsafePointer(to:)` and never let it escape.
    let request: UnsafePointer<AssessmentRequest>
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
    // Unchecked exclusivity: the context is confined to one assessment on one thread, and the trace is appended on
    // every fired rule and table row when explaining.
    @exclusivity(unchecked) var runtimeErrors: [String] = []
    let recordTrace: Bool
    @exclusivity(unchecked) var trace: [TraceEntry] = []

    init(facts: Facts, request: UnsafePointer<AssessmentRequest>, day: Day, letCount: Int, recordTrace: Bool) {
        self.facts = facts
        self.request = request
        self.day = day
        self.letCount = max(1, letCount)
        // One allocation for the memo values, then the counters and the memo stamps.
        let valueBytes = MemoryLayout<Value>.stride * self.letCount
        let intAlignment = MemoryLayout<Int>.alignment
        let intOffset = (valueBytes + intAlignment - 1) / intAlignment * intAlignment
        let storage = UnsafeMutableRawPointer.allocate(
            byteCount: intOffset + MemoryLayout<Int>.stride * (3 + self.letCount),
            alignment: max(MemoryLayout<Value>.alignment, MemoryLayout<Int>.alignment))
        letValues = storage.bindMemory(to: Value.self, capacity: self.letCount)
        letValues.initialize(repeating: .absent, count: self.letCount)
        counters = (storage + intOffset).bindMemory(to: Int.self, capacity: 3 + self.letCount)
        counters.initialize(repeating: 0, count: 3)
        letStamps = counters + 3
        letStamps.initialize(repeating: -1, count: self.letCount)
        self.recordTrace = recordTrace
        if recordTrace { trace.reserveCapacity(16) }
    }

    deinit {
        letValues.deinitialize(count: letCount)
        UnsafeMutableRawPointer(letValues).deallocate()
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

    /// The order line being evaluated (borrowed, not copied: readers take one field of it).
    var line: AssessmentRequest.Line {
        _read { yield facts.lines[lineIndex] }
    }
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

/// A compiled expression in a struct. Arrays, tuples and optionals hold a bare closure at its most general calling
/// convention and every call then goes through reabstraction thunks; a struct field keeps the closure's own
/// convention, so calls through an `EvalBox` are direct.
struct EvalBox: Sendable {
    let call: Eval

    init(_ call: @escaping Eval) { self.call = call }

    @inline(__always)
    func callAsFunction(_ ctx: EvalContext) -> Value { call(ctx) }
}
