import CLibXML2
import Foundation
import Testing

/// The libxml2 Kabar runs on is the one compiled in the package (Sources/CLibXML2): 2.15.4, its
/// headers and its code from the same place, with the features Kabar uses and without ICU.
@Suite struct LibraryBuildTests {
    @Test func theLibraryIsThePackagesOwn() {
        // The headers' version; the code's is seen through what only 2.14 and later do (below).
        #expect(LIBXML_VERSION == 21504)
    }

    @Test func itReadsHTMLAndXMLAndEvaluatesXPath() throws {
        let page = Array("<p class=a>Caf\u{E9} &mldr;</p><p>two</p>".utf8)
        let doc = try #require(page.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                htmlReadMemory($0, Int32(bytes.count), "constructed.html", "UTF-8", Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue))
            }
        })
        defer { xmlFreeDoc(doc) }
        let context = try #require(xmlXPathNewContext(doc))
        defer { xmlXPathFreeContext(context) }
        let result = try #require(xmlXPathEvalExpression("string(//p[@class='a'])", context))
        defer { xmlXPathFreeObject(result) }
        // `&mldr;` is an HTML5 reference: 2.9's HTML 4 table left it as text.
        #expect(String(cString: result.pointee.stringval) == "Caf\u{E9} \u{2026}")

        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>caf".utf8) + [0xE9] + Array("</r>".utf8)
        let xml = try #require(latin1.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                xmlReadMemory($0, Int32(bytes.count), "constructed.xml", nil, Int32(XML_PARSE_NONET.rawValue))
            }
        })
        defer { xmlFreeDoc(xml) }
        // ISO-8859-1 through iconv (the build has no ICU).
        let text = try #require(xmlNodeGetContent(xmlDocGetRootElement(xml)))
        defer { kabar_xml_free(text) }
        #expect(String(cString: text) == "caf\u{E9}")
    }
}
