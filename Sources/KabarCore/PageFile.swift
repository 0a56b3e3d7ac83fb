import Foundation

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

    public static func read(_ url: URL, limit: Int = defaultMaxBytes) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var st = stat()
        if fstat(handle.fileDescriptor, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int64(st.st_size) > Int64(limit) {
            throw TooLarge(path: url.relativePath, bytes: Int64(st.st_size), limit: limit)
        }
        var data = Data()
        while data.count <= limit {
            guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty else { return data }
            data.append(chunk)
        }
        throw TooLarge(path: url.relativePath, bytes: Int64(data.count), limit: limit)
    }
}
