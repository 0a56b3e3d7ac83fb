import Foundation
import KabarCore
import KabarFetch
import KabarStore

/// Where the downloader asks what an image URL came to before and records what it comes to
/// now: the data folder's index (`images` table). A storage without one (the shared
/// PostgreSQL store) gives nil: every run then fetches its articles' images again, and the
/// content-addressed files still hold each picture once.
public protocol ImageIndex: Actor {
    func image(url: String) async throws -> ImageRow?
    func recordImage(_ row: ImageRow) async throws
}

/// Downloads the images of the articles a run stores (a schedule's `images: { download: true }`)
/// before the record is stored, so the record is written once, its image entries carrying
/// `file`, `sha256`, `bytes`, `width`, `height` and `type` (see docs/STORE.md, "Images").
///
/// Each image, lead first, up to `max_per_article`: on an allowed host (the article's own,
/// the plugin's claimed hosts, `images.hosts`); not already downloaded (the index, and its file
/// still there) nor failed for good; fetched through the run's `Fetcher` (its politeness and
/// robots.txt, per host), at most `max_bytes`; served as `image/*` and sniffed as a JPEG, PNG,
/// GIF, WebP or AVIF image (`ImageHeader`); written content-addressed (`ImageStore`). A failed
/// image leaves its entry without those fields, is counted and noted, and never fails the
/// article.
struct ImageDownloader: Sendable {
    let settings: ScheduleImages
    let schedule: Schedule
    let fetcher: Fetcher
    let files: ImageStore
    let index: (any ImageIndex)?
    /// The claimed hosts and `images.hosts` (the article's own host is added per article).
    let hosts: [String]
    let warn: @Sendable (String) -> Void
    private let tally = Tally()
    private let inFlight = InFlight()

    init(schedule: Schedule, claimedHosts: [String], fetcher: Fetcher, folder: any RunStorage, warn: @escaping @Sendable (String) -> Void) {
        settings = schedule.images
        self.schedule = schedule
        self.fetcher = fetcher
        files = ImageStore(root: folder.url)
        index = folder as? any ImageIndex
        hosts = claimedHosts + schedule.images.hosts
        self.warn = warn
    }

    /// What the run's downloads came to so far.
    var counts: ImageCounts { tally.counts }

    /// The outcome with its article's images downloaded (any other outcome as it is). An
    /// article one of whose images was not requested because the run was asked to stop is
    /// `.stopped`: it stays queued and the next run fetches it with its images. Stored without
    /// them, it was never fetched again (already stored), and its pictures were never downloaded.
    func attach(to outcome: ArticleFetch.Outcome) async -> ArticleFetch.Outcome {
        guard settings.download, case .article(var article, let status, let etag, let lastModified, let pages) = outcome else { return outcome }
        guard let images = await download(article.images, of: article.url) else { return .stopped }
        article.images = images
        return .article(article, status: status, etag: etag, lastModified: lastModified, pages: pages)
    }

    /// The images with their downloads, up to `max_per_article` of them; nil when one was not
    /// requested because the run was asked to stop.
    func download(_ images: [ImageRef], of articleURL: String) async -> [ImageRef]? {
        var images = images
        let page = URL(string: articleURL)?.host.map { $0.hasPrefix("www.") ? String($0.dropFirst(4)) : $0 }
        let policy = HostPolicy(allowedHosts: hosts + (page.map { [$0] } ?? []))
        for i in images.indices {
            guard i < settings.maxPerArticle else {
                tally.add { $0.skipped += images.count - i }
                break
            }
            switch await one(images[i].url, policy: policy, articleURL: articleURL) {
            case .image(let download): images[i].download = download
            case .nothing: images[i].download = nil
            case .notSent: return nil
            }
        }
        return images
    }

    /// What one image came to: its download, nothing (refused or failed: counted and noted),
    /// or not requested because the run was asked to stop (not counted).
    enum Fetched: Sendable {
        case image(ImageDownload)
        case nothing
        case notSent
    }

    /// One image: its download, or why there is none.
    func one(_ address: String, policy: HostPolicy, articleURL: String) async -> Fetched {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, policy.permits(host: host) else {
            tally.add { $0.skipped += 1 }
            return .nothing
        }
        // Two articles in flight with the same picture: one fetch, the other waits for it.
        let (fetched, joined) = await inFlight.run(address) { await fetch(url, address: address, articleURL: articleURL) }
        if joined {
            switch fetched {
            case .image: tally.add { $0.reused += 1 }
            case .nothing: tally.add { $0.skipped += 1 }
            case .notSent: break
            }
        }
        return fetched
    }

