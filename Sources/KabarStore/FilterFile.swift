import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KabarCore

/// The store's two in-memory filters saved at a clean close (`filters.bin` in the data folder),
/// so that the next open loads them instead of reading every URL id and SimHash of the index
/// (4.4 s at 2 million records).
///
/// The file is trusted only when everything says it is the one the last clean close wrote: the
/// index's `meta.filters` holds the token written in the file's header (set in the same commit
/// that marks the store closed cleanly), the filters' words in use fit the options' sizes (a
/// filter grows by doubling, `KeyFilter`, so the words of a smaller one serve a larger size), and
/// a checksum over the words matches. Only the words in use are written. Anything else (a killed writer, whose open cleared the token; another size;
/// a damaged file) and the filters are rebuilt from the index as before. The file is written to a
/// temporary name, fsynced and renamed, so it is whole or absent.
enum FilterFile {
    static let name = "filters.bin"
    private static let magic: UInt64 = 0x4b41_4241_5246_4c31   // "KABARFL1"
    private static let headerWords = 6

    /// Writes both filters' words; returns the token the index must record.
    static func save(_ url: KeyFilter, _ near: NearFilter, in root: URL) throws -> UInt64 {
        var token: UInt64 = 0
        while token == 0 { token = UInt64.random(in: 1...UInt64.max) }
        let final = root.appendingPathComponent(name).path
        let temporary = final + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileStore.Failure.io("\(temporary): \(String(cString: strerror(errno)))") }
        defer { closeDescriptor(fd) }
        let parts = [(url.words, url.activeWords), (near.words, near.activeWords)]
        var header: [UInt64] = [magic, token, UInt64(parts[0].1), UInt64(parts[1].1), 0, 0]
        header[4] = checksum(parts[0].0, parts[0].1); header[5] = checksum(parts[1].0, parts[1].1)
        var offset = Int64(header.count * 8)
        try header.withUnsafeBytes { try LineWriter.writeAll(fd, $0, at: 0, path: temporary) }
        for (words, count) in parts where count > 0 {
            try LineWriter.writeAll(fd, UnsafeRawBufferPointer(start: words.base, count: count * 8), at: offset, path: temporary)
            offset += Int64(count * 8)
        }
        guard fsync(fd) == 0 else { throw FileStore.Failure.io("\(temporary): fsync failed: \(String(cString: strerror(errno)))") }
        guard rename(temporary, final) == 0 else { throw FileStore.Failure.io("\(final): \(String(cString: strerror(errno)))") }
        return token
    }

    /// Loads the saved words into `url` and `near` when the file is the one `token` names and
    /// fits them; false (filters untouched or to be rebuilt) otherwise.
    static func load(into url: inout KeyFilter, _ near: inout NearFilter, token: UInt64, from root: URL) -> Bool {
        let path = root.appendingPathComponent(name).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { closeDescriptor(fd) }
        var header = [UInt64](repeating: 0, count: headerWords)
        let got = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        // The words in use: none for a filter that is off, else a power of two up to its size.
        func fits(_ saved: UInt64, _ words: KeyFilter.Words) -> Bool {
            words.count == 0 ? saved == 0 : saved > 0 && saved <= UInt64(words.count) && saved & (saved - 1) == 0
        }
        guard got == headerWords * 8, header[0] == magic, header[1] == token,
              fits(header[2], url.words), fits(header[3], near.words) else { return false }
        let parts = [(url.words, Int(header[2])), (near.words, Int(header[3]))]
        var offset = Int64(headerWords * 8)
        for (words, count) in parts where count > 0 {
            let bytes = count * 8
            var done = 0
            while done < bytes {
                let n = pread(fd, UnsafeMutableRawPointer(words.base!) + done, bytes - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            offset += Int64(bytes)
        }
        guard checksum(parts[0].0, parts[0].1) == header[4] && checksum(parts[1].0, parts[1].1) == header[5] else { return false }
        url.adopt(activeWords: parts[0].1)
        near.adopt(activeWords: parts[1].1)
        return true
    }

    /// Removes a saved file (a store too small to be worth one, or filters switched off).
    static func remove(in root: URL) {
        unlink(root.appendingPathComponent(name).path)
    }

    private static func checksum(_ words: KeyFilter.Words, _ count: Int) -> UInt64 {
        guard let base = words.base else { return 0 }
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15
        for i in 0..<count { h = (h ^ base[i]) &* 0x0000_0100_0000_01b3 &+ UInt64(i) }
        return Hash64.mix(h)
    }
}
