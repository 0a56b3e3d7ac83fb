import CZlib
import Foundation

/// gzip decompression with zlib, bounded: a sitemap.xml.gz that would inflate past `limit`
/// fails instead of filling memory. (libxml2 decompresses gzip only when it opens a file
/// itself; sitemaps arrive in memory from the fetcher.)
public enum Gunzip {
    public enum Failure: Error, CustomStringConvertible {
        case corrupt(String)
        case tooLarge(Int)
        public var description: String {
            switch self {
            case .corrupt(let why): return "corrupt gzip data: \(why)"
            case .tooLarge(let limit): return "gzip data inflates past \(limit) bytes"
            }
        }
    }

    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    public static func decompress(_ data: Data, limit: Int) throws -> Data {
        var stream = z_stream()
        // 16 + MAX_WBITS: gzip wrapper; 32 would also accept zlib.
        guard kabar_inflate_init2(&stream, 16 + MAX_WBITS) == Z_OK else { throw Failure.corrupt("inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        var input = [UInt8](data)
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                try buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                        throw Failure.corrupt(message)
                    }
                    let produced = chunk - Int(stream.avail_out)
                    guard output.count + produced <= limit else { throw Failure.tooLarge(limit) }
                    output.append(out.baseAddress!, count: produced)
                }
                if status != Z_STREAM_END && stream.avail_in == 0 && stream.avail_out != 0 {
                    throw Failure.corrupt("truncated")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
