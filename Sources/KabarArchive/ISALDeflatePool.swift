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
        func gzip(_ input: UnsafeRawBufferPointer, level: Int, into out: UnsafeMutableRawBufferPointer) throws -> Int? {
            isal_deflate_stateless_init(stream)
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
