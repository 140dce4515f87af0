/// The compiled, immutable form of a pack set. Shared by every assessment; never mutated after loading.
final class Program: Sendable {
    let packs: [CompiledPack]
    let rules: [CompiledRule]
    let tables: [CompiledTable]
    let lets: [CompiledLet]
    let hash: String
    let files: [SourceFile]

    init(packs: [CompiledPack], rules: [CompiledRule], tables: [CompiledTable], lets: [CompiledLet], hash: String, files: [SourceFile]) {
        var packs = packs
        for index in packs.indices {
            let scheduled = packs[index].rules.map { ScheduledRule(index: $0, period: rules[$0].period) }
            packs[index].shipmentRules = scheduled.filter { !rules[$0.index].lineScoped }
            packs[index].lineRules = scheduled.filter { rules[$0.index].lineScoped }
        }
        self.packs = packs
        self.rules = rules
        self.tables = tables
        self.lets = lets
        self.hash = hash
        self.files = files
    }

    private struct Accumulator {
        var regime: (String, String)?  // value, rule
        var vat = Fixed.zero
        var duty = Fixed.zero
        var fees: [Assessment.Fee] = []
        var lines: [Assessment.Line]
        var documents: [String] = []
        var codes: [String] = []
        var holds: [Assessment.Hold] = []
        var co2e = Fixed.zero
    }

    /// Runs the given packs (in import order) over a request.
    func run(_ request: AssessmentRequest, day: Day, packIndices: [Int]? = nil, explain: Bool) -> Assessment {
        let facts = Facts(request)
        // The evaluator reads the request in place (no copy); it is alive for the whole call.
        let (acc, trace) = withUnsafePointer(to: request) { pointer in
            evaluate(pointer, facts: facts, day: day, packIndices: packIndices, explain: explain)
        }
        return Assessment(
            id: request.id, decision: acc.holds.isEmpty ? .release : .hold, regime: acc.regime?.0, currency: request.currency,
            vat: acc.vat, duty: acc.duty, fees: acc.fees, lines: acc.lines, documents: acc.documents, codes: acc.codes,
            holds: acc.holds, co2eGrams: acc.co2e, date: day, packSetHash: hash, trace: trace, program: explain ? self : nil,
            facts: explain ? facts : nil, request: explain ? request : nil)
    }

    private func evaluate(_ request: UnsafePointer<AssessmentRequest>, facts: Facts, day: Day, packIndices: [Int]?,
                          explain: Bool) -> (Accumulator, [TraceEntry]) {
        let ctx = EvalContext(facts: facts, request: request, day: day, letCount: lets.count, recordTrace: explain)
        var acc = Accumulator(lines: facts.lines.map { Assessment.Line(sku: $0.sku) })
        if facts.overflow {
            acc.holds.append(Assessment.Hold(code: "ENGINE-OVERFLOW", message: "an amount in the request is too large", rule: "-", source: "-"))
        }
        let lineCount = facts.lines.count
        if let packIndices {
            for packIndex in packIndices { runPack(packIndex, lineCount: lineCount, ctx: ctx, acc: &acc) }
        } else {
            for packIndex in packs.indices { runPack(packIndex, lineCount: lineCount, ctx: ctx, acc: &acc) }
        }
        return (acc, ctx.trace)
    }

    @inline(__always)
    private func runPack(_ packIndex: Int, lineCount: Int, ctx: EvalContext, acc: inout Accumulator) {
        guard packs[packIndex].period.contains(ctx.day) else { return }
        if let applies = packs[packIndex].applies {
            ctx.setLine(0)
            guard applies(ctx).isTrue else { return }
        }
        let day = ctx.day
        for scheduled in packs[packIndex].shipmentRules where scheduled.period.contains(day) {
            fire(scheduled.index, line: -1, ctx: ctx, acc: &acc)
        }
        let lineRules = packs[packIndex].lineRules
        if lineRules.isEmpty { return }
        for lineIndex in 0..<lineCount {
            ctx.setLine(lineIndex)
            for scheduled in lineRules where scheduled.period.contains(day) {
                fire(scheduled.index, line: lineIndex, ctx: ctx, acc: &acc)
            }
        }
    }

    @inline(__always)
    private func fire(_ ruleIndex: Int, line: Int, ctx: EvalContext, acc: inout Accumulator) {
        let rule = rules[ruleIndex]  // in force on the day: the caller checked its period
        let errorsBefore = ctx.errorCount
        var fired = true
        if let condition = rule.condition { fired = condition.call(ctx).isTrue }
        let outcomes = fired ? rule.then : rule.otherwise
        if !outcomes.isEmpty {
            if ctx.recordTrace { ctx.trace.append(TraceEntry(kind: .rule(ruleIndex, otherwise: !fired), line: line)) }
            for outcome in outcomes { apply(outcome, rule: rule, line: line, ctx: ctx, acc: &acc) }
        }
        if ctx.errorCount > errorsBefore {
            let message = ctx.runtimeErrors.count > errorsBefore ? ctx.runtimeErrors[errorsBefore] : "too many evaluation errors"
            acc.holds.append(Assessment.Hold(code: "ENGINE-EVALUATION", message: message, rule: rule.name, source: rule.location))
        }
    }

    private func citation(_ rule: CompiledRule) -> String {
        let pack = packs[rule.pack]
        return rule.sources.compactMap { pack.sources[$0]?.citation }.joined(separator: "; ")
    }

    private func texts(_ value: Value) -> [String] { CompiledOutcome.texts(value) }

