import Foundation

/// Where a record is: a file (relative to the data folder, e.g. `warc/tempo-...warc.gz`, or
/// as given) and the byte offset of its gzip member.
public struct WARCLocation: Sendable, Hashable, Codable {
    public var file: String
    public var offset: Int64
    public init(file: String, offset: Int64) { self.file = file; self.offset = offset }
}

/// Writes WARC/1.1 files, one gzip member per record: per fetch a `request`, a `response`
/// (or a `revisit` for a 304) and a `metadata` record, kept together in one file. Files are
/// `<directory>/<site>-<YYYYMMDDhhmmss>-<nnnnn>.warc.gz`, each starting with a `warcinfo`
/// record, and a new one is begun when the next fetch would take a file past `maxFileSize`.
/// Safe to call from many tasks at once: records are compressed on the caller's thread and
/// appended under a lock.
///
/// A file being written is named `<name>.warc.gz.open` and renamed when it is finished
/// (rotation, `close`), so a file without the suffix is always whole. A writer killed mid-write
/// leaves its `.open` file, perhaps with a torn last member: `recoverUnfinished(in:)`, run by
/// the next writer of the folder, cuts it back to its last whole member and renames it.
public final class WARCWriter: @unchecked Sendable {
    public let directory: URL
    public let site: String
    public let maxFileSize: Int64
    /// Prefixed to file names in returned locations (default: the directory's name + "/").
    public let locationPrefix: String
    public let software: String
    /// How each record is compressed (always one standard gzip member per record).
    public let compression: ArchiveCompression
    /// Whether `response` records carry a `WARC-Block-Digest` (the SHA-1 of the HTTP head and
    /// body) next to their `WARC-Payload-Digest` (the body's). On by default, as Heritrix,
    /// wget and Common Crawl write them. Off, a response's body is digested once instead of
    /// twice (~0.05 ms of CPU for a 100 KB page, ~2.5 % of a crawl's CPU): the payload digest
    /// (what revisits and deduplication read) stays, and the gzip member's CRC-32, which every
    /// reader checks as it inflates, still covers the whole record against damage. The other
    /// records (request, revisit, metadata, warcinfo) always carry their block digest, their
    /// only one, which costs little on their few hundred bytes.
    public let responseBlockDigest: Bool

    private let lock = NSLock()
    private let stamp: String
    private var sequence = 0
    private var handle: FileHandle?
    private var fileName = ""
    private var size: Int64 = 0
    private var recordsInFile = 0
    /// The current file's bytes up to here are already handed to the kernel's writeback.
    private var writebackFrom: Int64 = 0
    public private(set) var filesWritten: [String] = []
    /// Each time the current file has grown by this many bytes, the new part is handed to the
    /// kernel's writeback at once (`sync_file_range(SYNC_FILE_RANGE_WRITE)`, which does not
    /// wait for the disk), instead of all of it waiting for the fsync at the end of the run
    /// (`sync`, `close`), which then finds at most this much still to write: a crawl's last
    /// step no longer writes its whole archive (50 MB for 2 000 pages) with every core idle.
    /// Durability is as before: a record is on disk after that fsync. 0: no early writeback.
    public var writebackBytes: Int64 = 8 << 20
    /// Times a part of a file was handed to writeback early, and the bytes handed over.
    public private(set) var writebacksStarted = 0
    public private(set) var bytesWrittenBack: Int64 = 0
    private var closed = false
    /// The current file's size at its last fsync (-1: not synced since it was begun or cut).
    private var syncedSize: Int64 = -1
    /// fsyncs of the archive's files so far (`sync`, and each file's when it is finished).
    public private(set) var fsyncs = 0

