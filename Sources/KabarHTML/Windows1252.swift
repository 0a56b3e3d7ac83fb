import Foundation

/// Decodes Windows-1252 (and ISO-8859-1, which browsers read as Windows-1252) to UTF-8 before
/// the parse, as the WHATWG Encoding Standard does: every byte has a character, and the five
/// bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are the C1 controls of
/// their value. libxml2 hands this charset to iconv, which stops at an undefined byte: the
/// parse then ended there, and the rest of the page (often most of its text) was lost, with
/// "input conversion failed" printed on stderr.
public enum Windows1252 {
    /// The page's bytes as UTF-8.
    public static func utf8(_ data: Data) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(data.count + data.count / 8)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for byte in raw {
                if byte < 0x80 {
                    out.append(byte)
                    continue
                }
                let scalar = (0x80...0x9F).contains(byte)
                    ? DoubleEncoding.windows1252High[Int(byte - 0x80)] ?? UInt32(byte)
                    : UInt32(byte)
                if scalar < 0x800 {
                    out.append(UInt8(0xC0 | scalar >> 6))
                } else {
                    out.append(UInt8(0xE0 | scalar >> 12))
                    out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
                }
                out.append(UInt8(0x80 | scalar & 0x3F))
            }
        }
        return Data(out)
    }
}
