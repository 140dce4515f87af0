import Foundation
import HTTPTypes
import WMSCore

/// The dashboard's figures for the warehouses a user may see, read from the store.
struct DashboardFigures: Sendable {
    var stock: [BarChart.Bar] = []
    var ordersByStatus: [BarChart.Bar] = []
    var openAgainstCutOff: [BarChart.Bar] = []
    var timeliness: [BarChart.Bar] = []
    var returnRate: [BarChart.Bar] = []
    var holdsByRule: [BarChart.Bar] = []
    var picksPerOperator: [BarChart.Bar] = []
}

extension BondedService {
    func dashboardRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/console/dashboard", roles: ConsoleRoles.dashboard) { [self] call in
                try await dashboard(call)
            }
        ] + assessRoutes()
    }

    private func dashboard(_ call: ConsoleCall) async throws -> ConsoleAnswer {
        let t = call.t
        let visible = try await store.warehouses().map(\.code).filter { call.caller.canAccess(warehouse: $0) }.sorted()
        var chosen = visible
        if let only = call.query["warehouse"], !only.isEmpty {
            guard visible.contains(only) else { throw Problem.forbidden(t("error.warehouse", only)) }
            chosen = [only]
        }
        let figures = try await dashboardFigures(call, warehouses: chosen, now: Date())
        let charts: [BarChart] = [
            BarChart(id: "stock", title: t("dash.stock"), bars: figures.stock, emptyText: t("dash.empty")),
            BarChart(id: "orders", title: t("dash.orders"), bars: figures.ordersByStatus, emptyText: t("dash.empty")),
            BarChart(id: "cutoff", title: t("dash.cutoff"), bars: figures.openAgainstCutOff, emptyText: t("dash.empty")),
            BarChart(id: "timeliness", title: t("dash.timeliness"), bars: figures.timeliness, emptyText: t("dash.empty")),
            BarChart(id: "returns", title: t("dash.returns"), bars: figures.returnRate, emptyText: t("dash.empty")),
            BarChart(id: "holds", title: t("dash.holds"), bars: figures.holdsByRule, emptyText: t("dash.empty")),
            BarChart(id: "picks", title: t("dash.picks"), bars: figures.picksPerOperator, emptyText: t("dash.empty")),
        ]
        let options: [HTML] = [HTML("<option value=\"\">\(t("dash.all-warehouses"))</option>")] + visible.map {
            "<option value=\"\($0)\"\(chosen.count == 1 && chosen[0] == $0 ? HTML(raw: " selected") : "")>\($0)</option>"
        }
        let body: HTML = """
            <form method="get" action="/console/dashboard" class="inline"><label>\(t("dash.warehouse")) \
            <select name="warehouse">\(options)</select></label> <button type="submit">\(t("dash.show"))</button></form>
            <p id="scope" data-warehouses="\(chosen.joined(separator: ","))">\(t("dash.scope", chosen.joined(separator: ", ")))</p>
            <div class="charts">\(charts.map { $0.render() })</div>
            """
        return page(call, title: t("dash.title"), body)
    }

    /// Reads the figures: balances, order documents (every order desk), RMAs, the ledger's shipments, holds and the
    /// audit trail's pick scans of the last hour.
    func dashboardFigures(_ call: ConsoleCall, warehouses: [String], now: Date) async throws -> DashboardFigures {
        let t = call.t
        var figures = DashboardFigures()
        let scope = Set(warehouses)
        for warehouse in warehouses {
            var byBucket: [Bucket: Int64] = [:]
            for balance in try await store.balances(warehouse: warehouse, sku: nil) {
                byBucket[balance.bucket, default: 0] += balance.quantity
            }
            for bucket in Bucket.allCases where (byBucket[bucket] ?? 0) > 0 {
                figures.stock.append(
                    BarChart.Bar(label: "\(warehouse) · \(t("bucket." + bucket.rawValue))", value: byBucket[bucket] ?? 0,
                          tone: bucket.rawValue))
            }
        }
        // Orders live in their desk's namespace; each counts for the warehouse it was routed to (else its desk).
        var orders: [Order] = []
        for desk in try await store.warehouses().map(\.code) {
            for document in try await store.documents(warehouse: desk, kind: OrderService.kind, status: nil) {
                guard let order = try? JSONDecoder().decode(Order.self, from: Data(document.data.utf8)),
                    scope.contains(order.warehouse ?? desk)
                else { continue }
                orders.append(order)
            }
        }
        var byStatus: [OrderStatus: Int64] = [:]
        for order in orders { byStatus[order.status, default: 0] += 1 }
        figures.ordersByStatus = OrderStatus.allCases.compactMap { status in
            byStatus[status].map { BarChart.Bar(label: t("status." + status.rawValue), value: $0, tone: status.rawValue) }
        }
        var due: [String: Int64] = [:]
        for order in orders where ![.shipped, .cancelled].contains(order.status) {
            let left = Self.cutOff(order).timeIntervalSince(now)
            due[left < 0 ? "late" : left < 4 * 3600 ? "soon" : "later", default: 0] += 1
        }
        figures.openAgainstCutOff = ["late", "soon", "later"].compactMap { key in
            due[key].map { BarChart.Bar(label: t("dash.cutoff." + key), value: $0, tone: key) }
        }
        // When each shipped order left: its shipment entries in the ledger.
        var shippedAt: [String: Date] = [:]
        var shippedBy: [String: Int64] = [:]
        for warehouse in warehouses {
            var after: Int64 = 0
            while true {
                let entries = try await store.entries(warehouse: warehouse, after: after, limit: 5_000)
                for entry in entries where entry.kind == .shipment {
                    let at = Date(timeIntervalSince1970: Double(entry.recordedAtMilliseconds) / 1000)
                    shippedAt[entry.documentReference] = max(at, shippedAt[entry.documentReference] ?? at)
                }
                guard let last = entries.last, entries.count == 5_000 else { break }
                after = last.sequence
            }
        }
        var timeliness: [String: Int64] = [:]
        for order in orders where order.status == .shipped {
            shippedBy[order.warehouse ?? "", default: 0] += 1
            guard let at = shippedAt[order.id] else {
                timeliness["unknown", default: 0] += 1
                continue
            }
            timeliness[at <= Self.cutOff(order) ? "on-time" : "late", default: 0] += 1
        }
        let shippedTotal = timeliness.values.reduce(0, +)
        figures.timeliness = ["on-time", "late", "unknown"].compactMap { key in
            timeliness[key].map {
                BarChart.Bar(label: t("dash.timeliness." + key), value: $0, note: Self.percent($0, of: shippedTotal), tone: key)
            }
        }
        for warehouse in warehouses {
            let returns = Int64(try await store.documents(warehouse: warehouse, kind: "rma", status: nil).count)
            let shipped = shippedBy[warehouse] ?? 0
            guard returns > 0 || shipped > 0 else { continue }
            figures.returnRate.append(
                BarChart.Bar(label: warehouse, value: returns, note: t("dash.returns-of", String(shipped), Self.percent(returns, of: shipped))))
        }
        var holds: [String: Int64] = [:]
        for order in orders where order.status == .held {
            for hold in order.holds { holds[hold.rule, default: 0] += 1 }
        }
        for warehouse in warehouses {
            for _ in try await store.holds(warehouse: warehouse) { holds[t("dash.single-window"), default: 0] += 1 }
        }
        figures.holdsByRule = holds.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
            BarChart.Bar(label: $0.key, value: $0.value, tone: "hold")
        }
        var picks: [String: Int64] = [:]
        for record in try await recentAudit(since: now.addingTimeInterval(-3600))
        where record.status < 300 && Self.isPick(record.action) && record.warehouse.map(scope.contains) ?? false {
            picks[record.actor, default: 0] += 1
        }
        figures.picksPerOperator = picks.sorted { $0.key < $1.key }.map {
            BarChart.Bar(label: $0.key, value: $0.value, note: t("dash.per-hour"))
        }
        return figures
    }

    static func isPick(_ action: String) -> Bool {
        action == ScannerAction.pickItem || (action.hasPrefix("POST ") && action.contains("/picks"))
    }

    /// Audit records at or after `since` (the trail is read forward; at most 100,000 records are looked at).
    private func recentAudit(since: Date) async throws -> [AuditRecord] {
        var result: [AuditRecord] = []
        var after: Int64 = 0
        for _ in 0..<100 {
            let page = try await store.auditRecords(after: after, limit: 1_000, warehouse: nil)
            result += page.filter { $0.at >= since }
            guard let last = page.last, page.count == 1_000 else { break }
            after = last.id
        }
        return result
    }

    /// The order's carrier cut-off: its ship-by date, else 16:00 UTC of the day after it was ordered.
    static func cutOff(_ order: Order) -> Date {
        if let shipBy = order.intake.shipBy { return shipBy }
        let day = (order.intake.orderedAt.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        return Date(timeIntervalSince1970: day + 86_400 + 16 * 3_600)
    }

    /// `part` of `whole` in percent with one decimal, computed in integers.
    static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "–" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
