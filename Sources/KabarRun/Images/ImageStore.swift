import Foundation
import KabarArchive
import KabarCore

/// The downloaded images' files: content-addressed under `<data>/images/`, named by the
/// SHA-256 of their bytes with the extension of their sniffed format, in folders of the hash's
/// first two and next two hex digits (`images/9f/86/9f86d0…08.png`), so that no folder grows
/// past a few thousand entries. The same picture under many URLs or on many pages is one
/// file. A file is written whole or not at all: to a temporary name in the same folder, then
/// renamed once its bytes are synced (a process killed half-way leaves a `.tmp-` file, never a
/// short image).
public struct ImageStore: Sendable {
    /// The data folder (files go under its `images/`).
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The path of an image's file under the data folder.
    public static func path(sha256: String, format: ImageHeader.Format) -> String {
        let a = sha256.prefix(2), b = sha256.dropFirst(2).prefix(2)
        return "images/\(a)/\(b)/\(sha256).\(format.fileExtension)"
    }

    /// Whether the file a record names is there (a re-run fetches an image again when not).
    public func holds(_ download: ImageDownload) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(download.file).path)
    }

    /// Writes the bytes (of the format their header gives) unless a file of the same hash is
    /// already there; returns what the record says of them.
    public func write(_ bytes: Data, header: ImageHeader) throws -> ImageDownload {
        let sha = SHA256.hex(bytes)
        let path = Self.path(sha256: sha, format: header.format)
        let target = root.appendingPathComponent(path)
        if !FileManager.default.fileExists(atPath: target.path) {
            let folder = target.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".tmp-\(sha)-\(UUID().uuidString)")
            do {
                try bytes.write(to: temporary)
                // On disk before it gets its name: a power loss leaves no named file short.
                let handle = try FileHandle(forWritingTo: temporary)
                try handle.synchronize()
                try handle.close()
                // rename(2) replaces atomically: two runs writing the same picture at once
                // both end with the one whole file.
                guard rename(temporary.path, target.path) == 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw ImageStoreFailure(path: path, reason: SystemReason.of(error))
            }
        }
        return ImageDownload(file: path, sha256: sha, bytes: bytes.count, width: header.width, height: header.height,
                             type: header.format.mimeType)
    }
}

/// An image file that could not be written (a full disk, a read-only folder): the image
/// fails, the article does not.
public struct ImageStoreFailure: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): cannot write the file: \(reason)" }
}
