import CISAL
import CZlib
import Foundation

/// gzip with zlib: one member per call (what a `.warc.gz` is made of), and inflation of
/// gzip, zlib and raw deflate data for HTTP payloads.
public enum GzipCodec {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Inflation stopped at its limit (a decompression bomb, or simply too large to keep).
    public struct TooLarge: Error, CustomStringConvertible {
        public let limit: Int
        public var description: String { "inflates past \(limit) bytes" }
    }

    /// `data` as one complete gzip member.
    public static func member(_ data: Data, level: Int32 = 6) throws -> Data {
        var stream = z_stream()
        guard kabar_deflate_init2(&stream, level, 31) == Z_OK else { throw Failure(description: "deflateInit2 failed") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count))) + 64
        var output = Data(count: bound)
        var input = data
        let produced: Int = try input.withUnsafeMutableBytes { (inBuf: UnsafeMutableRawBufferPointer) in
            try output.withUnsafeMutableBytes { (outBuf: UnsafeMutableRawBufferPointer) in
                stream.next_in = inBuf.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(outBuf.count)
                let status = deflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else { throw Failure(description: "deflate status \(status)") }
                return outBuf.count - Int(stream.avail_out)
            }
        }
        output.count = produced
        return output
    }

    /// Whether `data` starts with the gzip signature.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// Inflates an HTTP payload or a gzip file (a sitemap.xml.gz): gzip or zlib (detected),
    /// else raw deflate. Several gzip members are concatenated. Output past `limit` bytes fails
    /// (a gzip bomb) instead of filling memory.
    public static func inflate(_ data: Data, limit: Int = 1 << 30) throws -> Data {
        do {
            return try inflate(data, windowBits: 15 + 32, limit: limit)
        } catch let error as TooLarge {
            throw error
        } catch {
            // Gzip cut short or corrupt stays that: read again as raw deflate it failed with
            // an unrelated reason ("invalid block type" for a sitemap.xml.gz cut short).
            if isGzip(data) { throw error }
            return try inflate(data, windowBits: -15, limit: limit)
        }
    }

    static func inflate(_ data: Data, windowBits: Int32, limit: Int) throws -> Data {
        var output = Data()
        var input = [UInt8](data)
        var consumed = 0
        let chunk = 256 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        while consumed < input.count {
            var stream = z_stream()
            guard kabar_inflate_init2(&stream, windowBits) == Z_OK else { throw Failure(description: "inflateInit2 failed") }
            defer { inflateEnd(&stream) }
            var status: Int32 = Z_OK
            try input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress! + consumed
                stream.avail_in = uInt(inBuf.count - consumed)
                repeat {
                    try buffer.withUnsafeMutableBufferPointer { out in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(chunk)
                        status = CZlib.inflate(&stream, Z_NO_FLUSH)
                        guard status == Z_OK || status == Z_STREAM_END else {
                            throw Failure(description: stream.msg.map { String(cString: $0) } ?? "zlib status \(status)")
                        }
                        let produced = chunk - Int(stream.avail_out)
                        guard output.count + produced <= limit else { throw TooLarge(limit: limit) }
                        output.append(out.baseAddress!, count: produced)
                    }
                    if status != Z_STREAM_END && stream.avail_in == 0 && stream.avail_out != 0 {
                        throw Failure(description: "truncated compressed data")
                    }
                } while status != Z_STREAM_END
                consumed = inBuf.count - Int(stream.avail_in)
            }
            // Only gzip may be followed by another member; trailing garbage ends the payload.
            if windowBits != 47 || consumed + 2 > input.count || input[consumed] != 0x1F || input[consumed + 1] != 0x8B { break }
        }
        return output
    }
}

/// Reads a file of concatenated gzip members one member at a time, knowing where each begins.
/// Inflates with ISA-L's `isal_inflate` (gzip header and CRC-32/length trailer checked, as
/// zlib's did), about 2-3x faster than zlib's `inflate` on the archive's members: it was ~7 % of
/// re-extraction's CPU. Only the member reader uses it; HTTP payloads (gzip, zlib or raw
/// deflate, detected) stay with zlib (`GzipCodec.inflate`).
final class GzipMemberReader {
    let handle: FileHandle
    let path: String
    private var input: [UInt8] = []
    private var inputStart = 0
    /// File offset of `input[0]`.
    private var inputOffset: Int64
    private var eof = false
    private let readSize = 1 << 20
    /// Inflate output, reused for every member.
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    /// ISA-L's inflate state (its Huffman decode tables and a history buffer, ~40 KB), reset
    /// for each member.
    private let state = UnsafeMutablePointer<inflate_state>.allocate(capacity: 1)

    init(handle: FileHandle, path: String, offset: Int64) {
        self.handle = handle
        self.path = path
        inputOffset = offset
    }

    deinit { state.deallocate() }

    private func fill() throws -> Bool {
        if eof { return false }
        let chunk = try handle.read(upToCount: readSize) ?? Data()
        if chunk.isEmpty { eof = true; return false }
        if inputStart > 0 {
            input.removeFirst(inputStart)
            inputOffset += Int64(inputStart)
            inputStart = 0
        }
        input.append(contentsOf: chunk)
        return true
    }

    /// The file offset of the next unread byte (after `next()`: the end of the member read).
    var position: Int64 { inputOffset + Int64(inputStart) }

