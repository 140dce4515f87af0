import Testing
import WMSCore

@Suite("GS1 check digits")
struct GS1Tests {
    /// Worked examples from DOMAIN.md plus codes computed by hand.
    @Test(
        "check digit of a payload",
        arguments: [
            ("400638133393", 1),  // GTIN-13 from DOMAIN.md
            ("37610425002123456", 9),  // SSCC-18 from DOMAIN.md
            ("9638507", 4),  // GTIN-8
            ("03600029145", 2),  // GTIN-12 (UPC-A)
            ("1061414100001", 9),  // GTIN-14 payload
        ])
    func checkDigit(payload: String, expected: Int) {
        #expect(GS1.checkDigit(forPayload: payload) == expected)
    }

    /// Against a direct reference implementation for every 12-digit payload in a sampled range.
    @Test("agrees with the reference definition")
    func reference() {
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<2_000 {
            let digits = (0..<12).map { _ in Int.random(in: 0...9, using: &generator) }
            var sum = 0
            for (position, digit) in digits.reversed().enumerated() { sum += digit * (position % 2 == 0 ? 3 : 1) }
            let expected = (10 - sum % 10) % 10
            #expect(GS1.checkDigit(forPayload: digits.map(String.init).joined()) == expected)
        }
    }

    @Test("valid GTINs are accepted")
    func valid() throws {
        #expect(try GTIN("4006381333931").digits == "4006381333931")
        #expect(try GTIN("96385074").digits == "96385074")
    }

    @Test(
        "malformed GTINs are refused naming the field and the expected digit",
        arguments: [
            ("4006381333932", "expected 1"),
            ("40063813339", "8, 12, 13 or 14 digits"),
            ("40063813339X1", "digits only"),
            ("", "8, 12, 13 or 14 digits"),
        ])
    func invalid(code: String, message: String) {
        do {
            _ = try GTIN(code, field: "lines[0].gtin")
            Issue.record("\(code) accepted")
        } catch let error as WMSError {
            #expect(error.code == .invalidField)
            #expect(error.field == "lines[0].gtin")
            #expect(error.message.contains(message), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
