import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A saved page read from disk within a size cap: the file's size is checked before anything
/// is read, and no more than `limit + 1` bytes are ever read (a file that grows meanwhile, or
/// is no regular file, is still refused), so a huge file costs nothing. Extraction holds the
/// page's parse tree, many times its size; the cap is what keeps that bounded.
public enum PageFile {
    /// The default cap, the fetcher's default page cap (`limits.max_page_size`).
    public static let defaultMaxBytes = 10 << 20

    public struct TooLarge: Error, CustomStringConvertible {
        public let path: String
        public let bytes: Int64
        public let limit: Int
        public var description: String {
            "\(bytes) bytes, over the page size cap of \(limit) bytes (--max-page-size); not read"
        }
    }

    /// The bytes of a saved page: a regular file only (a FIFO would wait for a writer forever;
    /// `InputFolder.Problem` names what it is), within `limit` (`TooLarge`), every failure in words.
    public static func read(_ url: URL, limit: Int = defaultMaxBytes) throws -> Data {
        let fd = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputFolder.Problem(path: url.path, reason: "cannot read: \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw InputFolder.Problem(path: url.path, reason: "cannot read: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw InputFolder.Problem(path: url.path, reason: "not a regular file (\(InputFolder.kind(st.st_mode))); expected a saved page")
        }
        if Int64(st.st_size) > Int64(limit) {
            throw TooLarge(path: url.relativePath, bytes: Int64(st.st_size), limit: limit)
        }
        var data = Data()
        do {
            while data.count <= limit {
                guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty else { return data }
                data.append(chunk)
            }
        } catch {
            throw InputFolder.Problem(path: url.path, reason: "cannot read: \(InputFolder.reason(of: error))")
        }
        throw TooLarge(path: url.relativePath, bytes: Int64(data.count), limit: limit)
    }
}
