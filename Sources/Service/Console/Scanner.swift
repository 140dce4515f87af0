import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

/// Audit actions of the scanner pages (the dashboard counts pick scans).
enum ScannerAction {
    static let pickItem = "scan pick item"
}

/// One scanner step: what the page asks for next, what the last scan did, and the state the form carries.
struct ScannerStep: Sendable {
    var prompt: String
    var message: String?
    var ok = true
    var state: [String: String] = [:]
}

/// Scanner pages for the floor: one input, autofocus; a keyboard-wedge scanner types the code and Enter, which
/// submits the form. Each scan calls the warehouse services; the state of the task rides in hidden fields.
extension BondedService {
    static let scannerKinds = ["receive", "putaway", "pick", "count"]

    func scannerRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/console/scan", roles: ConsoleRoles.scanner) { [self] call in
                let t = call.t
                let warehouses = try await scannerWarehouses(call)
                let links: [HTML] = warehouses.flatMap { warehouse in
                    Self.scannerKinds.map { kind in
                        "<li><a class=\"button\" href=\"/console/scan/\(kind)?warehouse=\(ConsoleSecurity.query(warehouse))\">\(warehouse) · \(t("scan." + kind))</a></li>"
                    }
                }
                let body: HTML = warehouses.isEmpty
                    ? "<p class=\"empty\">\(t("scan.no-warehouse"))</p>" : "<ul class=\"menu\">\(links)</ul>"
                return page(call, title: t("scan.title"), body, scanner: true)
            },
            ConsoleRoute(method: .get, path: "/console/scan/{kind}", roles: ConsoleRoles.scanner) { [self] call in
                let (kind, warehouse) = try await scannerTarget(call, warehouse: call.query["warehouse"])
                return scannerPage(call, kind: kind, warehouse: warehouse, step: firstStep(call, kind: kind))
            },
            ConsoleRoute(method: .post, path: "/console/scan/{kind}", roles: ConsoleRoles.scanner) { [self] call in
                let (kind, warehouse) = try await scannerTarget(call, warehouse: call.form["warehouse"])
                let scan = (call.form["scan"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                var state: [String: String] = [:]
                for (key, value) in call.form where key.hasPrefix("s.") { state[String(key.dropFirst(2))] = value }
                var step: ScannerStep
                var status = 200
                if scan.isEmpty {
                    step = firstStep(call, kind: kind)
                    step.state = state
                    step.prompt = try await nextPrompt(call, kind: kind, state: state)
                } else {
                    do {
                        step = try await handleScan(call, kind: kind, warehouse: warehouse, scan: scan, state: state)
                    } catch {
                        let problem = Problem.from(error)
                        status = problem.status
                        step = ScannerStep(
                            prompt: try await nextPrompt(call, kind: kind, state: state),
                            message: problem.detail + (problem.field.map { " (\($0))" } ?? ""), ok: false, state: state)
                    }
                }
                var answer = scannerPage(call, kind: kind, warehouse: warehouse, step: step)
                if !step.ok { answer.status = .init(code: status < 400 ? 422 : status) }
                if kind == "pick", step.ok, step.state["picked"] == "1" {
                    try await store.append(
                        call.auditRecord(action: ScannerAction.pickItem, warehouse: warehouse, status: 200))
                    answer.audited = true
                }
                return answer
            },
        ]
    }

    private func scannerWarehouses(_ call: ConsoleCall) async throws -> [String] {
        try await store.warehouses().map(\.code).filter { call.caller.canAccess(warehouse: $0) }.sorted()
    }

    private func scannerTarget(_ call: ConsoleCall, warehouse: String?) async throws -> (String, String) {
        let kind = call.parameter("kind")
        guard Self.scannerKinds.contains(kind) else { throw Problem.notFound(call.t("scan.title"), field: "kind", value: kind) }
        let visible = try await scannerWarehouses(call)
        guard let warehouse = warehouse ?? (visible.count == 1 ? visible[0] : nil), !warehouse.isEmpty else {
            throw Problem.invalid("warehouse", call.t("scan.choose-warehouse"))
        }
        guard call.caller.canAccess(warehouse: warehouse) else {
            throw Problem.forbidden(call.t("error.warehouse", warehouse))
        }
        guard visible.contains(warehouse) else {
            throw Problem.notFound(call.t("dash.warehouse"), field: "warehouse", value: warehouse)
        }
        return (kind, warehouse)
    }

    private func firstStep(_ call: ConsoleCall, kind: String) -> ScannerStep {
        let first = ["receive": "scan.prompt.dock", "putaway": "scan.prompt.from", "pick": "scan.prompt.session",
                     "count": "scan.prompt.sheet"]
        return ScannerStep(prompt: call.t(first[kind] ?? "scan.prompt.item"))
    }

    private func nextPrompt(_ call: ConsoleCall, kind: String, state: [String: String]) async throws -> String {
        let t = call.t
        switch kind {
        case "receive":
            if state["dock"] == nil { return t("scan.prompt.dock") }
            if state["container"] == nil { return t("scan.prompt.container") }
            return t("scan.prompt.item")
        case "putaway": return state["from"] == nil ? t("scan.prompt.from") : t("scan.prompt.item")
        case "pick": return state["session"] == nil ? t("scan.prompt.session") : t("scan.prompt.pick")
        default:
            if state["sheet"] == nil { return t("scan.prompt.sheet") }
            return state["location"] == nil ? t("scan.prompt.location") : t("scan.prompt.count-item")
        }
    }

    // swiftlint:disable:next function_body_length
    private func handleScan(
        _ call: ConsoleCall, kind: String, warehouse: String, scan: String, state given: [String: String]
    ) async throws -> ScannerStep {
        let t = call.t
        var state = given
        state["picked"] = nil
        let operation = "console/\(call.requestID)"
        let actor = call.caller.username
        func done(_ message: String) async throws -> ScannerStep {
            ScannerStep(prompt: try await nextPrompt(call, kind: kind, state: state), message: message, state: state)
        }
        switch kind {
        case "receive":
            if state["dock"] == nil {
                try await requireLocation(call, warehouse: warehouse, scan)
                state["dock"] = scan
                return try await done(t("scan.ok.dock", scan))
            }
            if state["container"] == nil {
                state["container"] = scan
                return try await done(t("scan.ok.container", scan))
            }
            _ = try await InboundService(store: store).receive(
                ReceiveRequest(
                    clientOperationID: operation, warehouse: warehouse, asnID: nil, dock: state["dock"] ?? "",
                    scans: [ReceiptScan(container: state["container"] ?? "", sku: scan, quantity: 1)], actor: actor,
                    device: "console-scanner"))
            return try await done(t("scan.ok.received", scan, state["dock"] ?? ""))
        case "putaway":
            if state["from"] == nil {
                try await requireLocation(call, warehouse: warehouse, scan)
                state["from"] = scan
                return try await done(t("scan.ok.from", scan))
            }
            guard let site = try await store.warehouse(warehouse), let packSet = packs.current else {
                throw Problem(.serviceUnavailable, code: "not-ready", "no pack set")
            }
            let classifier = DangerousGoodsClassifier(packSet: packSet, country: site.country, day: Day.utc(Date()))
            let placements = try await PutawayService(store: store, classifier: classifier).putaway(
                PutawayRequest(
                    clientOperationID: operation, warehouse: warehouse, from: state["from"] ?? "",
                    items: [PutawayItem(sku: scan, quantity: 1)], actor: actor, device: "console-scanner"))
            let placed = placements.map { "\($0.quantity) × \($0.sku) → \($0.location)" }.joined(separator: ", ")
            return try await done(t("scan.ok.putaway", placed))
        case "pick":
            return try await pickScan(call, warehouse: warehouse, scan: scan, state: state, operation: operation)
        default:
            return try await countScan(call, warehouse: warehouse, scan: scan, state: state, operation: operation)
        }
    }

    private func requireLocation(_ call: ConsoleCall, warehouse: String, _ code: String) async throws {
        guard try await store.location(warehouse: warehouse, code: code) != nil else {
            throw WMSError(.unknownLocation, field: "scan", value: code, call.t("scan.unknown-location", code))
        }
    }

    private func pickScan(
        _ call: ConsoleCall, warehouse: String, scan: String, state given: [String: String], operation: String
    ) async throws -> ScannerStep {
        let t = call.t
        var state = given
        let sessionID = state["session"] ?? scan
        let probe = PickService(orders: OrderService(store: store, desk: warehouse), today: Day.utc(Date()).description)
        guard let session = try await probe.session(sessionID, warehouse: warehouse) else {
            throw WMSError(.invalidField, field: "scan", value: scan, t("scan.unknown-session", scan))
        }
        if state["session"] == nil {
            state["session"] = sessionID
            return ScannerStep(
                prompt: t("scan.prompt.pick"), message: Self.nextTask(t, session.current.map { session.tasks[$0] }),
                state: state)
        }
        // The order desk is wherever the session's orders are kept (looked up, never taken from the form).
        var desk = warehouse
        if let orderID = session.tasks.first?.orderID {
            for code in try await store.warehouses().map(\.code) {
                if try await store.document(warehouse: code, kind: OrderService.kind, id: orderID) != nil {
                    desk = code
                    break
                }
            }
        }
        let service = PickService(orders: OrderService(store: store, desk: desk), today: Day.utc(Date()).description)
        let current = session.current.map { session.tasks[$0] }
        var isLocation = current?.location == scan
        if !isLocation { isLocation = try await store.location(warehouse: warehouse, code: scan) != nil }
        let result = try await service.scan(
            session: sessionID, warehouse: warehouse, location: isLocation ? scan : nil, item: isLocation ? nil : scan,
            operationID: operation, actor: call.caller.username)
        guard result.accepted else {
            return ScannerStep(
                prompt: t("scan.prompt.pick"), message: result.refusal?.message ?? t("scan.refused"), ok: false,
                state: state)
        }
        if !isLocation { state["picked"] = "1" }
        let message = isLocation
            ? t("scan.ok.location", scan) : t("scan.ok.picked", scan) + " " + Self.nextTask(t, result.next)
        return ScannerStep(prompt: t("scan.prompt.pick"), message: message, state: state)
    }

    static func nextTask(_ t: ConsoleStrings, _ task: PickTask?) -> String {
        guard let task else { return t("scan.pick-complete") }
        return t("scan.next-task", task.location, String(task.quantity - task.picked), task.sku)
    }

    private func countScan(
        _ call: ConsoleCall, warehouse: String, scan: String, state given: [String: String], operation: String
    ) async throws -> ScannerStep {
        let t = call.t
        var state = given
        let service = CountService(store: store)
        guard let sheetID = state["sheet"] else {
            guard let sheet = try await service.sheet(scan, warehouse: warehouse), sheet.isOpen else {
                throw WMSError(.invalidField, field: "scan", value: scan, t("scan.unknown-sheet", scan))
            }
            state["sheet"] = scan
            return ScannerStep(prompt: t("scan.prompt.location"), message: t("scan.ok.sheet", scan), state: state)
        }
        if try await store.location(warehouse: warehouse, code: scan) != nil {
            state = ["sheet": sheetID, "location": scan]
            return ScannerStep(prompt: t("scan.prompt.count-item"), message: t("scan.ok.location", scan), state: state)
        }
        guard let location = state["location"] else {
            throw WMSError(.unknownLocation, field: "scan", value: scan, t("scan.unknown-location", scan))
        }
        let key = "n:" + scan
        let counted = (Int64(state[key] ?? "0") ?? 0) + 1
        _ = try await service.record(
            sheetID, warehouse: warehouse, entries: [CountEntry(location: location, sku: scan, quantity: counted)],
            operationID: operation, actor: call.caller.username)
        state[key] = String(counted)
        return ScannerStep(
            prompt: t("scan.prompt.count-item"), message: t("scan.ok.counted", scan, String(counted), location),
            state: state)
    }

    private func scannerPage(_ call: ConsoleCall, kind: String, warehouse: String, step: ScannerStep) -> ConsoleAnswer {
        let t = call.t
        let hidden: [HTML] = step.state.sorted { $0.key < $1.key }.map {
            "<input type=\"hidden\" name=\"s.\($0.key)\" value=\"\($0.value)\">"
        }
        let context: [HTML] = step.state.filter { !$0.key.hasPrefix("n:") && $0.key != "picked" }
            .sorted { $0.key < $1.key }.map { "<span>\(t("scan.state." + $0.key)): <b>\($0.value)</b></span>" }
        let message: HTML = step.message.map {
            "<p class=\"message \(step.ok ? "ok" : "error")\" id=\"scan-result\" role=\"status\">\($0)</p>"
        } ?? ""
        let body: HTML = """
            <p class="context">\(warehouse) \(context)</p>
            \(message)
            <form method="post" action="/console/scan/\(kind)" class="scan" autocomplete="off">\(call.csrfField)
            <input type="hidden" name="warehouse" value="\(warehouse)">\(hidden)
            <label for="scan">\(step.prompt)</label>
            <input id="scan" name="scan" autofocus autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="go">
            <button type="submit">\(t("scan.submit"))</button></form>
            <p><a href="/console/scan/\(kind)?warehouse=\(ConsoleSecurity.query(warehouse))">\(t("scan.restart"))</a> · \
            <a href="/console/scan">\(t("scan.menu"))</a></p>
            """
        return page(call, title: t("scan." + kind), body, scanner: true)
    }
}
