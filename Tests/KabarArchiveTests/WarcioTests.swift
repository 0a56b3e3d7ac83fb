import Foundation
import KabarArchive
import KabarTesting
import Testing

/// An independent reader: `warcio` (from PyPI, in a venv of its own) checks every digest of
/// the files Kabar wrote and indexes them at the offsets Kabar's reader gives.
/// Set `KABAR_WARCIO` to a warcio executable to skip the install; the suite is skipped with
/// a message when python3 -m venv or pip is unavailable (no network to PyPI).
enum Warcio {
    static let executable: URL? = {
        if let given = ProcessInfo.processInfo.environment["KABAR_WARCIO"] {
            return FileManager.default.isExecutableFile(atPath: given) ? URL(fileURLWithPath: given) : nil
        }
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("kabar-warcio-venv-\(getpid())")
        let python = URL(fileURLWithPath: "/usr/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: python.path),
              let made = try? Executables.run(python, ["-m", "venv", venv.path]), made.status == 0 else {
            print("warcio check skipped: python3 -m venv is unavailable")
            return nil
        }
        let pip = venv.appendingPathComponent("bin/pip")
        guard let installed = try? Executables.run(pip, ["install", "-q", "warcio"]), installed.status == 0 else {
            print("warcio check skipped: pip install warcio failed (no access to PyPI?)")
            return nil
        }
        return venv.appendingPathComponent("bin/warcio")
    }()
}

@Suite(.serialized, .enabled(if: Warcio.executable != nil, "warcio could not be installed from PyPI"))
struct WarcioTests {
    @Test func warcioChecksAndIndexesWhatKabarWrote() async throws {
        let warcio = try #require(Warcio.executable)
        let site = try LocalTestSite()
        defer { site.stop() }
        let data = try Executables.temporaryFolder("kabar-warcio")
        defer { try? FileManager.default.removeItem(at: data) }
        _ = try await ReextractTests.run(site, data: data, maxFileSize: 20_000)
        // Plus records of every kind the writer makes: a revisit, a failed fetch, a truncated body.
        let writer = try WARCWriter(directory: data.appendingPathComponent("warc"), site: "kinds")
        var revisit = exchange(1, status: 304)
        revisit.body = Data()
        revisit.refersToURI = revisit.targetURI
        revisit.refersToDate = Date()
        try writer.archive(revisit)
        try writer.archive(exchange(2, status: 0))
        var cut = exchange(3)
        cut.truncated = true
        try writer.archive(cut)
        try writer.archive(exchange(4, body: String(repeating: "é ü 中文 ", count: 5_000)))
        try writer.close()
        // And files of the other compression options (zlib; libdeflate at its fastest and strongest levels).
        for (site, compression) in [("zlib", ArchiveCompression(codec: .zlib, level: 6)), ("ld1", ArchiveCompression(codec: .libdeflate, level: 1)),
                                    ("ld12", ArchiveCompression(codec: .libdeflate, level: 12))] {
            let other = try WARCWriter(directory: data.appendingPathComponent("warc"), site: site, compression: compression)
            for n in 5..<8 { try other.archive(exchange(n, body: String(repeating: "kabar \(n) ", count: 2_000))) }
            try other.close()
        }
        // And responses without a block digest (`response_block_digest: false`): warcio checks their payload digests.
        let payloadOnly = try WARCWriter(directory: data.appendingPathComponent("warc"), site: "payloadonly", responseBlockDigest: false)
        for n in 8..<11 { try payloadOnly.archive(exchange(n, body: String(repeating: "payload \(n) ", count: 2_000))) }
        try payloadOnly.close()

        let folder = data.appendingPathComponent("warc")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0).path }
        #expect(files.count > 2)
        let check = try Executables.run(warcio, ["check", "-v"] + files)
        #expect(check.status == 0, "warcio check: \(check.stdout) \(check.stderr)")
        #expect(!check.stdout.contains("digest failed"), "\(check.stdout)")
        #expect(check.stdout.contains("digest pass"), "\(check.stdout)")
        var total = 0
        for file in files {
            let index = try Executables.run(warcio, ["index", "-f", "warc-type,warc-target-uri,offset,length", file])
            #expect(index.status == 0, "\(index.stderr)")
            let lines = index.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            let ours = try WARCReader(path: file).map { ($0.type, $0.offset) }
            #expect(lines.count == ours.count)
            for (theirs, mine) in zip(lines, ours) {
                #expect(theirs["warc-type"] as? String == mine.0)
                #expect(Int64(theirs["offset"] as? String ?? "") == mine.1)
            }
            total += lines.count
        }
        print("warcio: \(files.count) files, \(total) records checked and indexed")
    }
}
