import Foundation
import Testing
import WMSCore

/// Driving released orders through waves, picking by scan, packing and shipping, as the floor does it.
extension OrdersFixture {
    static var gtins: [String: String] {
        var result: [String: String] = [:]
        for product in products() { result[product.sku] = product.gtin?.digits }
        return result
    }

    /// Plans waves for every released order of `warehouses` and picks every session by scan (location, then item);
    /// returns the pick sessions and the planned route length in millimetres.
    static func pickAll(
        _ s: (
            orders: OrderService, allocation: AllocationService, gate: ComplianceGate, waves: WaveService,
            picks: PickService, pack: PackService, returns: ReturnService
        ), warehouses: [String] = [europe, america], planID: String
    ) async throws -> (sessions: [(warehouse: String, id: String)], routeMillimetres: Int64) {
        var sessions: [(warehouse: String, id: String)] = []
        var routeMillimetres: Int64 = 0
        for warehouse in warehouses {
            let plan = try await s.waves.plan(warehouse: warehouse, layout: layout, cart: cart, planID: planID)
            #expect(plan.rejected.isEmpty)
            routeMillimetres += plan.routeMillimetres
            for wave in plan.waves { sessions += wave.sessions.map { (warehouse, $0) } }
        }
        let gtins = gtins
        for (warehouse, id) in sessions {
            let session = try #require(try await s.picks.session(id, warehouse: warehouse))
            var previous: String? = nil
            for (index, task) in session.tasks.enumerated() {
                if task.location != previous {
                    let scan = try await s.picks.scan(
                        session: id, warehouse: warehouse, location: task.location, operationID: "\(id)/l\(index)")
                    #expect(scan.accepted, "\(scan.refusal?.description ?? "")")
                    previous = task.location
                }
                let scan = try await s.picks.scan(
                    session: id, warehouse: warehouse, item: gtins[task.sku] ?? task.sku, quantity: task.quantity,
                    operationID: "\(id)/i\(index)")
                #expect(scan.accepted, "\(scan.refusal?.description ?? "")")
            }
            #expect(try await s.picks.session(id, warehouse: warehouse)?.status == "complete")
        }
        return (sessions, routeMillimetres)
    }

    /// What a packer puts in the parcel of a picked order: one scan per unit, the net weight from master data and
    /// the dangerous-goods marks the assessment asks for.
    static func parcel(_ order: Order) -> (scans: [String], netGrams: Int64, marks: [String]) {
        let gtins = gtins
        let products = Dictionary(uniqueKeysWithValues: products().map { ($0.sku, $0) })
        let scans = order.allocations.flatMap { Array(repeating: gtins[$0.sku]!, count: Int($0.picked)) }
        let net = order.allocations.reduce(Int64(0)) { $0 + $1.picked * products[$1.sku]!.netWeightGrams }
        let marks = Array(Set(order.assessment?.dangerousGoods.flatMap(\.labels) ?? [])).sorted()
        return (scans, net, marks)
    }
}
