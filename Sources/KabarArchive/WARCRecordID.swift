import CCrypto
import Foundation

/// WARC-Record-IDs: `<urn:uuid:...>` with a random (version 4) UUID, lower case, from
/// OpenSSL's random generator. Foundation's `UUID()` opens and reads `/dev/urandom` for each
/// UUID on Linux; an archived fetch takes three ids, and those system calls were 1.6 % of a
/// crawl's CPU (docs/PERFORMANCE.md). `RAND_bytes` draws from a seeded generator in the
/// process (a cryptographic one, as `/dev/urandom` is), so ids stay as unpredictable and as
/// unlikely to collide. Its fixed cost per call (OpenSSL 3 finds its generator through the
/// provider tables each time) is paid once per 256 ids: bytes are drawn 4 KB at a time.
enum WARCRecordID {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pool = [UInt8](repeating: 0, count: 4096)
    nonisolated(unsafe) private static var used = 4096

    static func make() -> String {
        let bytes: [UInt8]? = lock.withLock {
            if used + 16 > pool.count {
                guard pool.withUnsafeMutableBufferPointer({ RAND_bytes($0.baseAddress, Int32($0.count)) }) == 1 else { return nil }
                used = 0
            }
            defer { used += 16 }
            // Each byte handed out once.
            return Array(pool[used..<(used + 16)])
        }
        guard let bytes else { return "<urn:uuid:\(UUID().uuidString.lowercased())>" }
        return format(bytes)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// 16 random bytes as a version 4, variant 1 (RFC 9562) UUID URN.
    static func format(_ random: [UInt8]) -> String {
        var b = random
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        var out: [UInt8] = Array("<urn:uuid:".utf8)
        out.reserveCapacity(47)
        for (i, byte) in b.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 15)])
        }
        out.append(UInt8(ascii: ">"))
        return String(decoding: out, as: UTF8.self)
    }
}
