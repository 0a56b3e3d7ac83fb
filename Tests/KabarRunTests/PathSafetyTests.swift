import Foundation
import KabarArchive
import KabarCore
import KabarFetch
import KabarStore
import KabarTesting
import Testing

/// File names made from URLs, site ids or schedule names never leave the data folder, and
/// secrets are redacted.
struct PathSafetyTests {
    static let hostile = ["..", "../../etc/passwd", "/etc/passwd", "a%2F..%2F..%2Fb", "a/../../b", "..\\..\\windows", ".hidden", "", "x\u{0}y",
                          "%2e%2e%2f%2e%2e", "ｓｉｔｅ/..", String(repeating: "a/", count: 300)]

    @Test func siteFoldersStayInsideRecords() {
        for name in Self.hostile {
            let folder = StoreLayout.siteFolder(name)
            #expect(!folder.contains("/") && !folder.contains("\\") && folder != ".." && folder != "." && !folder.hasPrefix("."), "\(name) → \(folder)")
            let path = StoreLayout.relativePath(site: name, day: "2024-05-01")
            let resolved = URL(fileURLWithPath: "/data").appendingPathComponent(path).standardizedFileURL.path
            #expect(resolved.hasPrefix("/data/records/"), "\(name) → \(resolved)")
        }
    }

    @Test func recordDaysFromPageDatesStayInside() {
        for date in ["../../../../etc/passwd", "/etc/passwd", "2024/../../x", "..%2F..%2F"] {
            let article = Article(id: "1", url: "https://example.com/a", canonicalURL: "https://example.com/a", site: "example",
                                  extractor: "generic/1", publishedAt: date, contentHash: "0", simhash: "0")
            let day = StoreLayout.day(for: article)
            #expect(!day.contains("/") && !day.contains(".."), "\(date) → \(day)")
        }
    }

    @Test func warcFilesStayInsideTheArchiveFolder() throws {
        // The archive folder inside a folder of this test's own, so that what lies beside it
        // is only what the writer put there (not other programs' files in the temporary folder).
        let parent = try Executables.temporaryFolder("kabar-warc-names")
        defer { try? FileManager.default.removeItem(at: parent) }
        let dir = parent.appendingPathComponent("archive", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in Self.hostile {
            let writer = try WARCWriter(directory: dir, site: name)
            #expect(!writer.site.contains("/") && !writer.site.contains("\\"), "\(name) → \(writer.site)")
            try writer.close()
        }
        let outside = try FileManager.default.contentsOfDirectory(atPath: parent.path).filter { $0.hasSuffix(".warc.gz") }
        #expect(outside.isEmpty, "no WARC file beside the archive folder: \(outside)")
    }

    @Test func redaction() {
        #expect(Redaction.redact("http://bob:hunter2@proxy:3128") == "http://bob:***@proxy:3128")
        #expect(Redaction.redact("postgres://kabar:s3cr%40t@db.internal:5432/news?sslmode=require") == "postgres://kabar:***@db.internal:5432/news?sslmode=require")
        #expect(Redaction.redact("connect failed: host=db user=kabar password=s3cret dbname=news") == "connect failed: host=db user=kabar password=*** dbname=news")
        #expect(Redaction.redact("https://api.example/x?token=abc&page=2") == "https://api.example/x?token=***&page=2")
        #expect(Redaction.redact("https://www.tempo.co/read/123") == "https://www.tempo.co/read/123")
        #expect(Redaction.redact("mail me at bob@example.com") == "mail me at bob@example.com")
        #expect(Redaction.redact("socks5h://user@proxy:1080") == "socks5h://user@proxy:1080", "no password, nothing hidden")
    }

    /// Signed URLs (S3, Google Cloud Storage, Azure SAS, CloudFront) were printed with their
    /// signatures: whoever reads the log could use them until they expire.
    @Test func signedURLParametersAreRedacted() {
        let cases = [
            ("https://acct.blob.core.windows.net/c/feed.xml?sv=2022-11-02&se=2030-01-01&sp=r&sig=AbC%2Fd3f", "https://acct.blob.core.windows.net/c/feed.xml?sv=2022-11-02&se=2030-01-01&sp=r&sig=***"),
            ("https://b.s3.amazonaws.com/f.xml?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20300101&X-Amz-Signature=abcdef&X-Amz-Security-Token=tok",
             "https://b.s3.amazonaws.com/f.xml?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Security-Token=***"),
            ("https://storage.googleapis.com/b/f.xml?X-Goog-Credential=sa%40p&X-Goog-Signature=0123", "https://storage.googleapis.com/b/f.xml?X-Goog-Credential=***&X-Goog-Signature=***"),
            ("https://d1.cloudfront.net/f.xml?Expires=1&Signature=AbC~d&Key-Pair-Id=K2J", "https://d1.cloudfront.net/f.xml?Expires=1&Signature=***&Key-Pair-Id=***"),
            ("https://api.example/feed?access_token=eyJ.x.y&page=2", "https://api.example/feed?access_token=***&page=2"),
        ]
        for (text, redacted) in cases { #expect(Redaction.redact(text) == redacted) }
        #expect(Redaction.redact("https://www.tempo.co/read/123?page=2&signal=1") == "https://www.tempo.co/read/123?page=2&signal=1")
    }

    @Test func localAddresses() {
        for ip in ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254", "0.0.0.0",
                   "100.64.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:7f00:1"] {
            #expect(LocalAddress.isLocal(ip: ip), "\(ip)")
        }
        for ip in ["8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700::1111", "1.1.1.1"] {
            #expect(!LocalAddress.isLocal(ip: ip), "\(ip)")
        }
        #expect(LocalAddress.isLocal(URL(string: "http://localhost./x")!))
        #expect(LocalAddress.isLocal(URL(string: "http://[::1]:8080/x")!))
    }

    @Test func hostPolicy() {
        let p = HostPolicy(allowedHosts: ["tempo.co", "*.example.org"], allowLocal: false)
        #expect(p.refusal(for: URL(string: "https://www.tempo.co/a")!) == nil)
        #expect(p.refusal(for: URL(string: "https://tempo.co/a")!) == nil)
        #expect(p.refusal(for: URL(string: "https://news.example.org/a")!) == nil)
        #expect(p.refusal(for: URL(string: "https://eviltempo.co/a")!) == .hostNotAllowed("https://eviltempo.co/a"))
        #expect(p.refusal(for: URL(string: "https://tempo.co.evil.com/a")!) == .hostNotAllowed("https://tempo.co.evil.com/a"))
        #expect(p.refusal(for: URL(string: "file:///etc/passwd")!) == .invalidURL("file:///etc/passwd"))
        #expect(p.refusal(for: URL(string: "gopher://tempo.co/")!) == .invalidURL("gopher://tempo.co/"))
        let local = HostPolicy(allowedHosts: nil, allowLocal: false)
        if case .localAddress? = local.refusal(for: URL(string: "http://127.0.0.1:9/")!) {} else { Issue.record("127.0.0.1 not refused") }
        #expect(HostPolicy.open.refusal(for: URL(string: "http://127.0.0.1:9/")!) == nil)
    }
}
