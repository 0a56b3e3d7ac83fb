import CCrypto
import Foundation

/// WARC-Record-IDs: `<urn:uuid:...>` with a random (version 4) UUID, lower case, from
/// OpenSSL's random generator. Foundation's `UUID()` opens and reads `/dev/urandom` for each
/// UUID on Linux; an archived fetch takes three ids, and those system calls were 1.6 % of a
/// crawl's CPU (docs/PERFORMANCE.md). `RAND_bytes` draws from a seeded generator in the
/// process (a cryptographic one, as `/dev/urandom` is), so ids stay as unpredictable and as
/// unlikely to collide.
enum WARCRecordID {
    static func make() -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let drawn = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, 16) == 1 }
        guard drawn else { return "<urn:uuid:\(UUID().uuidString.lowercased())>" }
        return format(bytes)
    }

    /// 16 random bytes as a version 4, variant 1 (RFC 9562) UUID URN.
    static func format(_ random: [UInt8]) -> String {
        var b = random
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = Array("<urn:uuid:".utf8)
        out.reserveCapacity(47)
        for (i, byte) in b.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 15)])
        }
        out.append(UInt8(ascii: ">"))
        return String(decoding: out, as: UTF8.self)
    }
}
