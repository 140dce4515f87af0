import Foundation
import Testing
import WMSCore

@Suite("Ledger model")
struct LedgerModelTests {
    static let entry = LedgerEntry(
        warehouse: "DE-FRA1", sequence: 1, leg: 0, clientOperationID: "op-1", sku: "SKU-1", lot: "",
        kind: .receipt, from: nil, to: StockPosition(location: "A-1", bucket: .available), quantity: 10,
        reason: "receipt", documentReference: "ASN-1", actor: "ana", device: "scanner-7",
        recordedAtMilliseconds: 1_795_000_000_000, reservationID: nil, previousHash: LedgerHasher.genesisHash,
        hash: "")

    @Test("the canonical encoding is stable (golden)")
    func goldenEncoding() {
        let text = String(decoding: LedgerHasher.canonicalEncoding(of: Self.entry), as: UTF8.self)
        #expect(
            text == "16:bonded-ledger-v1;7:DE-FRA1;1:1;1:0;4:op-1;5:SKU-1;0:;7:receipt;1:-;1:-;3:A-1;9:available;"
                + "2:10;7:receipt;5:ASN-1;3:ana;9:scanner-7;13:1795000000000;1:-;64:\(LedgerHasher.genesisHash);")
        // sha256 of the line above, computed independently with `sha256sum`.
        #expect(LedgerHasher.hash(of: Self.entry) == Self.expectedHash)
    }

    static let expectedHash = "9258159d56868cd6eb186d5a1093bc00eb52a9ba89cb3b9163246866d75840fd"

    @Test("numbers are encoded as their decimal text, sign and all", arguments: [
        Int64(0), 7, 9, 10, 99, 100, 1_795_000_000_000, -1, -10, -12_345, .max, .min,
    ])
    func numberEncoding(value: Int64) {
        var entry = Self.entry
        entry.recordedAtMilliseconds = value
        entry.sequence = value
        let text = String(decoding: LedgerHasher.canonicalEncoding(of: entry), as: UTF8.self)
        let field = "\(String(value).utf8.count):\(value);"
        #expect(text.hasPrefix("16:bonded-ledger-v1;7:DE-FRA1;" + field))
        #expect(text.contains("ana;9:scanner-7;" + field))
    }

    @Test("every field is covered by the hash")
    func everyFieldCounts() {
        let base = LedgerHasher.hash(of: Self.entry)
        var changes: [LedgerEntry] = []
        var copy = Self.entry
        copy.warehouse = "DE-FRA2"; changes.append(copy); copy = Self.entry
        copy.sequence = 2; changes.append(copy); copy = Self.entry
        copy.leg = 1; changes.append(copy); copy = Self.entry
        copy.clientOperationID = "op-2"; changes.append(copy); copy = Self.entry
        copy.sku = "SKU-2"; changes.append(copy); copy = Self.entry
        copy.lot = "L"; changes.append(copy); copy = Self.entry
        copy.to = StockPosition(location: "A-1", bucket: .frozen); changes.append(copy); copy = Self.entry
        copy.quantity = 11; changes.append(copy); copy = Self.entry
        copy.reason = "x"; changes.append(copy); copy = Self.entry
        copy.documentReference = "ASN-2"; changes.append(copy); copy = Self.entry
        copy.actor = "bo"; changes.append(copy); copy = Self.entry
        copy.device = "d"; changes.append(copy); copy = Self.entry
        copy.recordedAtMilliseconds += 1; changes.append(copy); copy = Self.entry
        copy.reservationID = "r"; changes.append(copy); copy = Self.entry
        copy.previousHash = String(repeating: "1", count: 64); changes.append(copy)
        // Shifting a character between adjacent fields must not collide (length prefixes).
        copy = Self.entry
        copy.actor = "an"; copy.device = "ascanner-7"; changes.append(copy)
        for changed in changes { #expect(LedgerHasher.hash(of: changed) != base) }
    }

    @Test("a plan chains entries on top of the head")
    func plan() {
        let posting = Posting(
            clientOperationID: "op", warehouse: "W", actor: "a",
            movements: [
                .transfer(
                    sku: "S", quantity: 5, from: StockPosition(location: "A", bucket: .available),
                    to: StockPosition(location: "B", bucket: .available), reason: "move"),
                .transfer(
                    sku: "S", quantity: 5, from: StockPosition(location: "B", bucket: .available),
                    to: StockPosition(location: "C", bucket: .frozen), reason: "hold"),
            ])
        let plan = LedgerPlan(
            posting: posting, head: ChainHead(warehouse: "W", sequence: 41, hash: "abc"),
            recordedAtMilliseconds: 0)
        #expect(plan.entries.map(\.sequence) == [42, 43])
        #expect(plan.entries[0].previousHash == "abc")
        #expect(plan.entries[1].previousHash == plan.entries[0].hash)
        #expect(plan.newHead == ChainHead(warehouse: "W", sequence: 43, hash: plan.entries[1].hash))
        #expect(plan.entries.allSatisfy { LedgerHasher.hash(of: $0) == $0.hash })
    }

    @Test(
        "posting shapes are validated with field paths",
        arguments: [
            (
                Movement(
                    sku: "S", kind: .receipt, from: StockPosition(location: "A", bucket: .available),
                    to: StockPosition(location: "B", bucket: .available), quantity: 1, reason: "r"), "movements[0].from"
            ),
            (
                Movement(
                    sku: "S", kind: .shipment, from: StockPosition(location: "A", bucket: .frozen), to: nil,
                    quantity: 1,
                    reason: "r"), "movements[0].from.bucket"
            ),
            (
                Movement(
                    sku: "S", kind: .transfer, from: StockPosition(location: "A", bucket: .available),
                    to: StockPosition(location: "A", bucket: .available), quantity: 1, reason: "r"), "movements[0].to"
            ),
            (
                Movement(
                    sku: "S", kind: .receipt, from: nil, to: StockPosition(location: "", bucket: .available),
                    quantity: 1,
                    reason: "r"), "movements[0].to.location"
            ),
            (
                Movement(
                    sku: "S", kind: .receipt, from: nil, to: StockPosition(location: "A", bucket: .pendingDestruction),
                    quantity: 1, reason: "r"), "movements[0].to.bucket"
            ),
            (
                Movement(
                    sku: "", kind: .receipt, from: nil, to: StockPosition(location: "A", bucket: .available),
                    quantity: 1,
                    reason: "r"), "movements[0].sku"
            ),
            (
                Movement(
                    sku: "S", kind: .receipt, from: nil, to: StockPosition(location: "A", bucket: .available),
                    quantity: 1,
                    reason: ""), "movements[0].reason"
            ),
            (
                Movement(
                    sku: "S", kind: .transfer, from: StockPosition(location: "A", bucket: .available),
                    to: StockPosition(location: "B", bucket: .available), quantity: 1, reason: "r", reservationID: "x"),
                "movements[0].reservationID"
            ),
        ])
    func invalidShapes(movement: Movement, field: String) {
        let posting = Posting(clientOperationID: "op", warehouse: "W", actor: "a", movements: [movement])
        do {
            try posting.validate()
            Issue.record("accepted \(movement)")
        } catch let error as WMSError {
            #expect(error.field == field, "\(error.debugDescription)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "master data validation names the field",
        arguments: [
            (
                Warehouse(
                    code: "W 1", name: "n", country: "DE", timeZone: "Europe/Berlin", currency: "EUR", languages: ["en"]
                ),
                "warehouse.code"
            ),
            (
                Warehouse(
                    code: "W1", name: "n", country: "de", timeZone: "Europe/Berlin", currency: "EUR", languages: ["en"]),
                "warehouse.country"
            ),
            (
                Warehouse(
                    code: "W1", name: "n", country: "DE", timeZone: "Mars/Olympus", currency: "EUR", languages: ["en"]),
                "warehouse.timeZone"
            ),
            (
                Warehouse(
                    code: "W1", name: "n", country: "DE", timeZone: "Europe/Berlin", currency: "EURO", languages: ["en"]
                ),
                "warehouse.currency"
            ),
            (
                Warehouse(
                    code: "W1", name: "n", country: "DE", timeZone: "Europe/Berlin", currency: "EUR", languages: ["fr"]),
                "warehouse.languages[0]"
            ),
        ])
    func warehouseValidation(warehouse: Warehouse, field: String) {
        #expect(performing: { try warehouse.validate() }, throws: { ($0 as? WMSError)?.field == field })
    }

    @Test("product and lot validation")
    func productValidation() {
        let bad: [(Product, String)] = [
            (Product(sku: "S", description: "d", hsCode: "12AB56"), "product.hsCode"),
            (Product(sku: "S", description: "d", unNumber: "3480"), "product.unNumber"),
            (Product(sku: "S", description: "d", netWeightGrams: -1), "product.netWeightGrams"),
            (
                Product(
                    sku: "S", description: "d",
                    battery: BatteryAttributes(
                        chemistry: .lithiumIon, packing: .alone, stateOfChargePercent: 130)),
                "product.battery.stateOfChargePercent"
            ),
        ]
        for (product, field) in bad {
            #expect(performing: { try product.validate() }, throws: { ($0 as? WMSError)?.field == field })
        }
        #expect(
            performing: { try Lot(sku: "S", lot: "L", expiry: "2027-02-30").validate() },
            throws: { ($0 as? WMSError)?.field == "lot.expiry" })
        #expect(throws: Never.self) { try Lot(sku: "S", lot: "L", expiry: "2028-02-29").validate() }
        #expect(throws: Never.self) { try DemoNetwork.products.forEach { try $0.validate() } }
    }
}
