import Foundation
import KabarCore
import KabarHTML
import Testing

/// The helpers every Swift site plugin shares: design variants and the breadcrumb section.
/// The pages are constructed.
@Suite struct SitePluginShapeTests {
    enum Plain: DesignVariant {
        static let id = "P1"
        static func matches(_ document: HTMLDocument) -> Bool { document.first("div.plain") != nil }
        static func extract(_ page: Page) throws -> Extraction {
            var e = Extraction()
            e.headline = page.document.first("h1")?.text
            return e
        }
    }

    enum Boxed: DesignVariant {
        static let id = "B1"
        static func matches(_ document: HTMLDocument) -> Bool { document.first("div.box") != nil }
        static func extract(_ page: Page) throws -> Extraction { Extraction() }
    }

    static func page(_ html: String) throws -> Page {
        let url = URL(string: "https://news.example/read/1")!
        return Page(document: try HTMLDocument(html: html, url: url), url: url)
    }

    @Test func theFirstMatchingDesignReadsThePageAndIsRecorded() throws {
        let page = try Self.page("<div class=box><div class=plain><h1>Judul</h1></div></div>")
        let boxedFirst = try DesignVariants.extract(page, with: [Boxed.self, Plain.self], otherwise: "none")
        #expect(boxedFirst.metadata["design"] == "B1")
        let plainFirst = try DesignVariants.extract(page, with: [Plain.self, Boxed.self], otherwise: "none")
        #expect(plainFirst.metadata["design"] == "P1")
        #expect(plainFirst.headline == "Judul")
    }

    @Test func aPageOfNoKnownDesignGetsTheSitesMessage() throws {
        let page = try Self.page("<p>nothing</p>")
        #expect(throws: ExtractionError.self) { try DesignVariants.extract(page, with: [Plain.self], otherwise: "no known design") }
        do { _ = try DesignVariants.extract(page, with: [Plain.self], otherwise: "no known design") } catch {
            #expect("\(error)".contains("no known design"))
        }
    }

    static let breadcrumbPage = """
    <script type="application/ld+json">{"@type": "BreadcrumbList", "itemListElement": [
      {"position": 2, "name": "Nasional"}, {"name": "Politik"}, {"position": 1, "name": "Beranda"}]}</script>
    <ul class=crumbs><li><a>Home</a></li><li><a> Ekonomi </a></li></ul>
    """

    static func breadcrumb(_ unnumbered: BreadcrumbSection.Unnumbered, home: Set<String> = ["home", "beranda"]) -> BreadcrumbSection {
        BreadcrumbSection(homeNames: home, selectors: ["ul.crumbs a"], unnumbered: unnumbered,
                          jsonLDName: { TextNormalizer.clean($0) }, printedName: { TextNormalizer.clean($0) })
    }

    @Test func anUnnumberedItemGoesWhereTheSiteSays() throws {
        let document = try Self.page(Self.breadcrumbPage).document
        // First: Politik (0), Beranda (1), Nasional (2): Politik is not home, so it is the section.
        #expect(Self.breadcrumb(.first).section(of: document) == "Politik")
        // In place: Beranda (1), Nasional (2), Politik (2, its index + 1): the item after home.
        #expect(Self.breadcrumb(.inPlace).section(of: document) == "Nasional")
    }

    @Test func thePrintedBreadcrumbIsReadWhenThereIsNoJSONLD() throws {
        let document = try Self.page("<ul class=crumbs><li><a>Home</a></li><li><a> Ekonomi </a></li></ul>").document
        #expect(Self.breadcrumb(.first).section(of: document) == "Ekonomi")
        #expect(Self.breadcrumb(.first, home: []).section(of: document) == "Home")
    }
}
