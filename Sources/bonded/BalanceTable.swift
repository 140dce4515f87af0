import WMSCore

/// Text tables of balances for the terminal.
enum BalanceTable {
    static func render(store: any Store, warehouse: Warehouse, sku: String?) async throws -> String {
        let balances = try await store.balances(warehouse: warehouse.code, sku: sku)
        let levels = try await store.stockLevels(warehouse: warehouse.code, sku: sku)
        var lines = ["\(warehouse.code) — \(warehouse.name) (\(warehouse.country))"]
        let header = ["location", "sku", "lot", "bucket", "quantity"]
        var rows = balances.map {
            [
                $0.location.isEmpty ? "(in transit)" : $0.location, $0.sku,
                $0.lot.isEmpty ? "-" : $0.lot, $0.bucket.rawValue, String($0.quantity),
            ]
        }
        if rows.isEmpty { rows = [["(no stock)", "", "", "", ""]] }
        lines += table(header, rows)
        lines.append("")
        lines += table(
            ["sku", "available", "reserved", "available-to-promise"],
            levels.map { [$0.sku, String($0.available), String($0.reserved), String($0.availableToPromise)] })
        return lines.joined(separator: "\n")
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return Int(cell) != nil ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        return ["  " + line(header), "  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.map { "  " + line($0) }
    }
}
