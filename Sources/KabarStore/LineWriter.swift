import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a store's JSON lines to their files on a thread of its own, so that `pwrite` and
/// `fdatasync` overlap the index work of the storing thread.
///
/// The storing thread hands over whole buffers (`write`), asks for the files to be made durable
/// (`sync`) and then waits (`finish`) before it commits the index that names those lines: the
/// order the store's crash safety rests on (lines durable first, index second) is kept, only the
/// waiting moves to the last moment. The writer owns the files' descriptors (opened on first use,
/// the least recently used closed past a limit), so no descriptor is closed while a write to it
/// waits. After a failure every later write is skipped, and `finish` throws the first failure.
final class LineWriter: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let root: URL
    private let queue = DispatchQueue(label: "kabar.store.lines")
    /// Touched only on `queue`.
    private var descriptors: DescriptorCache
    private var failure: Failure?
    /// Buffers handed over and not yet written, bounded by `maxQueuedBytes`.
    private let room: DispatchSemaphore
    private let unitBytes: Int

    /// `maxQueuedBytes`: bytes handed over and not yet written before `write` waits (in units of
    /// `unitBytes`, so a large buffer takes several units).
    init(root: URL, descriptorLimit: Int = 64, maxQueuedBytes: Int = 32 << 20, unitBytes: Int = 1 << 20) {
        self.root = root
        self.descriptors = DescriptorCache(limit: descriptorLimit)
        self.unitBytes = unitBytes
        self.room = DispatchSemaphore(value: max(1, maxQueuedBytes / unitBytes))
    }

    /// Writes `parts`, one after the other, at `offset` of the file at `path` (relative to the
    /// root), in the order of the calls (`pwritev`: the lines are not copied into one buffer).
    /// Waits while too many bytes are queued.
    func write(file: Int64, path: String, parts: [[UInt8]], bytes: Int, at offset: Int64) {
        let units = min(max(1, bytes / unitBytes), 16)
        for _ in 0..<units { room.wait() }
        queue.async { [self] in
            defer { for _ in 0..<units { room.signal() } }
            guard failure == nil else { return }
            do {
                let fd = try descriptor(file: file, path: path)
                try Self.checkEnd(fd, offset, path: path)
                try Self.writeAll(fd, parts, at: offset, path: path)
            } catch let error as Failure {
                failure = error
            } catch {
                failure = Failure(description: "\(path): \(error)")
            }
        }
    }

    /// Makes the files durable (fdatasync), after the writes handed over before.
    func sync(_ files: [(file: Int64, path: String)]) {
        queue.async { [self] in
            guard failure == nil else { return }
            for (file, path) in files {
                do {
                    let fd = try descriptor(file: file, path: path)
                    if fdatasync(fd) != 0 {
                        failure = Failure(description: "\(path): fsync failed: \(String(cString: strerror(errno)))")
                        return
                    }
                } catch let error as Failure {
                    failure = error
                    return
                } catch {
                    failure = Failure(description: "\(path): \(error)")
                    return
                }
            }
        }
    }

    /// Waits for everything handed over; throws the first failure (and keeps throwing it).
    func finish() throws {
        let failed = queue.sync { failure }
        if let failed { throw failed }
    }

    /// Waits for the queue, then closes every descriptor.
    func closeAll() {
        queue.sync { descriptors.closeAll() }
    }

    private func descriptor(file: Int64, path: String) throws -> Int32 {
        if let fd = descriptors.get(file) { return fd }
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "\(url.path): \(String(cString: strerror(errno)))") }
        descriptors.put(file, fd)
        return fd
    }

    /// Lines are only ever appended: a write must begin at the file's end. Anything else means
    /// the file is not what the index says (the index lost or replaced, the file changed by
    /// another hand), and writing would destroy records: refuse instead.
    static func checkEnd(_ fd: Int32, _ offset: Int64, path: String) throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: "\(path): cannot stat: \(String(cString: strerror(errno)))") }
        guard Int64(st.st_size) == offset else {
            throw Failure(description: "\(path): the file is \(st.st_size) bytes where the index expected \(offset); "
                + "refusing to write over records (rebuild the index from the files: `kabar rebuild-index`)")
        }
    }

    /// Writes `buffer` at `offset`, resuming after short writes.
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, at offset: Int64, path: String) throws {
        var done = 0
        while done < buffer.count {
            let n = pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "\(path): write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }

    /// Writes the parts in order from `offset`, up to 1 024 at a time, resuming after short writes.
    static func writeAll(_ fd: Int32, _ parts: [[UInt8]], at offset: Int64, path: String) throws {
        var position = off_t(offset)
        var start = 0
        while start < parts.count {
            let end = min(start + 1024, parts.count)
            var iov: [iovec] = []
            iov.reserveCapacity(end - start)
            // The parts stay alive (and unmoved) in `parts` while the pointers are used.
            for k in start..<end where !parts[k].isEmpty {
                parts[k].withUnsafeBytes { iov.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)) }
            }
            var first = 0
            while first < iov.count {
                let n = iov.withUnsafeBufferPointer { pwritev(fd, $0.baseAddress! + first, Int32(min(iov.count - first, 1024)), position) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "\(path): write failed: \(String(cString: strerror(errno)))")
                }
                position += off_t(n)
                var left = n
                while left > 0 && first < iov.count {
                    if left >= iov[first].iov_len {
                        left -= iov[first].iov_len
                        first += 1
                    } else {
                        iov[first].iov_base += left
                        iov[first].iov_len -= left
                        left = 0
                    }
                }
            }
            start = end
        }
    }
}

/// Open file descriptors of the JSON Lines files, the least recently used closed past `limit`.
struct DescriptorCache {
    let limit: Int
    private var fds: [Int64: (fd: Int32, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    init(limit: Int) { self.limit = limit }

    mutating func get(_ key: Int64) -> Int32? {
        guard let entry = fds[key] else { return nil }
        clock += 1
        fds[key] = (entry.fd, clock)
        return entry.fd
    }

    mutating func put(_ key: Int64, _ fd: Int32) {
        if fds.count >= limit, let oldest = fds.min(by: { $0.value.used < $1.value.used }) {
            closeDescriptor(oldest.value.fd)
            fds.removeValue(forKey: oldest.key)
        }
        clock += 1
        fds[key] = (fd, clock)
    }

    mutating func closeAll() {
        for entry in fds.values { closeDescriptor(entry.fd) }
        fds.removeAll()
    }
}

/// `close(2)` (inside `FileStore`, `close` names the store's own method).
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
