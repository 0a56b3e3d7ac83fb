import CLibXML2
import Foundation
import KabarTesting
import Testing
@testable import KabarHTML

/// `SelectorMatcher.Program` (the flat compiled form matching reads in place) against the
/// compounds' Swift values it replaced (`referenceMatches`) and against libxml2's XPath of the
/// same selector, element by element, on a constructed page covering every combinator,
/// attribute operator, pseudo-class and `:not` form the matcher handles.
struct SelectorProgramTests {
    /// Constructed page: classes and ids with odd white space and case, attributes with and
    /// without values, siblings for the `nth` forms, empty elements, nested lists.
    static let constructedPage = """
    <html lang="en-GB"><head><title>t</title><link rel="canonical" href="https://x.test/a">
    <meta name="keywords" content="a, b"><meta property="og:url" content="https://x.test/a"></head>
    <body class="  page\tBody  ">
    <div id="main" class="artikel tubuh-berita" data-x="Foo-Bar baz">
      <h1 class="title">Head</h1>
      <p class="lead v-box">one <b>Baca juga</b> <a href="/read/1" rel="next nofollow">x</a></p>
      <p></p>
      <p class=" ads-top  other">two</p>
      <div id="ads_1" class="x v-player"><iframe src="a.jpg"></iframe></div>
      <ul><li>1</li><li class="a">2</li><li>3</li><li class="a b">4</li><li>5</li></ul>
      <ol><li lang="en">only</li></ol>
      <span>s1</span><em>e</em><span>s2</span><span title="">s3</span>
      <p id="Main" class="loading-gif">three</p>
      <form><input type="TEXT" name="q"></form>
    </div>
    <div class="paging-artikel"><ul><li class="active"><a data-ci-pagination-page="2" href="/2">2</a></li></ul></div>
    <div class="baca-juga editor">(rca)</div>
    <table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>
    </body></html>
    """

    static let selectors = [
        // Tags, ids, classes, groups.
        "p", "*", "div", "#main", "#Main", ".artikel", ".page", ".Body", ".a.b", "li.a", "div#main.artikel",
        "h1, p.lead, #ads_1", "p, p", "x-none", "[id]",
        // Attribute operators, with and without the i flag, and on values with spaces.
        "[data-x]", "[data-x=\"Foo-Bar baz\"]", "[data-x='foo-bar baz' i]", "[data-x^=Foo]", "[data-x^=foo i]",
        "[data-x$=baz]", "[data-x$=BAZ i]", "[data-x*=\"-Bar\"]", "[data-x*=bar i]", "[data-x~=baz]", "[data-x~=Foo-Bar]",
        "[data-x|=Foo]", "[data-x|=foo i]", "[lang|=en]", "[rel~=next]", "[title]", "[title=\"\"]", "[title^=\"\"]",
        "input[type=text i]", "input[type=text]", "[href$='.jpg']", "[src$='.jpg']",
        "[id^=\"ads_\"]", "[class^=\"v-\"]", "[class*=\" v-\"]", "[class^=\"ads-\"]", "[class*=\" ads-\"]",
        "[class*=\"loading\"]", "[class*=\"baca-juga\"]",
        // Combinators.
        "div p", "div > p", "body > div > p", "h1 + p", "h1 ~ p", "span + span", "span ~ span", "em + span",
        "ul li", "div ul > li", "div > ul li.a", "#main li", "body div p b", "p + p + p", "h1 ~ p ~ div",
        ".paging-artikel li.active a[data-ci-pagination-page]", "table tr td", "tr > td:last-child",
        // Pseudo-classes.
        "li:first-child", "li:last-child", "li:only-child", "li:nth-child(2n+1)", "li:nth-child(even)",
        "li:nth-child(-n+3)", "li:nth-child(3)", "li:nth-last-child(2)", "td:nth-last-child(odd)",
        "span:first-of-type", "span:last-of-type", "span:nth-of-type(2)", "li:only-of-type", "p:empty", ":empty",
        ":root", "html:root", "td:nth-child(0n+2)",
        // :not, with lists, classes, attributes, tags and a :not inside.
        "p:not(.lead)", "div:not(.artikel) > ul li", "li:not(.a, :first-child)", "p:not([class])",
        "*:not(p):not(li)", "span:not([title])", "li:not(:not(.a))", ":not(div) > a",
        // The SINDOnews noise selector: 18 alternatives over every element.
        "ins, iframe, script, noscript, style, form, [id^=\"ads_\"], .adsbygoogle, [class^=\"v-\"], [class*=\" v-\"], .v-youtube, .paging-artikel, .paging-all, .editor, [class^=\"ads-\"], [class*=\" ads-\"], [class*=\"loading\"], [class*=\"baca-juga\"]",
    ]

