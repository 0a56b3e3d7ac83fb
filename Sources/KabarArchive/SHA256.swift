import CCrypto
import Foundation

/// SHA-256 (OpenSSL's libcrypto, EVP interface) of a whole buffer: the name of a downloaded
/// image's file (content addressing, see `ImageStore`).
public enum SHA256 {
    /// The digest as 64 lower-case hex digits.
    public static func hex(_ data: Data) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        data.withUnsafeBytes { if let base = $0.baseAddress, $0.count > 0 { EVP_DigestUpdate(context, base, $0.count) } }
        EVP_DigestFinal_ex(context, &out, &length)
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in out { hex.append(digits[Int(byte >> 4)]); hex.append(digits[Int(byte & 0x0F)]) }
        return String(decoding: hex, as: UTF8.self)
    }
}
