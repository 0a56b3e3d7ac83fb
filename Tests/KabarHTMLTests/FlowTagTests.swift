import Foundation
import KabarTesting
import Testing
@testable import KabarHTML

/// `TextFlow.walk` with element names compared on their bytes (`FlowTags`) against the walk it
/// replaced (a String per name, Set lookups, the tags to pass over tested in a closure), kept
/// as `TextFlow.referenceWalk`; and `LineAccumulator.hasNonSpace` against the scalar test.
struct FlowTagTests {
    /// The events of a walk, each as text: the nodes by identity.
    static func events(_ walk: ((FlowEvent) -> Void) -> Void) -> [String] {
        var out: [String] = []
        walk { event in
            switch event {
            case .text(let s, let bold): out.append("text \(bold) \(s.debugDescription)")
            case .lineBreak: out.append("br")
            case .blockStart(let name, let node): out.append("start \(name) \(node.ptr)")
            case .blockEnd(let name, let node): out.append("end \(name) \(node.ptr)")
            }
        }
        return out
    }

    /// Random pages of the names TextFlow knows and others (custom elements, names one letter
    /// off a known one, prefixed names, names longer than 15 letters), nested, with text, some
    /// elements marked for the `skip` closure.
    static func randomPage(_ random: inout AttributeScanTests.Random) -> String {
        let names = ["p", "div", "b", "strong", "br", "span", "a", "img", "figure", "figcaption", "picture", "script", "style", "svg",
                     "li", "ul", "h2", "blockquote", "table", "td", "center", "hgroup", "em", "i", "iframe", "noscript", "template",
                     "custom-el", "bb", "brr", "di", "divv", "o:p", "x", "section", "video", "summary", "averyverylongelementname",
                     "figcaptio", "blockquotes", "font", "u", "small"]
        let texts = ["Teks", " ", "\n", "\u{A0}", "kata lain", "&amp;", "é", "\u{200B}", ""]
        var html = "<html><head><title>t</title></head><body>"
        var open: [String] = []
        for _ in 0..<(20 + random.next(60)) {
            switch random.next(4) {
            case 0 where !open.isEmpty:
                html += "</\(open.removeLast())>"
            case 1:
                html += random.pick(texts)
            default:
                let name = random.pick(names)
                html += "<\(name)\(random.next(4) == 0 ? " class=\"skip\"" : "")>"
                if name != "br" && name != "img" { open.append(name) }
            }
        }
        while let name = open.popLast() { html += "</\(name)>" }
        return html + "</body></html>"
    }

    @Test func walkMatchesTheReferenceWalk() throws {
        var random = AttributeScanTests.Random(state: 0xF10)
        var pages = try AttributeScanTests.fixturePages() + [SelectorProgramTests.constructedPage]
        for _ in 0..<150 { pages.append(Self.randomPage(&random)) }
        let tagSets: [Set<String>] = [[], ["figure", "figcaption", "picture", "img"], ["figcaption", "picture", "img"],
                                      ["custom-el", "b", "br", "o:p", "Figure", ""], ["averyverylongelementname", "span", "x"]]
        var compared = 0, events = 0
        for html in pages {
            let doc = try HTMLDocument(html: html)
            for node in (doc.select("body") + doc.select("div, li, figure, b, section")).prefix(40) {
                let skipClass: (HTMLNode) -> Bool = { $0.hasClass("skip") }
                let plain = Self.events { visit in TextFlow.walk(node, visit) }
                #expect(plain == Self.events { visit in TextFlow.referenceWalk(node, visit) })
                let skipping = Self.events { visit in TextFlow.walk(node, skip: skipClass, visit) }
                #expect(skipping == Self.events { visit in TextFlow.referenceWalk(node, skip: skipClass, visit) })
                for tags in tagSets {
                    for skip in [nil, skipClass] {
                        let new = Self.events { visit in TextFlow.walk(node, skippingTags: tags, skip: skip, visit) }
                        let old = Self.events { visit in
                            TextFlow.referenceWalk(node, skip: { tags.contains($0.tag) || (skip?($0) ?? false) }, visit)
                        }
                        #expect(new == old, "\(tags) \(skip == nil) \(html)")
                        compared += 1
                        events += new.count
                    }
                }
            }
        }
        #expect(compared > 5_000 && events > 100_000, "\(compared) walks, \(events) events")
    }

    @Test func hasNonSpaceAgreesWithTheScalarTest() {
        var random = AttributeScanTests.Random(state: 0x5BA)
        let pieces = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{2000}", "\u{200A}", "\u{200B}", "\u{200C}", "\u{202F}",
                      "\u{2060}", "\u{3000}", "\u{FEFF}", "\u{85}", "\u{1680}", "a", "é", "\u{301}", "漢", "🙂", "\u{2028}"]
        var withText = 0
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<random.next(6) { s += random.pick(pieces) }
            let reference = s.unicodeScalars.contains(where: { !LineAccumulator.isSpace($0) })
            #expect(LineAccumulator.hasNonSpace(s) == reference, "\(s.debugDescription)")
            if reference { withText += 1 }
        }
        #expect(withText > 5_000)
    }
}
