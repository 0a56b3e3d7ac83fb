import Testing
@testable import KabarHTML

/// The `id`s of the elements `css` matches in `doc`, in the order they come back.
private func ids(_ doc: HTMLDocument, _ css: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    do {
        return try doc.selectOrThrow(css).map { $0["id"] ?? "<\($0.tag)>" }
    } catch {
        Issue.record("\(css): \(error)", sourceLocation: sourceLocation)
        return []
    }
}

/// The error `css` fails with, or nil when it compiles.
private func compileError(_ css: String) -> CSSSelectorError? {
    do {
        _ = try CSSSelector.xpath(for: css)
        return nil
    } catch {
        return error
    }
}

private let siblingsHTML = """
<html><head><title>t</title>
<meta name="keywords" content="news, politics">
<meta property="og:title" content="Headline">
<link rel="author" href="/people/ana">
</head><body>
<div id="d1" class="a b">
  <p id="p1" class="first">One</p>
  <!-- a comment between siblings -->
  <p id="p2">Two</p>
  text between siblings
  <span id="s1">S1</span>
  <p id="p3" class="c">Three</p>
  <span id="s2">S2</span>
  <p id="p4">Four</p>
  <p id="p5">Five</p>
</div>
<div id="d2" class="a">
  <!-- comment --> some text
  <p id="p6">Only <b id="b1">bold</b> child</p>
</div>
<div id="d3"></div>
</body></html>
"""

@Suite("CSSSelector")
struct CSSSelectorTests {
    // MARK: Exact XPath for simple selectors

