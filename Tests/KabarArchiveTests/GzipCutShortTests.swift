import Foundation
import KabarArchive
import Testing

/// A gzip file cut short (a sitemap.xml.gz whose download or copy stopped early) fails as what
/// it is. It failed as "invalid block type": the gzip error was dropped and the bytes read
/// again as raw deflate, whose error says nothing of the cut.
struct GzipCutShortTests {
    @Test func aGzipCutShortSaysSo() throws {
        let text = (1...400).map { "<url><loc>https://news.example/story-\($0)</loc></url>" }.joined()
        let whole = try GzipCodec.member(Data(text.utf8))
        #expect(try GzipCodec.inflate(whole) == Data(text.utf8))
        for cut in [12, 40, whole.count / 2, whole.count - 4] {
            do {
                _ = try GzipCodec.inflate(whole.prefix(cut))
                Issue.record("cut at \(cut) of \(whole.count): inflated")
            } catch {
                #expect("\(error)".contains("truncated"), "cut at \(cut) of \(whole.count): \(error)")
            }
        }
        // Raw deflate (no gzip header) is still read.
        #expect(try GzipCodec.inflate(Data([0x4B, 0x4C, 0x4A, 0x06, 0x00])) == Data("abc".utf8))
    }
}
