import CCrypto
import Foundation

/// SHA-1 (OpenSSL's libcrypto), streaming: `update` any number of times, then `finish`. The
/// context is a value held by the caller (OpenSSL's `SHA_CTX`): no allocation and no provider
/// look-up per digest, where EVP's allocated a context and set up its provider's for each of a
/// page's four digests. The block function is the same one (SHA extensions where the CPU has
/// them). WARC digests are `sha1:` + the 20 bytes in base32, as in the WARC spec's examples.
public struct SHA1 {
    private var context = SHA_CTX()

    public init() { kabar_sha1_init(&context) }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        kabar_sha1_update(&context, base, bytes.count)
    }

    /// The digest; the context is spent (start another for more).
    public mutating func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        kabar_sha1_final(&context, &out)
        return out
    }

    public static func hash(_ data: Data) -> [UInt8] {
        var h = SHA1()
        h.update(data)
        return h.finish()
    }
}

public enum WARCDigest {
    /// `sha1:` + base32 (RFC 4648, upper case, no padding needed for 20 bytes).
    public static func sha1(_ data: Data) -> String { "sha1:" + base32(SHA1.hash(data)) }

    public static func sha1(of parts: [Data]) -> String {
        var h = SHA1()
        for p in parts { h.update(p) }
        return "sha1:" + base32(h.finish())
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5 + 8)
        var buffer: UInt64 = 0
        var bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt64(b)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt64(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt64(5 - bits)) & 31)]) }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }
}
