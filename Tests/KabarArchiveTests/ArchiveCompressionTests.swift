import Foundation
import KabarArchive
import KabarTesting
import Testing

/// The WARC archive's compression options: each writes standard gzip members that zlib inflates
/// and the reader reads back byte for byte, and the chosen codec and level are the ones used.
@Suite struct ArchiveCompressionTests {
    /// A page-like body that compresses well (so level 0, stored, is visibly larger).
    static let body = String(repeating: "<p class=\"para\">Warga menanam bibit mangrove di pesisir Sayung, Demak.</p>\n", count: 400)

    func write(_ compression: ArchiveCompression) throws -> (bytes: Data, path: String, dir: URL) {
        let dir = try tempFolder()
        let writer = try WARCWriter(directory: dir, site: "c", locationPrefix: "", compression: compression)
        for n in 0..<3 { try writer.archive(exchange(n, body: Self.body + String(n))) }
        try writer.close()
        let path = dir.appendingPathComponent(writer.filesWritten[0]).path
        return (try Data(contentsOf: URL(fileURLWithPath: path)), path, dir)
    }

    @Test(arguments: [ArchiveCompression(codec: .libdeflate, level: 0), ArchiveCompression(codec: .libdeflate, level: 1),
                      ArchiveCompression(codec: .libdeflate, level: 6), ArchiveCompression(codec: .libdeflate, level: 12),
                      ArchiveCompression(codec: .zlib, level: 0), ArchiveCompression(codec: .zlib, level: 6),
                      ArchiveCompression(codec: .zlib, level: 9),
                      ArchiveCompression(codec: .isal, level: 0), ArchiveCompression(codec: .isal, level: 1),
                      ArchiveCompression(codec: .isal, level: 2), ArchiveCompression(codec: .isal, level: 3)])
    func everyOptionWritesGzipMembersTheReaderReadsBack(_ compression: ArchiveCompression) throws {
        let (bytes, path, dir) = try write(compression)
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = Array(try WARCReader(path: path))
        #expect(records.map(\.type) == ["warcinfo"] + Array(repeating: ["request", "response", "metadata"], count: 3).flatMap { $0 })
        let bodies = records.filter { $0.type == "response" }.compactMap { String(data: $0.block, encoding: .utf8) }
        #expect(bodies.count == 3)
        for (n, block) in bodies.enumerated() { #expect(block.hasSuffix(Self.body + String(n)), "\(compression)") }
        // The whole file is concatenated gzip members that zlib alone inflates.
        let all = try GzipCodec.inflate(bytes)
        #expect(all.count > 3 * Self.body.utf8.count)
        // The gzip header's OS byte: zlib writes 3 (Unix), libdeflate and ISA-L 255 (unknown).
        #expect(bytes[9] == (compression.codec == .zlib ? 3 : 255), "\(compression)")
        if compression.level == 0 && compression.codec != .isal {
            // Level 0 stores (ISA-L's level 0 is its fastest deflate, not a stored one).
            #expect(bytes.count > all.count, "level 0 stores: \(bytes.count) bytes for \(all.count)")
        } else {
            #expect(bytes.count * 5 < all.count, "\(compression): \(bytes.count) bytes for \(all.count)")
        }
    }

    @Test func theDefaultIsISALAtLevel1() throws {
        #expect(ArchiveCompression.default == ArchiveCompression(codec: .isal, level: 1))
        // ISA-L's members, not those of libdeflate 1 (the default before it): the same input is
        // other bytes with each.
        let page = Data(Self.body.utf8)
        let member = try ArchiveCompression.default.member(page)
        #expect(member == (try ArchiveCompression(codec: .isal, level: 1).member(page)))
        #expect(member != (try ArchiveCompression(codec: .libdeflate, level: 1).member(page)))
        #expect(try GzipCodec.inflate(member) == page)
        let (bytes, _, dir) = try write(.default)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(bytes[9] == 255)
        // Level 1's deflate: larger than libdeflate 9's on the same records.
        let (nine, _, dir9) = try write(ArchiveCompression(codec: .libdeflate, level: 9))
        defer { try? FileManager.default.removeItem(at: dir9) }
        #expect(nine.count < bytes.count)
    }

    /// A compressor's output buffer is reused between members of any size (one over the 1 MB it
    /// keeps, one that shrinks, one that grows): each member is the same bytes a fresh
    /// compressor writes and inflates to its input.
    @Test(arguments: [ArchiveCompression(codec: .libdeflate, level: 5), ArchiveCompression(codec: .isal, level: 1)])
    func aReusedOutputBufferWritesTheSameMembers(_ codec: ArchiveCompression) throws {
        var seed: UInt64 = 16
        let noise = Data((0..<(3 << 20)).map { _ in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 56)
        })
        let inputs = [Data(Self.body.utf8), noise, Data(Self.body.prefix(100).utf8), noise.prefix(200_000), Data(Self.body.utf8)]
        let first = try inputs.map { try codec.member($0) }
        for (input, member) in zip(inputs, first) { #expect(try GzipCodec.inflate(member) == input) }
        #expect(try inputs.map { try codec.member($0) } == first)
        #expect(first[0] == first[4])
    }

    @Test(arguments: [ArchiveCompression(codec: .libdeflate, level: 3), ArchiveCompression.default])
    func writersOnManyThreadsShareTheCompressors(_ compression: ArchiveCompression) async throws {
        let dir = try tempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try WARCWriter(directory: dir, site: "t", locationPrefix: "", compression: compression)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<64 { group.addTask { try writer.archive(exchange(n, body: Self.body + String(n))) } }
            try await group.waitForAll()
        }
        try writer.close()
        let records = Array(try WARCReader(path: dir.appendingPathComponent(writer.filesWritten[0]).path))
        let bodies = Set(records.filter { $0.type == "response" }.compactMap { String(data: $0.block, encoding: .utf8) })
        #expect(bodies.count == 64)
        for n in 0..<64 { #expect(bodies.contains { $0.hasSuffix(Self.body + String(n)) }, "page \(n)") }
    }
}