    static func elements(of doc: HTMLDocument) -> [xmlNodePtr] {
        doc.select("*").map { $0.ptr }
    }

    @Test func programMatchesTheReferenceOnEveryElement() throws {
        let doc = try HTMLDocument(html: Self.constructedPage)
        let elements = Self.elements(of: doc)
        #expect(elements.count > 40)
        let scope = doc.documentNode
        var matched = 0
        for selector in Self.selectors {
            let matcher = try SelectorMatcher.forSelector(selector)
            for element in elements {
                for alternative in matcher.alternatives {
                    let fast = matcher.matches(alternative, 0, element, scope: scope)
                    let reference = matcher.referenceMatches(alternative, 0, element, scope: scope)
                    #expect(fast == reference, "\(selector) on <\(String(cString: element.pointee.name))>: \(fast), reference \(reference)")
                    if fast { matched += 1 }
                }
            }
        }
        #expect(matched > 150)   // the page is not one nothing matches
    }

    @Test func programSelectsAsXPath() throws {
        let doc = try HTMLDocument(html: Self.constructedPage)
        for selector in Self.selectors {
            let native = try doc.selectOrThrow(selector)
            let reference = try doc.selectWithXPath(selector)
            #expect(native == reference, "\(selector): \(native.count) native, \(reference.count) XPath")
        }
        // Scoped: below the main div, through the walk and the index alike.
        let main = try #require(doc.first("#main"))
        for selector in ["p", "div > p", "li:first-child", "span ~ span", "[class*=\" v-\"]", ":not(p)"] {
            let native = try main.selectOrThrow(selector)
            let reference = try main.xpath(CSSSelector.xpath(for: selector))
            #expect(native == reference, "\(selector) below #main")
        }
    }

    /// An attribute whose value is several nodes (a tree built by code, not by the HTML
    /// parser) is read through `xmlGetProp`, as before.
    @Test func attributeOfSeveralNodes() throws {
        let doc = try HTMLDocument(html: "<div><p class=\"x\">a</p></div>")
        let p = try #require(doc.first("p"))
        let attr = try #require(p.ptr.pointee.properties)
        let extra = try #require(xmlNewDocText(p.ptr.pointee.doc, " yz"))
        xmlAddChild(UnsafeMutableRawPointer(attr).assumingMemoryBound(to: xmlNode.self), extra)
        for selector in [".yz", ".x", "[class=\"x yz\"]", "[class$=yz]", "p:not(.yz)", "[id=q], [class$=yz]"] {
            let matcher = try SelectorMatcher.forSelector(selector)
            let alternative = matcher.alternatives[0]
            #expect(matcher.matches(alternative, 0, p.ptr, scope: doc.documentNode)
                    == matcher.referenceMatches(alternative, 0, p.ptr, scope: doc.documentNode), "\(selector)")
        }
        #expect(try SelectorMatcher.forSelector(".yz").matches(SelectorMatcher.forSelector(".yz").alternatives[0], 0, p.ptr, scope: doc.documentNode))
    }
}
