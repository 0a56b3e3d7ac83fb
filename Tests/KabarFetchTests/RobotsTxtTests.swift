import Foundation
import Testing
@testable import KabarFetch

@Suite struct RobotsTxtTests {
    let text = """
    # comment
    User-agent: *
    Disallow: /private
    Allow: /private/ok
    Disallow: /*.pdf$
    Disallow: /search?
    Crawl-delay: 2

    User-agent: OtherBot
    Disallow: /

    Sitemap: https://example.com/sitemap.xml
    """

    @Test func longestMatchWinsAndAllowBreaksTies() {
        let rules = RobotsTxt(text).rules(for: "kabar")
        #expect(!rules.isAllowed(path: "/private"))
        #expect(!rules.isAllowed(path: "/private/x"))
        #expect(rules.isAllowed(path: "/private/ok"))
        #expect(rules.isAllowed(path: "/private/ok/deeper"))
        #expect(rules.isAllowed(path: "/public"))
        #expect(rules.isAllowed(path: "/"))
        let tie = RobotsTxt("User-agent: *\nDisallow: /page\nAllow: /page\n").rules(for: "kabar")
        #expect(tie.isAllowed(path: "/page"))
    }

    @Test func wildcardAndEndAnchor() {
        let rules = RobotsTxt(text).rules(for: "kabar")
        #expect(!rules.isAllowed(path: "/files/report.pdf"))
        #expect(rules.isAllowed(path: "/files/report.pdf?download=1"))
        #expect(rules.isAllowed(path: "/files/report.pdfx"))
        #expect(!rules.isAllowed(path: "/search?q=x"))
        #expect(rules.isAllowed(path: "/search"))
        let star = RobotsTxt("User-agent: *\nDisallow: /*/amp/\nDisallow: /a*b*c$").rules(for: "kabar")
        #expect(!star.isAllowed(path: "/news/amp/1"))
        #expect(star.isAllowed(path: "/news/amps"))
        #expect(!star.isAllowed(path: "/a-x-b-y-c"))
        #expect(star.isAllowed(path: "/a-x-b-y-c-d"))
    }

    @Test func agentGroupIsChosenOverStar() {
        let robots = RobotsTxt(text)
        #expect(!robots.rules(for: "otherbot").isAllowed(path: "/public"))
        #expect(robots.rules(for: "otherbot").crawlDelay == nil)
        #expect(robots.rules(for: "kabar").crawlDelay == 2)
        #expect(robots.sitemaps == ["https://example.com/sitemap.xml"])
        let own = RobotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: Kabar/0.1\nUser-agent: other\nDisallow: /x\nCrawl-delay: 0.5\n")
        let kabar = own.rules(for: FetchConfiguration().robotsToken)
        #expect(kabar.isAllowed(path: "/news"))
        #expect(!kabar.isAllowed(path: "/x/1"))
        #expect(kabar.crawlDelay == 0.5)
    }

    @Test func emptyDisallowAndNoRulesAllowEverything() {
        #expect(RobotsTxt("User-agent: *\nDisallow:\n").rules(for: "kabar").isAllowed(path: "/anything"))
        #expect(RobotsTxt("").rules(for: "kabar").isAllowed(path: "/anything"))
        #expect(RobotsTxt("Disallow: /\n").rules(for: "kabar").isAllowed(path: "/x"), "rules before any User-agent are ignored")
        #expect(RobotsTxt("User-agent: *\nDisallow: /\n").rules(for: "kabar").isAllowed(path: "/robots.txt"))
    }

    @Test func percentEncodingIsNormalised() {
        let rules = RobotsTxt("User-agent: *\nDisallow: /berita/ä\nDisallow: /a%2fb\n").rules(for: "kabar")
        #expect(!rules.isAllowed(path: "/berita/%C3%A4-1"))
        #expect(!rules.isAllowed(path: "/a%2Fb"))
        #expect(!rules.isAllowed(URL(string: "https://example.com/berita/%c3%a4")!))
    }

    @Test func crLineEndingsAndComments() {
        let rules = RobotsTxt("User-agent: *\r\nDisallow: /a # not /b\r\nDisallow: /c\r").rules(for: "kabar")
        #expect(!rules.isAllowed(path: "/a"))
        #expect(rules.isAllowed(path: "/b"))
        #expect(!rules.isAllowed(path: "/c"))
    }
}
