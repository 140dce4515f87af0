import Documents
import Foundation
import Testing

@Suite struct RenderTests {
    @Test(arguments: ["label-lithium", "eu-ioss"])
    func labelPNGDecodesToItsInput(fixture: String) throws {
        guard let zbarimg = Support.tool("zbarimg") else { Issue.record("zbarimg missing (zbar-tools)"); return }
        let request = try Support.request(fixture)
        let png = try Support.engine.output(.label, for: request, format: .png, language: .en)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let file = try Support.temporaryFile("label.png", png)
        if ProcessInfo.processInfo.environment["BONDED_KEEP_RENDERS"] == "1" {
            try? png.write(to: URL(fileURLWithPath: "/tmp/\(fixture)-label.png"))
        }
        let (status, out, err) = try Support.run(zbarimg, ["--quiet", "--xml", file])
        #expect(status == 0, "\(err)")
        let symbols = out.split(separator: "\n").filter { $0.hasPrefix("<symbol ") }.map(String.init)
        let sscc = GS1.sscc(request.tracking!.sscc!)!
        let reference = request.tracking?.s10 ?? request.tracking?.waybill ?? sscc
        #expect(symbols.count == 2, "decoded: \(symbols)")
        #expect(
            symbols.contains {
                $0.contains("type='QR-Code'") && $0.contains("<![CDATA[BONDED:\(request.id):\(reference)]]>")
            },
            "decoded: \(symbols)")
        // zbar marks a Code 128 symbol that starts with FNC1 as GS1; its data is the element string (00) + SSCC.
        #expect(
            symbols.contains {
                $0.contains("type='CODE-128'") && $0.contains("modifiers='GS1'")
                    && $0.contains("<![CDATA[00\(sscc)]]>")
            }, "decoded: \(symbols)")
    }

    @Test(arguments: [
        (DocumentLanguage.zh, ["海关申报单", "内件详细名称", "寄件人"]),
        (DocumentLanguage.ja, ["税関告知書", "内容品の詳細な記載", "差出人"]),
    ])
    func cn23PDFHasRealCJKGlyphs(language: DocumentLanguage, phrases: [String]) throws {
        guard let pdftotext = Support.tool("pdftotext") else {
            Issue.record("pdftotext missing (poppler-utils)"); return
        }
        let pdf = try Support.engine.output(
            .cn23, for: Support.request("label-lithium"), format: .pdf, language: language)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let file = try Support.temporaryFile("cn23.pdf", pdf)
        if ProcessInfo.processInfo.environment["BONDED_KEEP_RENDERS"] == "1" {
            try? pdf.write(to: URL(fileURLWithPath: "/tmp/cn23-\(language.rawValue).pdf"))
        }
        let (status, text, err) = try Support.run(pdftotext, ["-enc", "UTF-8", file, "-"])
        #expect(status == 0, "\(err)")
        for phrase in phrases { #expect(text.contains(phrase), "missing \(phrase) in \(text.prefix(400))") }
        #expect(text.contains("CUSTOMS DECLARATION CN 23"))
        #expect(text.contains("山田 太郎"))
    }

    @Test func svgWithoutSizeIsRefused() {
        let error = #expect(throws: DocumentError.self) {
            try SVGRenderer.png(svg: "<svg xmlns='http://www.w3.org/2000/svg'/>")
        }
        #expect(error?.code == .renderFailed)
        #expect(throws: DocumentError.self) { try SVGRenderer.pdf(svg: "not svg") }
    }

    @Test func formatsWithoutPrintableFormAreRefused() throws {
        let error = #expect(throws: DocumentError.self) {
            try Support.engine.output(.h7, for: Support.request("eu-ioss"), format: .pdf)
        }
        #expect(error?.code == .invalidRequest)
    }
}