    @Test func simpleSelectorsCompileToExpectedXPath() throws {
        #expect(try CSSSelector.xpath(for: "p") == "descendant::p")
        #expect(try CSSSelector.xpath(for: "*") == "descendant::*")
        #expect(try CSSSelector.xpath(for: "DIV") == "descendant::div")
        #expect(try CSSSelector.xpath(for: "#main") == "descendant::*[@id='main']")
        #expect(try CSSSelector.xpath(for: ".a")
            == "descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' a ')]")
        #expect(try CSSSelector.xpath(for: "[data-src]") == "descendant::*[@data-src]")
        #expect(try CSSSelector.xpath(for: "a[rel=author]") == "descendant::a[@rel='author']")
        #expect(try CSSSelector.xpath(for: "div > p") == "descendant::div/child::p")
        #expect(try CSSSelector.xpath(for: "div p") == "descendant::div/descendant::p")
        #expect(try CSSSelector.xpath(for: "h1, h2") == "descendant::h1 | descendant::h2")
        #expect(try CSSSelector.xpath(for: "li:first-child") == "descendant::li[count(preceding-sibling::*)=0]")
        #expect(try CSSSelector.xpath(for: "  div  >  p  ") == "descendant::div/child::p")
    }

    @Test func quotesInValuesProduceValidXPath() throws {
        #expect(try CSSSelector.xpath(for: #"[title="it's"]"#) == #"descendant::*[@title="it's"]"#)
        #expect(try CSSSelector.xpath(for: #"[title='say "hi"']"#) == #"descendant::*[@title='say "hi"']"#)
        #expect(try CSSSelector.xpath(for: #"[title="He said \"it's\""]"#)
            == #"descendant::*[@title=concat('He said "it', "'", 's"')]"#)

        let doc = try HTMLDocument(html: """
            <html><body>
            <p id="x1" title='He said "it&#39;s"'>a</p>
            <p id="x2" title="it's">b</p>
            <p id="x3" title='say "hi"'>c</p>
            </body></html>
            """)
        #expect(ids(doc, #"[title="He said \"it's\""]"#) == ["x1"])
        #expect(ids(doc, #"[title='He said "it\'s"']"#) == ["x1"])
        #expect(ids(doc, #"[title="it's"]"#) == ["x2"])
        #expect(ids(doc, #"[title='say "hi"']"#) == ["x3"])
        #expect(ids(doc, #"[title*="'"]"#) == ["x1", "x2"])
        #expect(ids(doc, #"[title$="\"it's\""]"#) == ["x1"])
    }

    // MARK: Simple selectors against a document

    @Test func typeUniversalIdAndClass() throws {
        let doc = try HTMLDocument(html: siblingsHTML)
        #expect(ids(doc, "span") == ["s1", "s2"])
        #expect(ids(doc, "SPAN") == ["s1", "s2"])
        #expect(ids(doc, "#p3") == ["p3"])
        #expect(ids(doc, "p#p3") == ["p3"])
        #expect(ids(doc, "span#p3").isEmpty)
        #expect(ids(doc, ".a") == ["d1", "d2"])
        #expect(ids(doc, ".a.b") == ["d1"])
        #expect(ids(doc, "div.b") == ["d1"])
        #expect(ids(doc, ".c") == ["p3"])
        // Class matching is by whole word, not substring.
        #expect(ids(doc, ".firs").isEmpty)
        #expect(ids(doc, "#d3 *").isEmpty)
        #expect(ids(doc, "#d2 *") == ["p6", "b1"])
        #expect(doc.select("*").first?.tag == "html")
    }

    @Test func classWithOddWhitespaceAndEscapes() throws {
        let doc = try HTMLDocument(html: """
            <html><body>
            <div id="a" class="  one\ttwo
              three ">x</div>
            <div id="b" class="md:flex w-1/2">y</div>
            <div id="c" class="123 café">z</div>
            </body></html>
            """)
        #expect(ids(doc, ".two") == ["a"])
        #expect(ids(doc, ".one.three") == ["a"])
        #expect(ids(doc, #".md\:flex"#) == ["b"])
        #expect(ids(doc, #".w-1\/2"#) == ["b"])
        #expect(ids(doc, #".\31 23"#) == ["c"])
        #expect(ids(doc, ".café") == ["c"])
    }

    @Test func attributeSelectors() throws {
        let doc = try HTMLDocument(html: """
            <html><head>
            <meta id="m1" name="keywords" content="news, politics">
            <meta id="m2" property="og:title" content="Headline">
            <meta id="m3" property="og:image" content="https://cdn.example.com/a.JPG">
            <link id="l1" rel="author" href="/people/ana">
            <link id="l2" rel="alternate stylesheet" href="/alt.css">
            </head><body>
            <img id="i1" data-src="https://cdn.example.com/x.jpg" src="blank.gif">
            <img id="i2" src="https://example.com/y.png" DATA-SRC="">
            <p id="t1" lang="en-US">a</p>
            <p id="t2" lang="en">b</p>
            <p id="t3" lang="eng">c</p>
            <p id="t4" title="café crème">d</p>
            <input id="f1" type="TEXT"><input id="f2" type="text"><input id="f3">
            </body></html>
            """)
        #expect(ids(doc, "[data-src]") == ["i1", "i2"])
        #expect(ids(doc, "[DATA-SRC]") == ["i1", "i2"])
        #expect(ids(doc, "img[data-src='']") == ["i2"])
        #expect(ids(doc, "meta[name=keywords]") == ["m1"])
        #expect(ids(doc, "link[rel=author]") == ["l1"])
        #expect(ids(doc, #"meta[property="og:title"]"#) == ["m2"])
        #expect(ids(doc, "meta[property='og:title']") == ["m2"])
        #expect(ids(doc, "meta[property=og:title]") == ["m2"])
        #expect(ids(doc, #"[ property = "og:title" ]"#) == ["m2"])
        #expect(ids(doc, "[property^=og]") == ["m2", "m3"])
        #expect(ids(doc, "[content^='https://cdn']") == ["m3"])
        #expect(ids(doc, #"[data-src$=".jpg"]"#) == ["i1"])
        #expect(ids(doc, #"[content$=".jpg"]"#).isEmpty) // case-sensitive value
        #expect(ids(doc, #"[content$=".jpg" i]"#) == ["m3"])
        #expect(ids(doc, #"[title$="crème"]"#) == ["t4"])
        #expect(ids(doc, "[src*=example]") == ["i2"])
        #expect(ids(doc, "[data-src*=example]") == ["i1"])
        #expect(ids(doc, "[rel~=stylesheet]") == ["l2"])
        #expect(ids(doc, "[rel~=style]").isEmpty)
        #expect(ids(doc, "[lang|=en]") == ["t1", "t2"])
        #expect(ids(doc, "input[type=text]") == ["f2"])
        #expect(ids(doc, "input[type=text i]") == ["f1", "f2"])
        #expect(ids(doc, "input[type='TEXT' s]") == ["f1"])
        // Empty values never match the substring operators.
        #expect(ids(doc, "[src^='']").isEmpty)
        #expect(ids(doc, "[src$='']").isEmpty)
        #expect(ids(doc, "[src*='']").isEmpty)
    }

    // MARK: Combinators

    @Test func combinators() throws {
        let doc = try HTMLDocument(html: siblingsHTML)
        #expect(ids(doc, "div p") == ["p1", "p2", "p3", "p4", "p5", "p6"])
        #expect(ids(doc, "div b") == ["b1"])
        #expect(ids(doc, "div > b").isEmpty)
        #expect(ids(doc, "p > b") == ["b1"])
        #expect(ids(doc, "body>div>p>b") == ["b1"])
        // `+` is the next element sibling, skipping text and comments.
        #expect(ids(doc, "#p1 + p") == ["p2"])
        #expect(ids(doc, "#p1 + span").isEmpty)
        #expect(ids(doc, "#p2 + span") == ["s1"])
        #expect(ids(doc, "p + p") == ["p2", "p5"])
        #expect(ids(doc, "#p1 ~ span") == ["s1", "s2"])
        // Matches reached from several spans come back once, in document order.
        #expect(ids(doc, "span ~ p") == ["p3", "p4", "p5"])
        #expect(ids(doc, "span~p+p") == ["p5"])
        #expect(ids(doc, "div\n\t>\n  p.c") == ["p3"])
        #expect(ids(doc, ".a .first ~ .c") == ["p3"])
    }

    // MARK: Pseudo-classes

    @Test func structuralPseudoClassesCountElementsOnly() throws {
        let doc = try HTMLDocument(html: siblingsHTML)
        #expect(ids(doc, "#d1 > :first-child") == ["p1"])
        #expect(ids(doc, "#d1 > :last-child") == ["p5"])
        #expect(ids(doc, "#d1 > p:first-child") == ["p1"])
        #expect(ids(doc, "#d1 > span:first-child").isEmpty)
        #expect(ids(doc, "p:only-child") == ["p6"])
        #expect(ids(doc, "b:only-child") == ["b1"])
        #expect(ids(doc, "#d1 :only-child").isEmpty)
        #expect(ids(doc, "#d1 > :nth-child(2)") == ["p2"])
        #expect(ids(doc, "#d1 > :nth-child(3)") == ["s1"])
        #expect(ids(doc, "#d1 > :nth-last-child(2)") == ["p4"])
        #expect(ids(doc, "#d1 > span:first-of-type") == ["s1"])
        #expect(ids(doc, "#d1 > span:last-of-type") == ["s2"])
        #expect(ids(doc, "#d1 > p:last-of-type") == ["p5"])
        #expect(ids(doc, "#d1 > p:nth-of-type(3)") == ["p3"])
        #expect(ids(doc, "#d1 > p:nth-last-of-type(2)") == ["p4"])
        #expect(ids(doc, "div > p:only-of-type") == ["p6"])
        #expect(ids(doc, "div:empty") == ["d3"])
        #expect(ids(doc, ":root").map { _ in "root" } == ["root"])
        #expect(doc.select(":root").first?.tag == "html")
    }

    @Test(arguments: [
        ("odd", [1, 3, 5, 7]), ("even", [2, 4, 6]), ("ODD", [1, 3, 5, 7]), ("3", [3]), ("+3", [3]),
        ("2n+1", [1, 3, 5, 7]), ("2n", [2, 4, 6]), ("-n+3", [1, 2, 3]), ("n", [1, 2, 3, 4, 5, 6, 7]),
        ("+n", [1, 2, 3, 4, 5, 6, 7]), ("3n", [3, 6]), ("3n-1", [2, 5]), ("3n - 1", [2, 5]),
        ("-2n+5", [1, 3, 5]), ("0n+2", [2]), ("n+5", [5, 6, 7]), ("-n-1", []), ("0", []), ("-1", []),
        (" 2n + 1 ", [1, 3, 5, 7]), ("2N+1", [1, 3, 5, 7]), ("10", []),
    ])
    func nthChildForms(argument: String, expected: [Int]) throws {
        let doc = try HTMLDocument(html: """
            <html><body><ul id="list">
            <li id="1">1</li> <!-- c --> <li id="2">2</li> text <li id="3">3</li>
            <li id="4">4</li><li id="5">5</li><li id="6">6</li><li id="7">7</li>
            </ul></body></html>
            """)
        #expect(ids(doc, "li:nth-child(\(argument))") == expected.map(String.init))
        #expect(ids(doc, "#list > :nth-child(\(argument))") == expected.map(String.init))
        #expect(ids(doc, "li:nth-last-child(\(argument))") == expected.reversed().map { String(8 - $0) })
        #expect(ids(doc, "li:nth-of-type(\(argument))") == expected.map(String.init))
    }

    @Test func nthChildMatchesBruteForce() throws {
        let doc = try HTMLDocument(html: """
            <html><body><ol>\((1...9).map { "<li id=\"\($0)\">\($0)</li>\n" }.joined())</ol></body></html>
            """)
        for a in -4...4 {
            for b in -4...10 {
                let argument = b < 0 ? "\(a)n\(b)" : "\(a)n+\(b)"
                let expected = (1...9).filter { p in
                    a == 0 ? p == b : (p - b) % a == 0 && (p - b) / a >= 0
                }
                #expect(ids(doc, "li:nth-child(\(argument))") == expected.map(String.init), "\(argument)")
                #expect(
                    ids(doc, "li:nth-last-child(\(argument))") == expected.reversed().map { String(10 - $0) },
                    "\(argument)")
            }
        }
    }

    @Test func notPseudoClass() throws {
        let doc = try HTMLDocument(html: siblingsHTML)
        #expect(ids(doc, "#d1 > :not(p)") == ["s1", "s2"])
        #expect(ids(doc, "#d1 > p:not(.c):not(#p1)") == ["p2", "p4", "p5"])
        #expect(ids(doc, "#d1 > p:not(.first, .c)") == ["p2", "p4", "p5"])
        #expect(ids(doc, "#d1 > :not(p.c)") == ["p1", "p2", "s1", "s2", "p4", "p5"])
        #expect(ids(doc, "#d1 > :not( span , :first-child )") == ["p2", "p3", "p4", "p5"])
        #expect(ids(doc, "#d1 > p:not(:nth-child(odd))") == ["p2", "p3", "p4"])
        #expect(ids(doc, "#d1 > p:not(:last-of-type)") == ["p1", "p2", "p3", "p4"])
        #expect(ids(doc, "#d1 > p:not([class])") == ["p2", "p4", "p5"])
        #expect(ids(doc, "div:not(.b)") == ["d2", "d3"])
        #expect(ids(doc, "p:not(*)").isEmpty)
        #expect(ids(doc, "#d1 > :not(:not(span))") == ["s1", "s2"])
    }

    // MARK: Groups and combined forms

    @Test func combinedFormAndGroupInDocumentOrder() throws {
        let doc = try HTMLDocument(html: """
            <html><body>
            <h1 id="h1">Title</h1>
            <div id="x" class="a b" data-y="zz">
              <p id="q1">1</p>
              <span id="t1">2</span>
              <p id="q2">3</p>
              <span id="t2">4</span>
            </div>
            <div id="x" class="a b c" data-y="zz"><p id="q3"></p><span id="t3"></span></div>
            <div id="x" class="a b" data-y="yz"><p id="q4"></p><span id="t4"></span></div>
            <div id="x" class="a b" data-y="zz"><span id="t5"></span><p id="q5"></p><span id="t6"></span></div>
            <h1 id="h2">End</h1>
            </body></html>
            """)
        let css = #"div.a.b#x[data-y^="z"]:not(.c) > p:nth-child(2n+1) ~ span, h1"#
        #expect(ids(doc, css) == ["h1", "t1", "t2", "h2"])
        // Group members come back merged in document order, not alternative by alternative.
        #expect(ids(doc, "span, h1, p") == ["h1", "q1", "t1", "q2", "t2", "q3", "t3", "q4", "t4", "t5", "q5", "t6", "h2"])
        #expect(ids(doc, "h1,#t1") == ["h1", "t1", "h2"])
        // Overlapping alternatives do not duplicate.
        #expect(ids(doc, "h1, #h1, [id=h1]") == ["h1", "h2"])
    }

    @Test func nodeSelectSearchesDescendantsOnly() throws {
        let doc = try HTMLDocument(html: siblingsHTML)
        let d1 = try #require(doc.select("#d1").first)
        #expect(d1.select("p").map { $0["id"] } == ["p1", "p2", "p3", "p4", "p5"])
        #expect(d1.select("div").isEmpty)
        #expect(d1.select(".a").isEmpty)
        #expect(d1.select("p.c").first?.text == "Three")
        #expect(d1.select("span, p.first").map { $0["id"] } == ["p1", "s1", "s2"])
        let d2 = try #require(doc.select("div").dropFirst().first)
        #expect(d2.select("b").first?.tag == "b")
        #expect(d2.select("b").first?.text == "bold")
        #expect(d2.select("p > b").count == 1)
    }

    // MARK: Errors

    @Test(arguments: [
        ("", 0, "empty selector"),
        ("   ", 0, "empty selector"),
        ("div..x", 4, "expected an identifier after '.'"),
        ("div.", 4, "expected an identifier after '.'"),
        ("#", 1, "expected a name after '#'"),
        ("div >", 5, "expected a selector after '>'"),
        ("div > ", 6, "expected a selector after '>'"),
        ("a +", 3, "expected a selector after '+'"),
        ("div ~ > p", 6, "expected a selector after '~', found '>'"),
        ("> p", 0, "expected a selector before '>'"),
        ("div,", 4, "expected a selector after ','"),
        ("a, , b", 3, "expected a selector before ','"),
        (",a", 0, "expected a selector before ','"),
        ("div[", 3, "unclosed '['"),
        ("div[href", 3, "unclosed '['"),
        ("div[href=x", 3, "unclosed '['"),
        ("[a='x]", 3, "unterminated string"),
        ("[]", 1, "expected an attribute name after '['"),
        ("[a=]", 3, "expected a value after '='"),
        ("[a!=b]", 2, "expected '=', '^=', '$=', '*=', '~=', '|=' or ']' in attribute selector"),
        ("[a^b]", 3, "expected '=' after '^'"),
        ("[a=b c]", 5, "expected ']' to close the attribute selector"),
        ("div]", 3, "unexpected ']' without a matching '['"),
        ("div p)", 5, "unexpected ')' without a matching '('"),
        ("a:hover", 1, "unsupported pseudo-class ':hover'"),
        ("li:nth-col(1)", 2, "unsupported pseudo-class ':nth-col()'"),
        ("p::before", 1, "pseudo-elements are not supported"),
        ("p:", 2, "expected a pseudo-class name after ':'"),
        ("p:not(.a", 5, "unclosed '(' of ':not('"),
        ("p:not()", 6, "expected a selector inside ':not()'"),
        ("p:not(div p)", 10, "combinators are not supported inside ':not()'"),
        ("p:not(a > b)", 8, "combinators are not supported inside ':not()'"),
        ("li:nth-child(foo)", 13, "invalid argument to ':nth-child()'; expected an+b, odd or even"),
        ("li:nth-child(2n+)", 16, "invalid argument to ':nth-child()'; expected an+b, odd or even"),
        ("li:nth-child()", 13, "invalid argument to ':nth-child()'; expected an+b, odd or even"),
        ("li:nth-child(2", 12, "unclosed '(' of ':nth-child('"),
        ("li:nth-child", 12, "expected '(' after ':nth-child'"),
        (":first-of-type", 0, "'-of-type' pseudo-classes need a type selector (e.g. 'p:first-of-type')"),
        ("ns|p", 2, "namespace prefixes are not supported"),
        (".a*", 2, "'*' must come first in a compound selector"),
        ("[a]div", 3, "a type selector must come first in a compound selector"),
        ("div!", 3, "unexpected '!'"),
    ])
    func errorsNameSelectorAndPosition(selector: String, position: Int, message: String) {
        let error = compileError(selector)
        #expect(error == CSSSelectorError(selector: selector, position: position, message: message))
    }

    @Test func errorDescriptionAndThrowingAPIs() throws {
        let error = try #require(compileError("div..x"))
        #expect(error.selector == "div..x")
        #expect(error.position == 4)
        #expect(error.description == #"invalid CSS selector "div..x" at position 4: expected an identifier after '.'"#)

        let doc = try HTMLDocument(html: siblingsHTML)
        #expect(doc.select("div..x").isEmpty)
        #expect(throws: CSSSelectorError.self) { try doc.selectOrThrow("div >") }
        let d1 = try #require(doc.select("#d1").first)
        #expect(d1.select("p[").isEmpty)
        #expect(throws: CSSSelectorError.self) { try d1.selectOrThrow("p:hover") }
    }

    @Test func positionsCountCharactersNotBytes() {
        #expect(compileError("é..x")?.position == 2)
        #expect(compileError("[title='café']]")?.position == 14)
    }

    // MARK: Cache

    @Test func cacheReturnsTheSameStringWithoutReparsing() throws {
        // A selector no other test uses, so the checks hold while tests run in parallel.
        let css = "article.cache-probe-7f3a > p:nth-child(2n+1)"
        #expect(CSSSelector.cachedResult(for: css) == nil)
        let first = try CSSSelector.xpath(for: css)
        let cached = try #require(CSSSelector.cachedResult(for: css))
        #expect(try cached.get() == first)
        let second = try CSSSelector.xpath(for: css)
        #expect(second == first)
        #expect(try CSSSelector.compile(css) == first)

        // Errors are cached too and thrown again unchanged.
        let bad = "div..cache-probe-7f3a"
        let firstError = compileError(bad)
        #expect(firstError != nil)
        #expect(CSSSelector.cachedResult(for: bad) != nil)
        #expect(compileError(bad) == firstError)
    }

    @Test func cacheIsSafeUnderConcurrentUse() async throws {
        let selectors = (0..<40).map { "section.concurrent-\($0 % 10) > a[href^='/n\($0 % 10)']:not(.x)" }
        let expected = try Dictionary(uniqueKeysWithValues: Set(selectors).map { ($0, try CSSSelector.compile($0)) })
        let results = await withTaskGroup(of: (String, String?).self) { group in
            for _ in 0..<4 {
                for css in selectors {
                    group.addTask { (css, try? CSSSelector.xpath(for: css)) }
                }
            }
            var all: [(String, String?)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 160)
        for (css, xpath) in results {
            #expect(xpath == expected[css])
        }
    }
}
