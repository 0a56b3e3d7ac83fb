import CLibXML2
import Foundation
import KabarFixtures
import Testing
@testable import KabarHTML

/// Documents whose libxml2 tree is built in a `ParseArena`: the same tree as with malloc, wholly
/// in the arena (so that dropping the arena frees it all), on any thread, many at once, with
/// what libxml2 allocates after the parse (XPath, attribute copies, text) outside it.
@Suite(.serialized) struct ParseArenaTests {
    /// A constructed page: a headline and paragraphs numbered `n`, attributes, HTML5 elements
    /// libxml2 2.9 reports as errors (the thread's last error), and a `<div>` inside a `<p>`,
    /// which the HTML5 fix-ups split (they add a node to the tree).
    static func page(_ n: Int, paragraphs: Int = 5) -> Data {
        var html = "<!doctype html><html lang=id><head><title>Page \(n)</title></head><body><header><nav class=menu><a href=/a>a</a></nav></header>"
        html += "<article id=a\(n) data-n=\(n)><h1 class=\"headline big\">Headline \(n)</h1>"
        for p in 0..<paragraphs { html += "<p class=para title=\"p\(p)\">Paragraph \(p) of page \(n) &amp; more text.</p>" }
        html += "<p>before<div class=box>boxed \(n)</div>after</p><figure><img src=/i\(n).jpg alt=\"image \(n)\"><figcaption>caption</figcaption></figure>"
        html += "</article><footer>footer \(n)</footer></body></html>"
        return Data(html.utf8)
    }

    static func parse(_ data: Data, arena: ParseArena? = ParseArena()) throws -> HTMLDocument {
        try HTMLDocument(data: data, url: nil, charset: "utf-8", scripts: .jsonOnly, arena: arena)
    }

    /// Every address the tree owns that does not lie in arena memory: the document, each node,
    /// element name, text, attribute and attribute value (static strings libxml2 points at
    /// for text node names excepted), removed nodes included.
    static func outsideArena(_ document: HTMLDocument) -> Int {
        var outside = 0
        func check(_ pointer: UnsafeRawPointer?) { if let pointer, !ParseArena.owns(pointer) { outside += 1 } }
        func walk(_ first: xmlNodePtr?) {
            var node = first
            while let n = node {
                check(n)
                if n.pointee.type == XML_ELEMENT_NODE { check(n.pointee.name) }
                if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_COMMENT_NODE { check(n.pointee.content) }
                var attribute = n.pointee.properties
                while n.pointee.type == XML_ELEMENT_NODE, let a = attribute {
                    check(a)
                    check(a.pointee.name)
                    walk(a.pointee.children)
                    attribute = a.pointee.next
                }
                walk(n.pointee.children)
                node = n.pointee.next
            }
        }
        let doc = document.doc
        check(doc)
        check(doc.pointee.dict.map { UnsafeRawPointer($0) })
        check(doc.pointee.URL)
        check(doc.pointee.encoding)
        walk(doc.pointee.children)
        return outside
    }

