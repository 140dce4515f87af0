internal import Foundation

/// Reads orders from CSV: one row per order line, rows of the same (channel, channel_order_id) form one order.
///
/// The header is checked (unknown, repeated or missing columns are errors). Order-level cells must agree on every
/// row of an order. Every bad cell is reported as `row:column` with its value; nothing is returned unless all rows
/// are good. Columns: `channel`, `channel_order_id`, `ordered_at`, `currency`, `name`, `line1`, `city`,
/// `postal_code`, `country`, `line_id`, `sku`, `quantity`, `unit_price` (required); `marketplace`, `ship_by`,
/// `shipping_service`, `line2`, `region`, `marketplace_tax_id`, `shipping_charge` (optional; an order-level cell:
/// the delivery charged to the buyer, repeated on every row of the order).
public enum OrderCSVParser {
    static let required = [
        "channel", "channel_order_id", "ordered_at", "currency", "name", "line1", "city", "postal_code", "country",
        "line_id", "sku", "quantity", "unit_price",
    ]
    static let optional = [
        "marketplace", "ship_by", "shipping_service", "line2", "region", "marketplace_tax_id", "shipping_charge",
    ]
    static let orderColumns = [
        "ordered_at", "currency", "name", "line1", "city", "postal_code", "country", "marketplace", "ship_by",
        "shipping_service", "line2", "region", "marketplace_tax_id", "shipping_charge",
    ]

    /// Parses `text`; throws `importRejected` with every issue.
    public static func parse(_ text: String) throws(FlowError) -> [OrderIntake] {
        let records = ASNCSVParser.records(text)
        var issues: [ImportIssue] = []
        guard let header = records.first else {
            throw ASNCSVParser.rejected([
                ImportIssue(row: 1, column: "-", value: "", message: "a header row is required")
            ])
        }
        var index: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if !(required + optional).contains(name) {
                issues.append(ImportIssue(row: 1, column: name, value: raw, message: "unknown column"))
            } else if index.updateValue(position, forKey: name) != nil {
                issues.append(ImportIssue(row: 1, column: name, value: raw, message: "column appears twice"))
            }
        }
        for name in required where index[name] == nil {
            issues.append(ImportIssue(row: 1, column: name, value: "", message: "required column is missing"))
        }
        if !issues.isEmpty { throw ASNCSVParser.rejected(issues) }

        var orders: [String: (row: Int, cells: [String: String], intake: OrderIntake, rows: [Int])] = [:]
        var sequence: [String] = []
        for (offset, cells) in records.dropFirst().enumerated() {
            let row = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if cells.count != header.count {
                issues.append(
                    ImportIssue(
                        row: row, column: "-", value: String(cells.count),
                        message: "row has \(cells.count) cells, the header \(header.count)"))
                continue
            }
            func cell(_ name: String) -> String {
                index[name].map { cells[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            }
            var rowIssues: [ImportIssue] = []
            func bad(_ column: String, _ message: String) {
                rowIssues.append(ImportIssue(row: row, column: column, value: cell(column), message: message))
            }
            for name in required where cell(name).isEmpty { bad(name, "required value is missing") }
            let quantity = Int(cell("quantity"))
            if !cell("quantity").isEmpty, quantity == nil || quantity! <= 0 {
                bad("quantity", "expected a whole number > 0")
            }
            let price = MoneyText.parse(cell("unit_price"))
            if !cell("unit_price").isEmpty, price == nil { bad("unit_price", "expected a decimal such as 12.50") }
            let orderedAt = OrderDates.parse(cell("ordered_at"))
            if !cell("ordered_at").isEmpty, orderedAt == nil { bad("ordered_at", "expected an ISO 8601 date-time") }
            let shipBy = cell("ship_by").isEmpty ? nil : OrderDates.parse(cell("ship_by"))
            if !cell("ship_by").isEmpty, shipBy == nil { bad("ship_by", "expected an ISO 8601 date-time") }
            let shippingCharge = cell("shipping_charge").isEmpty ? nil : MoneyText.parse(cell("shipping_charge"))
            if !cell("shipping_charge").isEmpty, shippingCharge == nil {
                bad("shipping_charge", "expected a decimal such as 4.90")
            }
            guard rowIssues.isEmpty, let quantity, let price, let orderedAt else {
                issues += rowIssues
                continue
            }
            let key = cell("channel") + "\u{0}" + cell("channel_order_id")
            let line = OrderIntakeLine(lineID: cell("line_id"), sku: cell("sku"), quantity: quantity, unitPrice: price)
            if var existing = orders[key] {
                for column in orderColumns where cell(column) != existing.cells[column] {
                    bad(
                        column, "differs from row \(existing.row) of the same order ('\(existing.cells[column] ?? "")')"
                    )
                }
                if !rowIssues.isEmpty {
                    issues += rowIssues
                    continue
                }
                existing.intake.lines.append(line)
                existing.rows.append(row)
                orders[key] = existing
                continue
            }
            let optional: (String) -> String? = { cell($0).isEmpty ? nil : cell($0) }
            let intake = OrderIntake(
                channel: cell("channel"), channelOrderID: cell("channel_order_id"),
                marketplace: optional("marketplace"),
                orderedAt: orderedAt, shipBy: shipBy, currency: cell("currency"),
                shippingService: optional("shipping_service") ?? "standard",
                shipTo: PostalAddress(
                    name: cell("name"), line1: cell("line1"), line2: optional("line2"), city: cell("city"),
                    region: optional("region"), postalCode: cell("postal_code"), country: cell("country")),
                marketplaceTaxID: optional("marketplace_tax_id"), lines: [line], shippingCharge: shippingCharge)
            orders[key] = (row, Dictionary(uniqueKeysWithValues: orderColumns.map { ($0, cell($0)) }), intake, [row])
            sequence.append(key)
        }
        // Field checks of whole orders (country codes, currency, duplicate line ids), reported at the order's row.
        for key in sequence {
            guard let (firstRow, _, intake, rows) = orders[key] else { continue }
            do { try intake.validate(path: "") } catch {
                let path = error.field ?? ""
                let field = path.split(separator: ".").last.map(String.init) ?? "-"
                var row = firstRow
                if let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]"),
                    let line = Int(path[path.index(after: open)..<close]), line < rows.count
                {
                    row = rows[line]
                }
                issues.append(
                    ImportIssue(
                        row: row, column: csvColumn(field), value: error.value ?? "", message: error.message))
            }
        }
        if !issues.isEmpty { throw ASNCSVParser.rejected(issues.sorted { ($0.row, $0.column) < ($1.row, $1.column) }) }
        return sequence.compactMap { orders[$0]?.intake }
    }

    /// The CSV column of an intake field name (`postalCode` → `postal_code`, `lines[0]` → `line_id`).
    static func csvColumn(_ field: String) -> String {
        if field.hasPrefix("lines") { return "line_id" }
        var out = ""
        for character in field {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out.replacingOccurrences(of: "_i_d", with: "_id")
    }
}