    public init(directory: URL, site: String, maxFileSize: Int64 = 1_000_000_000, locationPrefix: String? = nil,
                software: String = "Kabar", compression: ArchiveCompression = .default,
                responseBlockDigest: Bool = true) throws {
        self.directory = directory
        self.compression = compression
        self.responseBlockDigest = responseBlockDigest
        let safe = site.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
        self.site = safe.isEmpty ? "kabar" : String(safe)
        self.maxFileSize = max(maxFileSize, 1)
        self.locationPrefix = locationPrefix ?? directory.lastPathComponent + "/"
        self.software = software
        var t = time_t(Date().timeIntervalSince1970)
        var tm = tm()
        gmtime_r(&t, &tm)
        stamp = String(format: "%04d%02d%02d%02d%02d%02d", Int(tm.tm_year) + 1900, Int(tm.tm_mon) + 1, Int(tm.tm_mday),
                       Int(tm.tm_hour), Int(tm.tm_min), Int(tm.tm_sec))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WARCError.io(file: directory.path, why: "cannot create: \(error)")
        }
    }

    deinit { try? close() }

    public static func newRecordID() -> String { WARCRecordID.make() }

    /// Archives one fetch. Returns where the `response` (or `revisit`) record is, the
    /// record's `source`; nil when no response arrived.
    @discardableResult
    // Long: the records of one exchange (request, response or revisit, metadata) built in the order
    // they are written, tied by the record ids made at the top.
    public func archive(_ x: WARCExchange) throws -> WARCLocation? {
        let date = WARCDate.string(x.date)
        let responseID = Self.newRecordID()
        var members: [Data] = []
        var responseIndex: Int? = nil

        // request
        let requestBlock = x.requestHead()
        var requestFields: [(name: String, value: String)] = [
            ("WARC-Type", "request"), ("WARC-Record-ID", Self.newRecordID()), ("WARC-Date", date),
            ("WARC-Target-URI", x.targetURI),
        ]
        if x.status > 0 { requestFields.append(("WARC-Concurrent-To", responseID)) }
        if let ip = x.remoteIP { requestFields.append(("WARC-IP-Address", ip)) }
        requestFields += [("Content-Type", "application/http;msgtype=request"),
                          ("WARC-Block-Digest", WARCRecord.pendingDigest),
                          ("Content-Length", String(requestBlock.count))]
        members.append(try compression.member(WARCRecord(fields: requestFields, block: requestBlock).serialized()))

        // response or revisit
        if x.status > 0 {
            var fields: [(name: String, value: String)]
            // The block in parts (HTTP head, body): digested while serialized, without first
            // copying the body behind the head (the digests are filled in by `serialized`).
            let block: [Data]
            if x.isRevisit {
                let head = x.responseHead(includeLength: false)
                block = [head]
                fields = [("WARC-Type", "revisit"), ("WARC-Record-ID", responseID), ("WARC-Date", date),
                          ("WARC-Target-URI", x.targetURI),
                          ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/server-not-modified")]
                if let uri = x.refersToURI { fields.append(("WARC-Refers-To-Target-URI", uri)) }
                if let d = x.refersToDate { fields.append(("WARC-Refers-To-Date", WARCDate.string(d))) }
            } else {
                let head = x.responseHead()
                block = [head, x.body]
                fields = [("WARC-Type", "response"), ("WARC-Record-ID", responseID), ("WARC-Date", date),
                          ("WARC-Target-URI", x.targetURI),
                          ("WARC-Payload-Digest", WARCRecord.pendingDigest)]
                if x.truncated { fields.append(("WARC-Truncated", x.truncation)) }
            }
            if let ip = x.remoteIP { fields.append(("WARC-IP-Address", ip)) }
            if let v = x.httpVersion { fields.append(("WARC-Protocol", v == "2" ? "h2" : v == "3" ? "h3" : "http/\(v)")) }
            if let page = x.pageURI, page != x.targetURI { fields.append(("Kabar-Page-URI", page)) }
            if let first = x.continues { fields.append(("Kabar-Continues", first)) }
            if let role = x.role { fields.append(("Kabar-Role", role)) }
            if let e = x.extractor { fields.append(("Kabar-Extractor", e)) }
            fields.append(("Content-Type", "application/http;msgtype=response"))
            if x.isRevisit || responseBlockDigest { fields.append(("WARC-Block-Digest", WARCRecord.pendingDigest)) }
            fields.append(("Content-Length", String(block.reduce(0) { $0 + $1.count })))
            responseIndex = members.count
            members.append(try compression.member(WARCRecord.serialized(fields: fields, block: block)))
        }

        // metadata
        var meta = ""
        for (k, v) in x.metadata { meta += "\(k): \(Self.oneLine(v))\r\n" }
        if x.status > 0, !x.isRevisit, x.responseHeaders.contains(where: { WARCExchange.isDecodedAway($0.name) }) {
            meta += "kabar-note: body stored decoded; Content-Encoding, Transfer-Encoding and Content-Length as received are kept as X-Kabar-Orig-*\r\n"
        }
        let metaBlock = Data(meta.utf8)
        var metaFields: [(name: String, value: String)] = [
            ("WARC-Type", "metadata"), ("WARC-Record-ID", Self.newRecordID()), ("WARC-Date", date),
            ("WARC-Target-URI", x.targetURI),
        ]
        if x.status > 0 { metaFields.append(("WARC-Concurrent-To", responseID)) }
        metaFields += [("Content-Type", "application/warc-fields"), ("WARC-Block-Digest", WARCRecord.pendingDigest),
                       ("Content-Length", String(metaBlock.count))]
        members.append(try compression.member(WARCRecord(fields: metaFields, block: metaBlock).serialized()))

        let offsets = try append(members)
        guard let responseIndex else { return nil }
        return WARCLocation(file: locationPrefix + offsets.file, offset: offsets.offsets[responseIndex])
    }

    /// A metadata value on one line: CR and LF as spaces (values rarely hold them; Foundation's
    /// replacing is only called when one does).
    static func oneLine(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 13 || $0 == 10 }) else { return value }
        return value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// Appends members to the current file (rotating first if they would not fit); their offsets.
    /// The members are joined into one write before the lock is taken (the other fetches'
    /// threads wait on it), so that under it only the write itself is left.
    private func append(_ members: [Data]) throws -> (file: String, offsets: [Int64]) {
        let total = Int64(members.reduce(0) { $0 + $1.count })
        var starts: [Int64] = []
        var bytes = Data()
        bytes.reserveCapacity(Int(total))
        for m in members {
            starts.append(Int64(bytes.count))
            bytes.append(m)
        }
        lock.lock()
        defer { lock.unlock() }
        if closed { throw WARCError.io(file: directory.path, why: "the WARC writer is closed") }
        if handle == nil || (recordsInFile > 0 && size + total > maxFileSize) { try rotate() }
        guard let handle else { throw WARCError.io(file: directory.path, why: "no file open") }
        let offsets = starts.map { size + $0 }
        do {
            try write(bytes, to: handle)
        } catch {
            try cutBack(handle, why: "\(error)")
        }
        size += total
        recordsInFile += members.count
        if writebackBytes > 0, size - writebackFrom >= writebackBytes { startWriteback(handle) }
        return (fileName, offsets)
    }

    /// Hands the current file's bytes since the last writeback to the kernel's writeback,
    /// without waiting for them to reach the disk. A hint: a failure shows at the fsync. The
    /// call itself can wait for a busy disk's queue, so it is made on a queue of its own,
    /// through a duplicate of the descriptor (the file may be finished and closed meanwhile),
    /// not under the lock the fetches' records are appended under.
    private func startWriteback(_ handle: FileHandle) {
        #if os(Linux)
        let fd = dup(handle.fileDescriptor)
        if fd >= 0 {
            let (offset, count) = (writebackFrom, size - writebackFrom)
            Self.writebackQueue.async {
                _ = kabar_sync_file_range(fd, offset, count, 2 /* SYNC_FILE_RANGE_WRITE */)
                Glibc.close(fd)
            }
        }
        #endif
        writebacksStarted += 1
        bytesWrittenBack += size - writebackFrom
        writebackFrom = size
    }

    /// Where early writebacks are requested, one at a time.
    private static let writebackQueue = DispatchQueue(label: "kabar.warc.writeback")

    /// Test hook: a disk that is full once the current file holds this many bytes (a write
    /// past it writes what fits, then fails with ENOSPC, as a full disk does).
    var diskFullAt: Int64?

    /// Writes all of `bytes` at the file's current position.
    private func write(_ bytes: Data, to handle: FileHandle) throws {
        if let limit = diskFullAt, size + Int64(bytes.count) > limit {
            let fits = Int(max(0, limit - size))
            if fits > 0 { try handle.write(contentsOf: bytes.prefix(fits)) }
            throw POSIXError(.ENOSPC)
        }
        try handle.write(contentsOf: bytes)
    }

    /// After a failed write (disk full, I/O error): the file is cut back to its last whole record
    /// (`size`), so the archive stays readable and the next fetch is appended after it. When it
    /// cannot be cut, the file is left named `.open` (the next writer's `recoverUnfinished` cuts
    /// it) and the next fetch begins a new file. Throws the write's failure either way.
    private func cutBack(_ handle: FileHandle, why: String) throws -> Never {
        syncedSize = -1
        let fd = handle.fileDescriptor
        if ftruncate(fd, off_t(size)) == 0, lseek(fd, off_t(size), SEEK_SET) == off_t(size) {
            throw WARCError.io(file: fileName, why: "write failed (\(why)); the file was cut back to its last whole record at \(size) bytes")
        }
        let cutError = String(cString: strerror(errno))
        self.handle = nil
        try? handle.close()
        throw WARCError.io(file: fileName + Self.openSuffix,
                           why: "write failed (\(why)) and the torn record could not be cut off (\(cutError)); the file is left unfinished for the next run to repair")
    }

    /// Syncs, closes and renames the current file to its final name. A file fsynced at its
    /// current size (the run's `sync` just before its `close`) is not fsynced again.
    private func finishFile() throws {
        guard let handle else { return }
        if syncedSize != size {
            try? handle.synchronize()
            fsyncs += 1
        }
        self.handle = nil
        try handle.close()
        let final = directory.appendingPathComponent(fileName).path
        guard rename(final + Self.openSuffix, final) == 0 else {
            throw WARCError.io(file: final + Self.openSuffix, why: "cannot rename to \(fileName): \(String(cString: strerror(errno)))")
        }
    }

    private func rotate() throws {
        try finishFile()
        var name: String
        repeat {
            name = "\(site)-\(stamp)-\(String(format: "%05d", sequence)).warc.gz"
            sequence += 1
        } while FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
            || FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path + Self.openSuffix)
        let path = directory.appendingPathComponent(name).path + Self.openSuffix
        // open(2), not FileManager.createFile: Foundation creates a file by writing a hidden
        // temporary (".dat.nosync...") and renaming it, and a run killed between the two left
        // that temporary in the archive folder, where readers took it for a WARC file.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WARCError.io(file: path, why: "cannot create: \(String(cString: strerror(errno)))")
        }
        let h = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        handle = h
        fileName = name
        size = 0
        recordsInFile = 0
        writebackFrom = 0
        syncedSize = -1
        filesWritten.append(locationPrefix + name)
        let info = Data("software: \(software)\r\nformat: WARC File Format 1.1\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n".utf8)
        let fields: [(name: String, value: String)] = [
            ("WARC-Type", "warcinfo"), ("WARC-Record-ID", Self.newRecordID()), ("WARC-Date", WARCDate.string(Date())),
            ("WARC-Filename", name), ("Content-Type", "application/warc-fields"),
            ("WARC-Block-Digest", WARCRecord.pendingDigest), ("Content-Length", String(info.count)),
        ]
        let member = try compression.member(WARCRecord(fields: fields, block: info).serialized())
        do { try write(member, to: h) } catch {
            // Not even the warcinfo record fits: nothing whole, no file.
            handle = nil
            try? h.close()
            unlink(path)
            filesWritten.removeLast()
            throw WARCError.io(file: path, why: "write failed: \(error); the file was removed")
        }
        size = Int64(member.count)
    }

    /// Flushes the current file to disk (fsync).
    public func sync() throws {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        try handle.synchronize()
        fsyncs += 1
        syncedSize = size
    }

    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        try finishFile()
    }

    /// The suffix of a file still being written.
    public static let openSuffix = ".open"

    /// What `recoverUnfinished` did to one file.
    public struct Recovery: Sendable, Equatable {
        /// The file's final name (without `.open`); nil when nothing whole was left and it was removed.
        public var file: String?
        public var keptBytes: Int64
        public var cutBytes: Int64
    }

    /// `recoverUnfinished`, with one line per file it finished handed to `note` (the run loop
    /// logs them as warnings, `reextract` prints them): the one way Kabar recovers an archive.
    public static func recover(in directory: URL, site: String? = nil, note: (String) -> Void) throws {
        for r in try recoverUnfinished(in: directory, site: site) {
            note("archive: recovered an unfinished file: \(r.file ?? "(nothing whole, removed)"), \(r.cutBytes) torn bytes cut")
        }
    }

    /// Finishes the files a killed writer left in `directory` (`*.open`): each is cut back to
    /// the end of its last whole gzip member (a member that inflates completely and passes its
    /// CRC), and renamed to its final name; a file with no whole member is removed. Run it
    /// only while no writer is writing to the folder (Kabar: holding the data folder's lock).
    @discardableResult
    /// With `site`, only that writer's files (`<site>-<stamp>-<nnnnn>.warc.gz.open`) are touched,
    /// so a run never cuts a file another writer (another schedule, another worker sharing the
    /// folder) is still writing.
    public static func recoverUnfinished(in directory: URL, site: String? = nil) throws -> [Recovery] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var out: [Recovery] = []
        for name in names.sorted() where name.hasSuffix(openSuffix) && (site.map { isFile(name, of: $0) } ?? true) {
            let path = directory.appendingPathComponent(name).path
            let final = String(path.dropLast(openSuffix.count))
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            let kept = try wholeMembersLength(path)
            if kept == 0 {
                try? FileManager.default.removeItem(atPath: path)
                out.append(Recovery(file: nil, keptBytes: 0, cutBytes: size))
                continue
            }
            if kept < size, truncate(path, off_t(kept)) != 0 {
                throw WARCError.io(file: path, why: "cannot cut back to \(kept) bytes: \(String(cString: strerror(errno)))")
            }
            guard rename(path, final) == 0 else {
                throw WARCError.io(file: path, why: "cannot rename: \(String(cString: strerror(errno)))")
            }
            out.append(Recovery(file: (final as NSString).lastPathComponent, keptBytes: kept, cutBytes: size - kept))
        }
        return out
    }

    /// Whether `name` is one of the files a writer for `site` makes: `<site>-` then a 14-digit
    /// stamp, `-`, a 5-digit sequence and `.warc.gz` (then `.open` while it is written).
    static func isFile(_ name: String, of site: String) -> Bool {
        guard name.hasPrefix(site + "-") else { return false }
        var rest = Substring(name.dropFirst(site.count + 1))
        if rest.hasSuffix(openSuffix) { rest = rest.dropLast(openSuffix.count) }
        guard rest.hasSuffix(".warc.gz") else { return false }
        let core = rest.dropLast(".warc.gz".count)
        let parts = core.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 14 && parts[1].count == 5
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// The length of the file's leading run of whole gzip members.
    static func wholeMembersLength(_ path: String) throws -> Int64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw WARCError.io(file: path, why: "cannot open") }
        defer { try? handle.close() }
        let reader = GzipMemberReader(handle: handle, path: path, offset: 0)
        var end: Int64 = 0
        while true {
            do {
                guard try reader.next() != nil else { break }
            } catch {
                break
            }
            end = reader.position
        }
        return end
    }
}

#if os(Linux)
/// glibc's `sync_file_range` (declared under _GNU_SOURCE, which the Glibc module does not export).
@_silgen_name("sync_file_range")
private func kabar_sync_file_range(_ fd: Int32, _ offset: Int64, _ count: Int64, _ flags: UInt32) -> Int32
#endif
