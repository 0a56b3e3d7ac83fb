import Foundation
import KabarCore
import KabarPlugins
import KabarTesting
import Testing

/// A later page of a multi-page article that cannot be read fails the article with its page
/// number and address, as a failed fetch of it does ("page 2 (URL): ..."). Before, an empty
/// page 2 said only "could not parse: empty page", and a page without text its URL alone.
struct LaterPageErrorTests {
    static let first = PageToRecordTests.pageFiles[0]

    static func failure(page2: Data, page3: Data? = nil) throws -> String {
        let assembler = ArticleAssembler(registry: BuiltinExtractors.registry)
        let third = try page3 ?? Data(contentsOf: PageToRecordTests.pageFiles[2])
        let pages = [LocalTestSite.festival + "/2": page2, LocalTestSite.festival + "/3": third]
        do {
            _ = try assembler.assemble(.init(data: Data(contentsOf: Self.first), url: URL(string: LocalTestSite.festival))) { next in
                pages[next.absoluteString].map { ArticleAssembler.PageBytes(data: $0, url: nil) }
            }
            return "no error"
        } catch { return "\(error)" }
    }

    @Test func anEmptyLaterPageIsNamedByNumber() throws {
        let why = try Self.failure(page2: Data())
        #expect(why.hasPrefix("page 2 (\(LocalTestSite.festival)/2): could not parse: "), "\(why)")
    }

    /// Page 3 a constructed page with no article on it (a cookie wall's few words).
    @Test func aLaterPageWithoutTextIsNamedByNumber() throws {
        let wall = Data("<html><head><title>x</title></head><body><div>Accept cookies</div></body></html>".utf8)
        let why = try Self.failure(page2: try Data(contentsOf: PageToRecordTests.pageFiles[1]), page3: wall)
        #expect(why.hasPrefix("page 3 (\(LocalTestSite.festival)/3): "), "\(why)")
        #expect(!why.contains("\(LocalTestSite.festival)/3: "), "the URL named once: \(why)")
    }
}
