import CISAL
import Foundation

/// ISA-L's deflate (Intel's Intelligent Storage Acceleration Library, `igzip`) at one level,
/// one gzip member per call (`isal_deflate_stateless`). A compressor is the stream's state (its
/// hash table) and the level's buffer, a few hundred KB that serve one call at a time, so
/// concurrent callers each take one from the pool; each keeps its output buffer, as
/// `LibDeflatePool`'s do.
final class ISALDeflatePool: @unchecked Sendable {
    let level: Int
    private let compressors = CompressorPool<Compressor>()

    private init(level: Int) { self.level = level }

    private static let pools = PoolsByLevel { ISALDeflatePool(level: $0) }

    /// The process's pool for `level`.
    static func shared(level: Int) -> ISALDeflatePool { pools.pool(level: level) }

    /// A stream, its level buffer and its output buffer.
    final class Compressor {
        let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
        let levelBuffer: UnsafeMutableRawBufferPointer
        let output = OutputBuffer()

        init(level: Int) {
            levelBuffer = .allocate(byteCount: max(Int(kabar_isal_level_buffer_size(Int32(level))), 1), alignment: 16)
        }

        deinit {
            stream.deallocate()
            levelBuffer.deallocate()
        }

        /// Compresses `input` as one gzip member into `out`; its length, or nil when `out` was too small.
        /// A small record (up to `smallRecord` bytes) at level 1-3 is compressed at level 0 with
        /// `smallRecordTables`: see there.
        func gzip(_ input: UnsafeRawBufferPointer, level: Int, into out: UnsafeMutableRawBufferPointer) throws -> Int? {
            isal_deflate_stateless_init(stream)
            let small = level > 0 && input.count <= ISALDeflatePool.smallRecord
            let level = small ? 0 : level
            if small { isal_deflate_set_hufftables(stream, ISALDeflatePool.smallRecordTables, Int32(IGZIP_HUFFTABLE_CUSTOM)) }
            stream.pointee.level = UInt32(level)
            stream.pointee.level_buf = level > 0 ? levelBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self) : nil
            stream.pointee.level_buf_size = level > 0 ? UInt32(levelBuffer.count) : 0
            stream.pointee.gzip_flag = UInt16(IGZIP_GZIP)
            stream.pointee.end_of_stream = 1
            stream.pointee.flush = UInt16(NO_FLUSH)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(out.count)
            let status = isal_deflate_stateless(stream)
            if status == STATELESS_OVERFLOW { return nil }
            guard status == COMP_OK else {
                throw GzipCodec.Failure(description: "isal_deflate_stateless (level \(level)) failed with status \(status) for \(input.count) bytes")
            }
            return Int(stream.pointee.total_out)
        }
    }

    /// The largest record compressed with `smallRecordTables`.
    static let smallRecord = 2048

    /// Huffman tables for small records (a fetch's `request` and `metadata` records, ~400-700
    /// bytes each, and `warcinfo`), made once from the letters of such records. At levels 1-3
    /// ISA-L builds a record's own tables from its histogram, which for a record this small is
    /// most of the work: 6.2 us a member, against 1.3 us at level 0 with these tables (a C loop
    /// over a 573-byte metadata record), for 459 bytes instead of 419 (a page's three members
    /// are ~24 KB, so the archive grows ~0.3 %). Every symbol has a code (`isal_create_hufftables`),
    /// so any bytes compress; the tables go into the member's block header, as a dynamic
    /// block's do: a standard gzip member, read by any inflater.
    /// Written once, when first used (Swift's lazy static initialisation is thread-safe), and
    /// only read after.
    nonisolated(unsafe) static let smallRecordTables: UnsafeMutablePointer<isal_hufftables> = {
        let tables = UnsafeMutablePointer<isal_hufftables>.allocate(capacity: 1)
        let histogram = UnsafeMutablePointer<isal_huff_histogram>.allocate(capacity: 1)
        defer { histogram.deallocate() }
        memset(histogram, 0, MemoryLayout<isal_huff_histogram>.size)
        var sample = Array(smallRecordSample.utf8)
        isal_update_histogram(&sample, Int32(sample.count), histogram)
        isal_create_hufftables(tables, histogram)
        return tables
    }()

    /// Constructed records of the kinds `smallRecordTables` serve (a request and a metadata
    /// record as `WARCWriter` writes them, with made-up ids, digests and address).
    static let smallRecordSample = """
        WARC/1.1\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d>\r\n\
        WARC-Date: 2026-12-06T21:10:05Z\r\nWARC-Target-URI: https://metro.example.co/read/7654321/another-slug-for-a-page\r\n\
        WARC-Concurrent-To: <urn:uuid:0f1e2d3c-4b5a-4968-8776-655443322110>\r\nWARC-IP-Address: 203.0.113.7\r\n\
        Content-Type: application/http;msgtype=request\r\nWARC-Block-Digest: sha1:QWERTYUIOPASDFGHJKLZXCVBNM234567\r\n\
        Content-Length: 190\r\n\r\nGET /read/7654321/another-slug-for-a-page HTTP/1.1\r\nHost: metro.example.co\r\n\
        User-Agent: Kabar/1.0 (+https://example.org/bot)\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n\r\n\r\n\
        WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:uuid:3f2a1b4c-9d8e-4f7a-8b6c-5d4e3f2a1b0c>\r\n\
        WARC-Date: 2026-12-06T22:53:11Z\r\nWARC-Target-URI: https://news.example.co/read/1234567/some-slug-of-the-title\r\n\
        WARC-Concurrent-To: <urn:uuid:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d>\r\nContent-Type: application/warc-fields\r\n\
        WARC-Block-Digest: sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567\r\nContent-Length: 312\r\n\r\nschedule: news\r\n\
        attempts: 1\r\nelapsed-s: 0.0123\r\ntimings-s: dns=0.0000 connect=0.0001 tls=0.0000 first-byte=0.0100 total=0.0123\r\n\
        http-version: 1.1\r\n\r\n
        """

    /// An output size that holds any input of `count` bytes: ISA-L writes incompressible data as
    /// stored blocks (5 bytes of header per 64 KB), inside the gzip header and trailer. A call that
    /// still overflows is made again with twice the room.
    static func bound(_ count: Int) -> Int { count + count / 64 + 1024 }

    /// `data` as one gzip member.
    func gzip(_ data: Data) throws -> Data {
        guard data.count <= Int(UInt32.max / 2) else {
            throw GzipCodec.Failure(description: "isal: \(data.count) bytes is more than one gzip member of this codec takes")
        }
        let compressor = compressors.take { Compressor(level: level) }
        defer { compressors.give(compressor) }
        return try data.withUnsafeBytes { input in
            var room = Self.bound(input.count)
            while true {
                let produced = try compressor.output.with(room) { out in
                    try compressor.gzip(input, level: level, into: out).map { Data(bytes: out.baseAddress!, count: $0) }
                }
                if let produced { return produced }
                room *= 2
            }
        }
    }
}