    /// The image fetched and stored, unless the index has it (or knows it failed for good).
    func fetch(_ url: URL, address: String, articleURL: String) async -> Fetched {
        let known = try? await index?.image(url: address)
        if let download = known?.download, files.holds(download) {
            tally.add { $0.reused += 1 }
            return .image(download)
        }
        if known?.permanent == true {
            tally.add { $0.skipped += 1 }
            return .nothing
        }
        var request = FetchRequest(url: schedule.fetchURL(for: url), headers: ["Accept": "image/avif,image/webp,image/*;q=0.8"])
        request.maxBodyBytes = settings.maxBytes.bytes
        let response = await fetcher.fetch(request)
        if ArticleFetch.isStopped(response) { return .notSent }
        let result: Result<ImageDownload, ImageFailure>
        do {
            result = .success(try files.write(response.body, header: Self.check(response)))
        } catch let failure as ImageFailure {
            result = .failure(failure)
        } catch {
            result = .failure(ImageFailure(reason: "\(error)", permanent: false))
        }
        switch result {
        case .success(let download):
            try? await index?.recordImage(ImageRow(url: address, download: download))
            tally.add { $0.downloaded += 1; $0.bytes += download.bytes }
            return .image(download)
        case .failure(let failure):
            try? await index?.recordImage(ImageRow(url: address, download: nil, failure: failure.reason, permanent: failure.permanent))
            let n = tally.add { $0.failed += 1 }.failed
            if n <= 10 { warn("image \(Redaction.redact(address)) of \(articleURL): \(failure.reason)\(failure.permanent ? "" : " (tried again by a later run)")") }
            if n == 11 { warn("image: more failed images are counted, not listed") }
            return .nothing
        }
    }

    /// The header of a fetched image, or why it is none: a failed fetch, a type other than
    /// `image/*`, bytes of no known image format.
    static func check(_ response: FetchResponse) throws -> ImageHeader {
        guard response.isSuccess else {
            let permanent: Bool
            switch response.error {
            case .httpStatus(let status)?: permanent = (400..<500).contains(status) && status != 408 && status != 429
            case .robotsDisallowed?: permanent = true
            case let error?: permanent = error.isPermanent
            case nil: permanent = false
            }
            throw ImageFailure(reason: response.error?.description ?? "HTTP \(response.status)", permanent: permanent)
        }
        let type = (response.headers["Content-Type"] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard type.hasPrefix("image/") else {
            throw ImageFailure(reason: "not an image: Content-Type \(type.isEmpty ? "missing" : type)", permanent: true)
        }
        guard let header = ImageHeader.read(response.body) else {
            throw ImageFailure(reason: "served as \(type) but the bytes are no JPEG, PNG, GIF, WebP or AVIF image", permanent: true)
        }
        return header
    }

    struct ImageFailure: Error {
        let reason: String
        let permanent: Bool
    }

    /// The image fetches under way, by URL.
    actor InFlight {
        private var fetches: [String: Task<Fetched, Never>] = [:]

        /// The result of `work` for `url`, or of the same URL's fetch under way (joined: true).
        func run(_ url: String, _ work: @escaping @Sendable () async -> Fetched) async -> (Fetched, joined: Bool) {
            if let under = fetches[url] { return (await under.value, true) }
            let task = Task { await work() }
            fetches[url] = task
            let result = await task.value
            fetches[url] = nil
            return (result, false)
        }
    }

    /// The run's counts, shared by the article tasks.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var value = ImageCounts()

        var counts: ImageCounts { lock.withLock { value } }

        @discardableResult
        func add(_ change: (inout ImageCounts) -> Void) -> ImageCounts {
            lock.withLock { change(&value); return value }
        }
    }
}

/// What a run's image downloads came to (`RunCounters.images`).
public struct ImageCounts: Sendable, Equatable {
    /// Fetched and written (or found written: the same picture under another URL).
    public var downloaded = 0
    /// Downloaded by an earlier article or run: not fetched again.
    public var reused = 0
    /// Fetched and refused or failed (noted in the index; the article is stored all the same).
    public var failed = 0
    /// Not fetched: past `max_per_article`, on a host not allowed, not http(s), or failed for good before.
    public var skipped = 0
    /// Bytes of the images downloaded.
    public var bytes = 0

    public init() {}

    public var any: Bool { downloaded + reused + failed + skipped > 0 }

    public var summary: String {
        "images \(downloaded) downloaded (\(bytes) bytes), \(reused) already had, \(failed) failed, \(skipped) skipped"
    }

    public var json: String {
        "{\"downloaded\":\(downloaded),\"reused\":\(reused),\"failed\":\(failed),\"skipped\":\(skipped),\"bytes\":\(bytes)}"
    }
}
