import Foundation
import Testing
import WMSCore

@Suite("Posting JSON")
struct PostingDecodingTests {
    static let valid = """
        {"clientOperationID": "op-1", "warehouse": "DE-FRA1", "actor": "ana",
         "movements": [{"sku": "S", "kind": "receipt", "quantity": 3, "to": {"location": "A-1", "bucket": "available"}}]}
        """

    @Test("optional fields take their defaults")
    func defaults() throws {
        let posting = try JSONDecoder().decode(Posting.self, from: Data(Self.valid.utf8))
        #expect(posting.documentReference == "")
        #expect(posting.device == "")
        #expect(posting.movements[0].lot == "")
        #expect(posting.movements[0].reason == "receipt")
        #expect(posting.movements[0].to == StockPosition(location: "A-1", bucket: .available))
        try posting.validate()
    }

    @Test(
        "unknown and missing fields are errors at their JSON path",
        arguments: [
            (#""actor": "ana","#, #""actor": "ana", "colour": "red","#, "colour"),
            (#""quantity": 3"#, #""qty": 3"#, "movements.0.qty"),
            (#""bucket": "available""#, #""bucket": "available", "bin": 2"#, "movements.0.to.bin"),
        ])
    func unknownFields(find: String, replace: String, path: String) {
        let json = Self.valid.replacingOccurrences(of: find, with: replace)
        do {
            _ = try JSONDecoder().decode(Posting.self, from: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch let DecodingError.dataCorrupted(context) {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            #expect(keys.joined(separator: ".") == path)
            #expect(context.debugDescription.contains("unknown field"))
        } catch let DecodingError.keyNotFound(key, _) {
            // "qty" replaces "quantity": the unknown field is reported first, never a silent default.
            Issue.record("reported missing \(key.stringValue) before the unknown field")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("a missing required field is reported")
    func missing() {
        let json = Self.valid.replacingOccurrences(of: #""actor": "ana","#, with: "")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Posting.self, from: Data(json.utf8)) }
    }

    @Test("an unknown bucket is refused")
    func unknownBucket() {
        let json = Self.valid.replacingOccurrences(of: #""available""#, with: #""lost""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Posting.self, from: Data(json.utf8)) }
    }
}
