import CLibDeflate
import Foundation

/// How WARC records are compressed: which deflate implementation and at what level. Either way
/// each record is one standard gzip member (RFC 1952), so warcio, Common Crawl's tools and
/// `zcat` read the files alike; only speed and size differ (`kabar bench archive` measures
/// both on saved pages).
///
/// The default is ISA-L (`isal`) at level 1: on ~100 KB news pages it compresses about twice
/// as fast as libdeflate at level 1 (about 0.15 ms of CPU a page instead of 0.31, which was a
/// tenth of a crawl's CPU), for files about 8 % larger. libdeflate 1 was the default before
/// it (about 5x faster than zlib at zlib's default level 6, for files 9 % larger); libdeflate 6
/// is both faster than zlib 6 (about 2x) and no larger, for an archive kept long;
/// docs/PERFORMANCE.md has the figures (`kabar bench archive`). zlib stays available
/// (`archive: { codec: zlib }`).
public struct ArchiveCompression: Sendable, Equatable, CustomStringConvertible {
    public enum Codec: String, Sendable, CaseIterable {
        case zlib
        case libdeflate
        /// Intel's ISA-L (`igzip`).
        case isal

        /// The levels the library accepts (0 stores without compressing).
        public var levels: ClosedRange<Int> {
            switch self {
            case .zlib: return 0...9
            case .libdeflate: return 0...12
            case .isal: return 0...3
            }
        }
    }

    public var codec: Codec
    public var level: Int

    /// `level` must be in `codec.levels` (checked where settings are read; clamped here).
    public init(codec: Codec = .isal, level: Int = 1) {
        self.codec = codec
        self.level = min(max(level, codec.levels.lowerBound), codec.levels.upperBound)
    }

    public static let `default` = ArchiveCompression()

    public var description: String { "\(codec.rawValue) level \(level)" }

    /// `data` as one complete gzip member.
    public func member(_ data: Data) throws -> Data {
        switch codec {
        case .zlib: return try GzipCodec.member(data, level: Int32(level))
        case .libdeflate: return try LibDeflatePool.shared(level: level).gzip(data)
        case .isal: return try ISALDeflatePool.shared(level: level).gzip(data)
        }
    }
}

/// libdeflate compressors of one level, reused (`CompressorPool`), each with its output buffer.
final class LibDeflatePool: @unchecked Sendable {
    let level: Int
    private let compressors = CompressorPool<Compressor>()

    private init(level: Int) { self.level = level }

    private static let pools = PoolsByLevel { LibDeflatePool(level: $0) }

    /// The process's pool for `level`.
    static func shared(level: Int) -> LibDeflatePool { pools.pool(level: level) }

    /// A compressor and its output buffer.
    final class Compressor {
        let pointer: OpaquePointer
        let output = OutputBuffer()

        init(_ pointer: OpaquePointer) { self.pointer = pointer }

        deinit { libdeflate_free_compressor(pointer) }
    }

    /// `data` as one gzip member.
    func gzip(_ data: Data) throws -> Data {
        let compressor = try compressors.take {
            guard let c = libdeflate_alloc_compressor(Int32(level)) else {
                throw GzipCodec.Failure(description: "libdeflate_alloc_compressor(\(level)) failed")
            }
            return Compressor(c)
        }
        defer { compressors.give(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor.pointer, data.count)
        return try compressor.output.with(bound) { out in
            let produced = data.withUnsafeBytes { input in
                libdeflate_gzip_compress(compressor.pointer, input.baseAddress, input.count, out.baseAddress, out.count)
            }
            // The bound is large enough for any input, so 0 (no room) cannot happen; checked all the same.
            guard produced > 0 else { throw GzipCodec.Failure(description: "libdeflate_gzip_compress produced nothing for \(data.count) bytes") }
            return Data(bytes: out.baseAddress!, count: produced)
        }
    }
}