    /// The process's resident bytes (Linux: /proc/self/statm).
    static func residentBytes() throws -> Int {
        let fields = try String(contentsOfFile: "/proc/self/statm", encoding: .utf8).split(separator: " ")
        return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The fixture pages and constructed ones parse to the same tree in an arena as with malloc,
    /// and the arena holds all of it.
    @Test func aTreeInAnArenaIsTheMallocTreeWhollyInTheArena() throws {
        #expect(ParseArena.installed, "arenas are off (KABAR_PARSE_ARENA=0, or no address range)")
        var pages = Fixture.all().filter(\.isAvailable).map { try? Data(contentsOf: $0.pageFile) }.compactMap { $0 }
        pages += (0..<3).map { Self.page($0) }
        #expect(pages.count > 5)
        for (i, page) in pages.enumerated() {
            let inArena = try Self.parse(page)
            let withMalloc = try Self.parse(page, arena: nil)
            #expect(inArena.root?.outerHTML == withMalloc.root?.outerHTML, "page \(i)")
            #expect(inArena.root?.outerHTML.isEmpty == false)
            #expect(ParseArena.owns(inArena.doc), "page \(i)")
            #expect(Self.outsideArena(inArena) == 0, "page \(i)")
            #expect(!ParseArena.owns(withMalloc.doc))
            #expect(inArena.arena?.spilled == false)
        }
    }

    /// Parsed on one thread, read and dropped on another, while the first goes on parsing into
    /// spans the second gives back.
    @Test func documentsParsedOnOneThreadAreReadAndFreedOnAnother() throws {
        final class Handoff: @unchecked Sendable {
            let condition = NSCondition()
            var queue: [(Int, HTMLDocument)] = []
            var done = false
            var checked = 0
            var failures: [String] = []
            var consumerDone = false
        }
        let handoff = Handoff()
        let count = 300
        let producer = Thread {
            for n in 0..<count {
                guard let doc = try? Self.parse(Self.page(n)) else {
                    handoff.condition.lock(); handoff.failures.append("page \(n) did not parse"); handoff.condition.unlock()
                    continue
                }
                handoff.condition.lock()
                handoff.queue.append((n, doc))
                handoff.condition.broadcast()
                handoff.condition.unlock()
            }
            handoff.condition.lock(); handoff.done = true; handoff.condition.broadcast(); handoff.condition.unlock()
        }
        let consumer = Thread {
            while true {
                handoff.condition.lock()
                while handoff.queue.isEmpty && !handoff.done { handoff.condition.wait() }
                if handoff.queue.isEmpty { handoff.condition.unlock(); break }
                let (n, doc) = handoff.queue.removeFirst()
                handoff.condition.unlock()
                var problems: [String] = []
                if doc.first("h1")?.text != "Headline \(n)" { problems.append("headline") }
                if doc.select("p.para").count != 5 { problems.append("paragraphs") }
                if (try? doc.xpath("//article/@data-n"))?.count != 1 { problems.append("xpath") }
                if doc.first("article")?["data-n"] != "\(n)" { problems.append("attribute") }
                if doc.first("div.box")?.rawText != "boxed \(n)" { problems.append("text") }
                if Self.outsideArena(doc) != 0 { problems.append("outside the arena") }
                handoff.condition.lock()
                handoff.checked += 1
                handoff.failures += problems.map { "page \(n): \($0)" }
                handoff.condition.unlock()
            }
            handoff.condition.lock(); handoff.consumerDone = true; handoff.condition.broadcast(); handoff.condition.unlock()
        }
        consumer.start()
        producer.start()
        handoff.condition.lock()
        let deadline = Date().addingTimeInterval(120)
        while !handoff.consumerDone, handoff.condition.wait(until: deadline) {}
        #expect(handoff.consumerDone, "the consumer thread did not finish")
        defer { handoff.condition.unlock() }
        #expect(handoff.checked == count)
        #expect(handoff.failures.isEmpty, "\(handoff.failures.prefix(5))")
    }

    /// Hundreds of documents alive at once, then half dropped and as many new ones parsed into
    /// the spans they gave back: the survivors are untouched.
    @Test func manyDocumentsAliveAtOnceKeepTheirTrees() throws {
        var docs: [Int: HTMLDocument] = [:]
        for n in 0..<300 { docs[n] = try Self.parse(Self.page(n)) }
        func check(_ n: Int, _ doc: HTMLDocument) {
            #expect(doc.first("h1")?.text == "Headline \(n)")
            #expect(doc.first("article")?["id"] == "a\(n)")
            #expect(doc.first("div.box")?.text == "boxed \(n)")
            #expect(doc.first("footer")?.text == "footer \(n)")
        }
        for (n, doc) in docs { check(n, doc) }
        for n in stride(from: 0, to: 300, by: 2) { docs[n] = nil }
        for n in 300..<450 { docs[n] = try Self.parse(Self.page(n, paragraphs: 40)) }
        for (n, doc) in docs { check(n, doc) }
        #expect(Set(docs.values.map { UInt(bitPattern: $0.doc) }).count == docs.count)
        docs.removeAll()
        #expect(ParseArena.poolResident <= 32 << 20, "the pool keeps at most 32 MiB of pages")
    }

    /// A node kept past its document's parse call keeps the document, and so its arena.
    @Test func aNodeOutlivesTheCallThatParsedItsDocument() throws {
        func headline(of n: Int) throws -> HTMLNode? { try Self.parse(Self.page(n)).first("h1") }
        let kept = try #require(try headline(of: 7))
        for n in 0..<100 { _ = try Self.parse(Self.page(1000 + n, paragraphs: 30)) }
        #expect(kept.text == "Headline 7")
        #expect(kept["class"] == "headline big")
        #expect(ParseArena.owns(kept.ptr))
    }

    /// XPath contexts and results, attribute copies, text and serialisations made after the
    /// parse come from malloc: the arena does not grow, and what they return is not in it.
    @Test func readsAfterTheParseAllocateOutsideTheArena() throws {
        let doc = try Self.parse(Self.page(3))
        let arena = try #require(doc.arena)
        let used = arena.used
        #expect(try doc.xpath("//p[@class='para']").count == 5)
        #expect(doc.first("article")?.rawText.contains("Paragraph 4 of page 3") == true)
        #expect(doc.first("img")?["alt"] == "image 3")
        #expect(doc.first("figure")?.outerHTML.contains("figcaption") == true)
        #expect(doc.first("h1")?.attributes.count == 1)
        let context = try #require(xmlXPathNewContext(doc.doc))
        defer { xmlXPathFreeContext(context) }
        let result = try #require(xmlXPathEvalExpression("//p", context))
        defer { xmlXPathFreeObject(result) }
        #expect(!ParseArena.owns(result))
        #expect(result.pointee.nodesetval.map { ParseArena.owns($0.pointee.nodeTab[0]) } == true)
        let copy = try #require(xmlGetProp(doc.first("img")!.ptr, "src"))
        #expect(!ParseArena.owns(copy))
        kabar_xml_free(copy)
        #expect(arena.used == used, "an allocation after the parse went into the arena")
        #expect(Self.outsideArena(doc) == 0)
    }

    /// libxml2 copies every parse error's strings into the thread's last error; none is left
    /// pointing into an arena that a later document may reuse.
    @Test func noArenaMemoryIsLeftInTheThreadsLastError() throws {
        let page = Self.page(1)
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        func parse() -> htmlDocPtr? {
            page.withUnsafeBytes { htmlReadMemory($0.bindMemory(to: CChar.self).baseAddress, Int32($0.count), nil, "UTF-8", options) }
        }
        // The page raises errors (HTML5 tags unknown to libxml2 2.9): with malloc the last one stays.
        let plain = try #require(parse())
        xmlFreeDoc(plain)
        #expect(xmlGetLastError()?.pointee.message != nil)
        let arena = try #require(ParseArena())
        let doc = arena.build { parse() }
        #expect(doc.map { ParseArena.owns($0) } == true)
        if let error = xmlGetLastError() {
            #expect(!ParseArena.owns(error.pointee.message))
            #expect(!ParseArena.owns(error.pointee.str1))
        }
    }

    /// An arena that cannot take the whole tree (here a limit; in a crawl, the address range
    /// used up) hands libxml2 malloc memory and is marked spilled; the document then frees its
    /// tree with libxml2's walk, and the process's malloc use does not grow page after page.
    @Test func aSpilledArenaFreesItsTreeThroughLibxml2() throws {
        let big = Self.page(5, paragraphs: 4000)
        let reference = try Self.parse(big, arena: nil).root?.outerHTML
        func spilledParse() throws -> Bool {
            let arena = try #require(ParseArena())
            arena.limit(to: 512 << 10)
            let doc = try Self.parse(big, arena: arena)
            #expect(doc.root?.outerHTML == reference)
            #expect(Self.outsideArena(doc) > 0)
            return arena.spilled
        }
        #expect(try spilledParse())
        let before = try Self.residentBytes()
        for _ in 0..<40 { _ = try spilledParse() }
        let grown = try Self.residentBytes() - before
        // Each tree has megabytes in malloc past the limit: 40 leaked ones would be over 100 MB.
        #expect(grown < 32 << 20, "the resident size grew by \(grown) bytes over 40 spilled documents")
    }
}
