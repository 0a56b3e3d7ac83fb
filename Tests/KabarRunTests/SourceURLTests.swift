import Foundation
import KabarPlugins
import KabarRun
import KabarTesting
import Testing

/// Source URLs as schedules write them: credentials in them are used, never stored, and an
/// index that lists itself under other spellings is read once.
@Suite(.serialized)
struct SourceURLTests {
    /// Every byte of every file under `folder`, WARC files decompressed.
    static func contents(of folder: URL) throws -> [(String, Data)] {
        var out: [(String, Data)] = []
        for case let file as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            var data = try Data(contentsOf: file)
            if file.lastPathComponent.hasSuffix(".gz") {
                let zcat = Process()
                zcat.executableURL = URL(fileURLWithPath: "/bin/sh")
                zcat.arguments = ["-c", "gzip -dc < \"$0\"", file.path]
                let pipe = Pipe()
                zcat.standardOutput = pipe
                try zcat.run()
                data = pipe.fileHandleForReading.readDataToEndOfFile()
                zcat.waitUntilExit()
            }
            out.append((file.lastPathComponent, data))
        }
        return out
    }

    /// `feed: http://bob:hunter2@host/feed.xml`: the feed and the sitemaps of its origin are
    /// requested with the credentials (HTTP basic), but neither the WARC archive
    /// (`WARC-Target-URI`), the frontier (`frontier.sqlite`) nor the records hold them.
    @Test func credentialsInSourceURLsAreUsedButNotStored() async throws {
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-credentials")
        defer { try? FileManager.default.removeItem(at: data) }
        let yaml = site.scheduleYAML()
            .replacingOccurrences(of: "feed: http://127.0.0.1", with: "feed: http://bob:hunter2@127.0.0.1")
            .replacingOccurrences(of: "sitemap: http://127.0.0.1", with: "sitemap: http://bob:hunter2@127.0.0.1")
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(yaml, file: "local.yaml")
        let result = try await EndToEndTests.run(schedule, data: data)
        #expect(result.counters.stored == LocalTestSite.articleCount, "\(result.summary) \(result.problems)")
        let basic = "Basic " + Data("bob:hunter2".utf8).base64EncodedString()
        for path in ["/feed.xml", "/sitemap.xml", "/sitemaps/tempo.xml"] {
            let requests = site.server.requests.filter { $0.path == path }
            #expect(!requests.isEmpty && requests.allSatisfy { $0.header("Authorization") == basic }, "\(path)")
        }
        #expect(site.server.requests.filter { $0.path.contains("/read/") }.allSatisfy { $0.header("Authorization") == nil },
                "articles of other origins get no credentials")
        var files = 0
        for (name, bytes) in try Self.contents(of: data) {
            files += 1
            #expect(bytes.range(of: Data("hunter2".utf8)) == nil, "\(name) holds the password")
        }
        #expect(files >= 3)
    }

    /// A sitemap index listing itself as HTTP://..., with a fragment, a `./` segment and
    /// credentials was read once per spelling (five times).
    @Test func sitemapIndexListingItselfUnderOtherSpellingsIsReadOnce() async throws {
        // The index names itself by the Host it was asked under (127.0.0.1:port).
        let site = try TestHTTPServer { request, connection in
            let base = request.header("Host") ?? ""
            connection.respond(headers: ["Content-Type": "application/xml"], body: """
                <?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                <sitemap><loc>http://\(base)/index.xml</loc></sitemap>
                <sitemap><loc>HTTP://\(base)/index.xml</loc></sitemap>
                <sitemap><loc>http://\(base)/index.xml#again</loc></sitemap>
                <sitemap><loc>http://\(base)/./index.xml</loc></sitemap>
                <sitemap><loc>http://me@\(base)/index.xml</loc></sitemap>
                </sitemapindex>
                """)
        }
        defer { site.stop() }
        let yaml = """
            name: self-listing
            extractor: generic
            allow_local: true
            sources:
              - sitemap: http://127.0.0.1:\(site.port)/index.xml
            every: 1h
            limits: { sitemap_depth: 5 }
            politeness: { delay: 0s, robots: ignore }
            """
        let schedule = try ScheduleLoader(extractors: BuiltinExtractors.registry.ids).parse(yaml, file: "self.yaml")
        let data = try Executables.temporaryFolder("kabar-self-sitemap")
        defer { try? FileManager.default.removeItem(at: data) }
        let result = try await EndToEndTests.run(schedule, data: data)
        #expect(site.requests.count == 1, "\(site.requests.map(\.target)) \(result.summary)")
    }
}
