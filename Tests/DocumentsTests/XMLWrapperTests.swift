import Foundation
import Testing

@testable import Documents

@Suite struct XMLWrapperTests {
    @Test func escapesMarkupAndKeepsUnicode() throws {
        var root = XMLElement("Root", attributes: [.init("note", "a \"quoted\" <b> & 'c'")])
        root.append("Text", "5 < 6 & 7 > 3 — 张伟 山田 Müller 🚚")
        let xml = try XMLDocument(root: root).serialized()
        #expect(xml.contains("<Text>5 &lt; 6 &amp; 7 &gt; 3 — 张伟 山田 Müller 🚚</Text>"))
        #expect(xml.contains("note=\"a &quot;quoted&quot; &lt;b&gt; &amp; 'c'\""))
        let reparsed = try XMLDocument(parsing: xml)
        #expect(reparsed.serialized() == xml)
    }

    @Test(arguments: ["\u{0}", "\u{1B}", "\u{8}", "\u{FFFE}", "\u{FFFF}", "\u{1F}"])
    func refusesCharactersXMLForbids(_ bad: String) throws {
        var root = XMLElement("Root")
        var line = XMLElement("Line")
        line.append("Description", "ok")
        root.append(line)
        var second = XMLElement("Line")
        second.append("Description", "bad\(bad)text")
        root.append(second)
        let error = #expect(throws: DocumentError.self) { try XMLDocument(root: root) }
        #expect(error?.code == .invalidCharacter)
        #expect(error?.issues.first?.path == "/Root/Line[2]/Description")
        #expect(error?.issues.first?.message.contains("is not allowed in XML") == true)
    }

    @Test func allowsTabNewlineAndCarriageReturn() throws {
        var root = XMLElement("Root")
        root.append("T", "a\tb\nc\rd")
        #expect(throws: Never.self) { try XMLDocument(root: root) }
    }

    @Test func refusesInvalidNames() {
        let error = #expect(throws: DocumentError.self) { try XMLDocument(root: XMLElement("1bad")) }
        #expect(error?.code == .invalidName)
    }

    @Test func malformedInputReportsLine() {
        let error = #expect(throws: DocumentError.self) { try XMLDocument(parsing: "<a>\n<b>\n</a>") }
        #expect(error?.code == .malformedXML)
        #expect(error?.issues.contains { $0.line == 3 } == true)
    }

    @Test func externalEntitiesAreNotLoaded() throws {
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"
        let document = try? XMLDocument(parsing: xml)
        #expect(document?.serialized().contains("root:") != true)
    }

    @Test func schemaErrorsNameElementPathAndLine() throws {
        let schema = try XMLSchema(path: Support.packageRoot + "/Schemas/h7.xsd")
        let request = try Support.request("eu-ioss")
        var xml = try Support.engine.xml(.h7, for: request)
        xml = xml.replacingOccurrences(
            of: "<CommodityCode>620610</CommodityCode>",
            with: "<CommodityCode>62061</CommodityCode>")
        let error = #expect(throws: DocumentError.self) { try schema.validate(XMLDocument(parsing: xml)) }
        #expect(error?.code == .schemaInvalid)
        let issue = try #require(error?.issues.first)
        #expect(issue.path == "/H7Declaration/GoodsItem[2]/CommodityCode")
        let expectedLine = xml.components(separatedBy: "\n").firstIndex { $0.contains("<CommodityCode>62061<") }! + 1
        #expect(issue.line == expectedLine)
    }

    @Test func inMemoryTreeFailureIsReportedWithLines() throws {
        let schema = try XMLSchema(path: Support.packageRoot + "/Schemas/label.xsd")
        let document = try XMLDocument(
            root: XMLElement("ShippingLabel", children: [.element(XMLElement("Oops", text: "x"))]))
        let error = #expect(throws: DocumentError.self) { try schema.validate(document) }
        #expect(error?.issues.first?.path == "/ShippingLabel/Oops")
        #expect(error?.issues.first?.line == 3)
    }

    @Test func xsltParametersAreLiteralStrings() throws {
        let path = try Support.temporaryFile(
            "p.xsl",
            Data(
                """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:output method="text"/><xsl:param name="p"/>
                  <xsl:template match="/"><xsl:value-of select="concat($p, '|', /r)"/></xsl:template>
                </xsl:stylesheet>
                """.utf8))
        let stylesheet = try XSLTStylesheet(path: path)
        let output = try stylesheet.transform(XMLDocument(parsing: "<r>x</r>"), parameters: ["p": "it's \"Shelf 4\""])
        #expect(output == "it's \"Shelf 4\"|x")
    }

    @Test func xsltTerminatingMessageFailsClosed() throws {
        let path = try Support.temporaryFile(
            "t.xsl",
            Data(
                """
                <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template match="/"><xsl:message terminate="yes">stop here</xsl:message></xsl:template>
                </xsl:stylesheet>
                """.utf8))
        let stylesheet = try XSLTStylesheet(path: path)
        let error = #expect(throws: DocumentError.self) { try stylesheet.transform(XMLDocument(parsing: "<r/>")) }
        #expect(error?.code == .transformFailed)
        #expect(error?.issues.contains { $0.message.contains("stop here") } == true)
    }

    @Test func missingResourcesAreReported() {
        let error = #expect(throws: DocumentError.self) { try XMLSchema(path: "/nonexistent/x.xsd") }
        #expect(error?.code == .resourceMissing)
    }
}

@Suite struct ErrorHandlerTests {
    @Test func previousStructuredHandlerIsRestored() throws {
        // Parsing with an error must not leave our collector installed: a second failing parse reports only its own.
        _ = try? XMLDocument(parsing: "<a>")
        let error = #expect(throws: DocumentError.self) { try XMLDocument(parsing: "<b></c>") }
        #expect(error?.issues.allSatisfy { !$0.message.contains("'a'") } == true)
    }
}