    private func apply(_ outcome: CompiledOutcome, rule: CompiledRule, line: Int, ctx: EvalContext, acc: inout Accumulator) {
        if let constantTexts = outcome.constantTexts {
            addTexts(constantTexts, outcome.kind, line: line, acc: &acc)
            return
        }
        guard let firstArgument = outcome.arguments.first else { return }
        let first = firstArgument(ctx)
        guard !first.isAbsent else { return }
        // Only list outcomes (document, code, label, segregation) need every argument as an array.
        func allValues() -> Value {
            outcome.arguments.count == 1 ? first : .list([first] + outcome.arguments.dropFirst().map { $0(ctx) })
        }
        func conflict(_ what: String, _ old: String, _ new: String) {
            acc.holds.append(Assessment.Hold(
                code: "RULE-CONFLICT", message: "\(what) set to '\(old)' and '\(new)' by different rules", rule: rule.name,
                source: citation(rule)))
        }
        func single(_ slot: inout String?, _ what: String) {
            guard case .text(let text) = first else { return }
            if let old = slot, old != text { conflict(what, old, text) } else { slot = text }
        }
        func money(_ value: Value) -> Fixed? {
            guard case .money(let amount, let currency) = value else { return nil }
            guard currency == ctx.request.pointee.currency else {
                acc.holds.append(Assessment.Hold(
                    code: "ENGINE-CURRENCY", message: "rule produced \(currency) for a \(ctx.request.pointee.currency) order; convert it",
                    rule: rule.name, source: rule.location))
                return nil
            }
            return amount
        }
        let hasLine = line >= 0
        switch outcome.kind {
        case .regime:
            guard case .text(let text) = first else { return }
            if let old = acc.regime, old.0 != text { conflict("regime", old.0, text) } else { acc.regime = (text, rule.name) }
        case .document, .code:
            addTexts(texts(allValues()), outcome.kind, line: line, acc: &acc)
        case .hold:
            guard case .text(let code) = first else { return }
            var message = outcome.arguments.count > 1 ? (texts(outcome.arguments[1](ctx)).first ?? "") : ""
            if hasLine { message = "\(ctx.request.pointee.lines[line].sku): " + message }
            let hold = Assessment.Hold(code: code, message: message, rule: rule.name, source: citation(rule))
            if !acc.holds.contains(hold) { acc.holds.append(hold) }
        case .fee:
            guard case .text(let name) = first, outcome.arguments.count > 1, let amount = money(outcome.arguments[1](ctx)) else { return }
            acc.fees.append(Assessment.Fee(name: name, amount: amount))
        case .vat:
            guard let amount = money(first) else { return }
            if hasLine { acc.lines[line].vat = acc.lines[line].vat.adding(amount) ?? acc.lines[line].vat }
            acc.vat = acc.vat.adding(amount) ?? acc.vat
        case .duty:
            guard let amount = money(first) else { return }
            if hasLine { acc.lines[line].duty = acc.lines[line].duty.adding(amount) ?? acc.lines[line].duty }
            acc.duty = acc.duty.adding(amount) ?? acc.duty
        case .vatRate:
            guard hasLine, case .percent(let rate) = first else { return }
            if let old = acc.lines[line].vatRate, old != rate {
                conflict("vat_rate", Value.percent(old).rendered, first.rendered)
            } else {
                acc.lines[line].vatRate = rate
            }
        case .unNumber: if hasLine { single(&acc.lines[line].dg.unNumber, "un_number") }
        case .dgClass: if hasLine { single(&acc.lines[line].dg.dgClass, "dg_class") }
        case .packingInstruction: if hasLine { single(&acc.lines[line].dg.packingInstruction, "packing_instruction") }
        case .section: if hasLine { single(&acc.lines[line].dg.section, "section") }
        case .air: if hasLine { single(&acc.lines[line].dg.air, "air") }
        case .storageZone: if hasLine { single(&acc.lines[line].dg.storageZone, "storage_zone") }
        case .properShippingName:
            if hasLine { single(&acc.lines[line].dg.properShippingName, "proper_shipping_name") }
        case .packingGroup: if hasLine { single(&acc.lines[line].dg.packingGroup, "packing_group") }
        case .subsidiaryHazard: if hasLine { single(&acc.lines[line].dg.subsidiaryHazard, "subsidiary_hazard") }
        case .label, .segregation:
            addTexts(texts(allValues()), outcome.kind, line: line, acc: &acc)
        case .co2e:
            guard case .quantity(let grams, .mass) = first else { return }
            acc.co2e = acc.co2e.adding(grams) ?? acc.co2e
        }
    }

    /// Adds the texts of a list outcome, each once, in order.
    private func addTexts(_ texts: [String], _ kind: OutcomeKind, line: Int, acc: inout Accumulator) {
        switch kind {
        case .document:
            if acc.documents.isEmpty { acc.documents.reserveCapacity(4) }  // one allocation for the usual few
            for text in texts where !acc.documents.contains(text) { acc.documents.append(text) }
        case .code:
            if acc.codes.isEmpty { acc.codes.reserveCapacity(4) }
            for text in texts where !acc.codes.contains(text) { acc.codes.append(text) }
        case .label:
            guard line >= 0 else { return }
            for text in texts where !acc.lines[line].dg.labels.contains(text) { acc.lines[line].dg.labels.append(text) }
        case .segregation:
            guard line >= 0 else { return }
            for text in texts where !acc.lines[line].dg.segregation.contains(text) { acc.lines[line].dg.segregation.append(text) }
        default: break
        }
    }
}
