internal import Foundation

/// Reads an ASN from CSV (RFC 4180 quoting; header row with column names in any order).
///
/// Columns: `container`, `sku`, `quantity` (required), `carton`, `lot`, `expiry`, `hs_code`, `origin`.
/// Every bad cell is reported with its row, column and value; nothing is returned unless all rows are good.
public enum ASNCSVParser {
    static let required = ["container", "sku", "quantity"]
    static let optional = ["carton", "lot", "expiry", "hs_code", "origin"]

    /// Parses `text`; throws `importRejected` with every issue found.
    public static func parse(_ text: String, id: String, warehouse: String, billOfLading: String = "") throws(FlowError)
        -> AdvanceShippingNotice
    {
        let (notice, issues) = try read(text, id: id, warehouse: warehouse, billOfLading: billOfLading)
        if !issues.isEmpty { throw rejected(issues) }
        return notice
    }

    /// Reads every row it can: the notice of the good rows and the issues of the bad ones (so a caller can add
    /// master-data issues and report them all at once). Throws only when the header is unusable.
    public static func read(_ text: String, id: String, warehouse: String, billOfLading: String = "") throws(FlowError)
        -> (notice: AdvanceShippingNotice, issues: [ImportIssue])
    {
        try read(records: records(text), id: id, warehouse: warehouse, billOfLading: billOfLading)
    }

    /// Reads rows of cells (the first is the header) the same way, from CSV or a spreadsheet.
    public static func read(
        records: [[String]], id: String, warehouse: String, billOfLading: String = "", excelDates: Bool = false
    ) throws(FlowError) -> (notice: AdvanceShippingNotice, issues: [ImportIssue]) {
        var issues: [ImportIssue] = []
        guard let header = records.first else {
            throw FlowError(
                .importRejected, field: "file", value: "", "the file is empty",
                issues: [
                    ImportIssue(row: 1, column: "-", value: "", message: "a header row is required")
                ])
        }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            if !(required + optional).contains(name) {
                issues.append(ImportIssue(row: 1, column: name, value: name, message: "unknown column"))
            } else if index[name] != nil {
                issues.append(ImportIssue(row: 1, column: name, value: name, message: "column appears twice"))
            }
            index[name] = position
        }
        for name in required where index[name] == nil {
            issues.append(ImportIssue(row: 1, column: name, value: "", message: "required column is missing"))
        }
        if !issues.isEmpty { throw rejected(issues) }
        var lines: [ASNLine] = []
        for (offset, cells) in records.dropFirst().enumerated() {
            let row = offset + 2
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ name: String) -> String {
                guard let position = index[name], position < cells.count else { return "" }
                return cells[position].trimmingCharacters(in: .whitespaces)
            }
            let container = cell("container"), sku = cell("sku"), quantityText = cell("quantity")
            let lot = cell("lot"), hs = cell("hs_code"), origin = cell("origin")
            var expiry = cell("expiry")
            if excelDates, let serial = Int(expiry), (1...2_958_465).contains(serial) { expiry = excelDate(serial) }
            if !isCode(container) {
                issues.append(
                    ImportIssue(
                        row: row, column: "container", value: container,
                        message: "must be a code of 1–40 letters, digits, - _ . /"))
            }
            if !isCode(sku, maxLength: 64) {
                issues.append(ImportIssue(row: row, column: "sku", value: sku, message: "must be a SKU code"))
            }
            let quantity = Int64(quantityText)
            if quantity == nil || quantity! <= 0 {
                issues.append(
                    ImportIssue(
                        row: row, column: "quantity", value: quantityText,
                        message: "must be a whole number greater than zero"))
            }
            if !lot.isEmpty, !isCode(lot, maxLength: 20) {
                issues.append(
                    ImportIssue(
                        row: row, column: "lot", value: lot, message: "must be a lot code of at most 20 characters"))
            }
            if !expiry.isEmpty, !isDate(expiry) {
                issues.append(
                    ImportIssue(row: row, column: "expiry", value: expiry, message: "must be a date YYYY-MM-DD"))
            }
            if !expiry.isEmpty, lot.isEmpty {
                issues.append(ImportIssue(row: row, column: "lot", value: "", message: "an expiry needs a lot"))
            }
            if !hs.isEmpty, !((6...10).contains(hs.count) && hs.allSatisfy(\.isASCIIDigit)) {
                issues.append(
                    ImportIssue(row: row, column: "hs_code", value: hs, message: "must be an HS code of 6 to 10 digits")
                )
            }
            if !origin.isEmpty, !(origin.count == 2 && origin.allSatisfy { $0.isASCII && $0.isUppercase }) {
                issues.append(
                    ImportIssue(
                        row: row, column: "origin", value: origin, message: "must be a two-letter ISO country code"))
            }
            lines.append(
                ASNLine(
                    row: row, container: container, carton: cell("carton"), sku: sku, quantity: quantity ?? 0,
                    lot: lot, expiry: expiry.isEmpty ? nil : expiry, hsCode: hs.isEmpty ? nil : hs,
                    origin: origin.isEmpty ? nil : origin))
        }
        if lines.isEmpty, issues.isEmpty {
            issues.append(ImportIssue(row: 2, column: "-", value: "", message: "the ASN has no lines"))
        }
        return (AdvanceShippingNotice(id: id, warehouse: warehouse, billOfLading: billOfLading, lines: lines), issues)
    }

    static func rejected(_ issues: [ImportIssue]) -> FlowError {
        FlowError(
            .importRejected, field: "row \(issues[0].row)", value: issues[0].value,
            "\(issues.count) problem\(issues.count == 1 ? "" : "s") in the file; nothing was imported (first: \(issues[0]))",
            issues: issues)
    }

    static func isCode(_ text: String, maxLength: Int = 40) -> Bool {
        !text.isEmpty && text.count <= maxLength
            && text.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./".unicodeScalars.contains($0))
            }
    }

    /// A spreadsheet date serial (days since 1899-12-30, as Excel counts) as `YYYY-MM-DD`.
    static func excelDate(_ serial: Int) -> String {
        // Civil from days (days since 1970-01-01), Howard Hinnant's algorithm.
        let days = serial - 25_569
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && (1...days[month - 1]).contains(day)
    }

    /// Splits CSV text into records of cells (quotes, doubled quotes, CRLF and newlines inside quotes).
    public static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let char = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if char == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(char)
                }
                continue
            }
            switch char {
            case "\"" where cell.isEmpty: quoted = true
            case ",": record.append(cell); cell = ""
            case "\n", "\r\n", "\r":
                record.append(cell); cell = ""
                records.append(record); record = []
            default: cell.append(char)
            }
        }
        if !cell.isEmpty || !record.isEmpty {
            record.append(cell)
            records.append(record)
        }
        return records
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
