import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decodes a page in a legacy charset (Shift_JIS, GBK, Windows-1251, ISO-8859-2...) to UTF-8
/// before the parse, through iconv, with each byte iconv cannot read replaced by U+FFFD and the
/// decoding going on after it. libxml2 hands these charsets to iconv itself and stops at the
/// first byte iconv refuses: the rest of the page was lost. (Windows-1252 has its own table,
/// `Windows1252`: browsers read its undefined bytes as C1 controls, not as errors.)
public enum LegacyDecoder {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// `data` read as `charset`, as UTF-8; nil when iconv does not know the charset.
    public static func utf8(_ data: Data, charset: String) -> Data? {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [UInt8](data)
        var result = [UInt8]()
        result.reserveCapacity(data.count * 2)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        input.withUnsafeMutableBytes { inRaw in
            var next: UnsafeMutablePointer<CChar>? = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = next == nil ? 0 : inRaw.count
            while inLeft > 0 {
                chunk.withUnsafeMutableBytes { outRaw in
                    var out: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outRaw.count
                    let status = iconv(converter, &next, &inLeft, &out, &outLeft)
                    let failure = status == -1 ? errno : 0
                    result.append(contentsOf: outRaw.prefix(outRaw.count - outLeft))
                    guard status == -1, failure != E2BIG else { return }
                    // A byte iconv cannot read (EILSEQ), or a character cut off at the end
                    // (EINVAL): U+FFFD for one byte, then on.
                    result.append(contentsOf: replacement)
                    next = next.map { $0 + 1 }
                    inLeft -= 1
                }
            }
            // Stateful charsets (ISO-2022-JP) end in their initial state.
            chunk.withUnsafeMutableBytes { outRaw in
                var out: UnsafeMutablePointer<CChar>? = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                _ = iconv(converter, nil, nil, &out, &outLeft)
                result.append(contentsOf: outRaw.prefix(outRaw.count - outLeft))
            }
        }
        return Data(result)
    }
}
