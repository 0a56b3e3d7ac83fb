import CCrypto
import Foundation

/// SHA-1 (OpenSSL's libcrypto, EVP interface), streaming: `update` any number of times, then
/// `finish`. WARC digests are `sha1:` + the 20 bytes in base32, as in the WARC spec's examples.
public final class SHA1 {
    private let context: OpaquePointer

    /// SHA-1's implementation, fetched from OpenSSL's providers once: `EVP_sha1()` passed to
    /// `EVP_DigestInit_ex` is fetched again on every call (a locked table lookup), four times a
    /// crawled page (the request's, payload's, response's and metadata's digests).
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA1", nil)

    public init() {
        context = EVP_MD_CTX_new()
        if let algorithm = Self.algorithm { EVP_DigestInit_ex(context, algorithm, nil) } else { EVP_DigestInit_ex(context, EVP_sha1(), nil) }
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        EVP_DigestUpdate(context, base, bytes.count)
    }

    public func finish() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        return out
    }

    public static func hash(_ data: Data) -> [UInt8] {
        let h = SHA1()
        h.update(data)
        return h.finish()
    }
}

public enum WARCDigest {
    /// `sha1:` + base32 (RFC 4648, upper case, no padding needed for 20 bytes).
    public static func sha1(_ data: Data) -> String { "sha1:" + base32(SHA1.hash(data)) }

    public static func sha1(of parts: [Data]) -> String {
        let h = SHA1()
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