    /// What an `isal_inflate` failure means, in zlib's words where zlib has them.
    static func failure(_ status: Int32) -> String {
        switch status {
        case ISAL_INVALID_BLOCK: return "invalid deflate block"
        case ISAL_INVALID_SYMBOL: return "invalid code"
        case ISAL_INVALID_LOOKBACK: return "invalid distance too far back"
        case ISAL_INVALID_WRAPPER: return "incorrect header check"
        case ISAL_UNSUPPORTED_METHOD: return "unknown compression method"
        case ISAL_INCORRECT_CHECKSUM: return "incorrect data check"
        case ISAL_NEED_DICT: return "needs a preset dictionary"
        default: return "isal_inflate status \(status)"
        }
    }

    /// Moves to the first offset at or after `offset` where a gzip member begins (the signature
    /// and method `1f 8b 08`, a header ISA-L accepts) whose first inflated bytes are `prefix`,
    /// and returns it; nil, at the end of the file, when there is none. Each candidate costs at
    /// most one short inflate (its header and first block, into 16 bytes), so a scan stays
    /// linear in the bytes passed over. Reading then goes on from there (`next()`).
    func resync(from offset: Int64, startingWith prefix: [UInt8]) throws -> Int64? {
        do { try handle.seek(toOffset: UInt64(Swift.max(0, offset))) } catch {
            throw WARCError.io(file: path, why: "cannot seek to \(offset): \(error)")
        }
        input = []
        inputStart = 0
        inputOffset = Swift.max(0, offset)
        eof = false
        // What a candidate is given to inflate: enough for any gzip header and a first block's
        // Huffman tables, far less than a member.
        let window = 64 * 1024
        var probe = [UInt8](repeating: 0, count: 16)
        var i = 0
        while true {
            // Keep at least a window after the candidate (or what is left of the file).
            while input.count - (inputStart + i) < window + 3, !eof {
                // `fill()` drops the bytes before `inputStart`: keep the candidate.
                inputStart += i
                i = 0
                if try !fill() { break }
            }
            let at = inputStart + i
            guard at + 3 <= input.count else { inputStart = input.count; return nil }
            if input[at] != 0x1F || input[at + 1] != 0x8B || input[at + 2] != 0x08 { i += 1; continue }
            isal_inflate_init(state)
            state.pointee.crc_flag = UInt32(ISAL_GZIP)
            let available = Swift.min(input.count - at, window)
            let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
                probe.withUnsafeMutableBufferPointer { out in
                    state.pointee.next_in = inBuf.baseAddress! + at
                    state.pointee.avail_in = UInt32(available)
                    state.pointee.next_out = out.baseAddress
                    state.pointee.avail_out = UInt32(prefix.count)
                    guard isal_inflate(state) == ISAL_DECOMP_OK else { return 0 }
                    return prefix.count - Int(state.pointee.avail_out)
                }
            }
            if produced == prefix.count, probe.prefix(prefix.count).elementsEqual(prefix) {
                inputStart = at
                return inputOffset + Int64(at)
            }
            i += 1
        }
    }

    /// The size of the file (where a damaged range that nothing follows ends).
    func fileSize() -> Int64 {
        var info = stat()
        return fstat(handle.fileDescriptor, &info) == 0 ? Int64(info.st_size) : position
    }

    /// The next member's offset and inflated content; nil at the end of the file. A member that
    /// inflates past `limit` bytes is inflated to its end without being kept (so the reader is
    /// past it) and throws `WARCError.tooLarge`: memory stays within `limit` whatever it holds.
    func next(limit: Int = .max) throws -> (offset: Int64, data: Data)? {
        if inputStart >= input.count, try !fill() { return nil }
        let memberOffset = inputOffset + Int64(inputStart)
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        var output = Data()
        var inflated = 0
        let chunk = buffer.count
        var stalled = false
        while true {
            if inputStart >= input.count || stalled, try !fill() {
                throw WARCError.truncated(file: path, offset: memberOffset, why: "gzip member ends before its end (file cut short?)")
            }
            let before = input.count - inputStart
            var left = before
            var finished = false
            try input.withUnsafeMutableBufferPointer { inBuf in
                state.pointee.next_in = inBuf.baseAddress! + inputStart
                state.pointee.avail_in = UInt32(before)
                while true {
                    let produced: Int = try buffer.withUnsafeMutableBufferPointer { out in
                        state.pointee.next_out = out.baseAddress
                        state.pointee.avail_out = UInt32(chunk)
                        let status = isal_inflate(state)
                        guard status == ISAL_DECOMP_OK else {
                            throw WARCError.malformed(file: path, offset: memberOffset, why: "bad gzip data: \(Self.failure(status))")
                        }
                        let produced = chunk - Int(state.pointee.avail_out)
                        inflated += produced
                        if inflated <= limit {
                            output.append(out.baseAddress!, count: produced)
                        } else if !output.isEmpty {
                            output = Data()
                        }
                        return produced
                    }
                    finished = state.pointee.block_state == ISAL_BLOCK_FINISH
                    let remaining = Int(state.pointee.avail_in)
                    // Stop at the member's end, when the input is spent (and the output had
                    // room, so nothing is waiting), or at a call that moved nothing (more
                    // input needed).
                    stalled = produced == 0 && remaining == left && !finished
                    left = remaining
                    if finished || stalled || (remaining == 0 && produced < chunk) { break }
                }
            }
            inputStart += before - left
            if finished {
                guard inflated <= limit else {
                    throw WARCError.tooLarge(file: path, offset: memberOffset,
                                             why: "its gzip member inflates to \(inflated) bytes, over the cap of \(limit)")
                }
                return (memberOffset, output)
            }
        }
    }
}
