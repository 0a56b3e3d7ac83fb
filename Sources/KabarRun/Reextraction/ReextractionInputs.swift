import Foundation
import KabarArchive
import KabarCore

/// The pages a re-extraction reads, as jobs: the input files in order and, in a WARC file,
/// its records in order. Records that are not article pages, are archived before `--since`
/// or belong to another site than `--site` are counted as skipped; continuation pages the
/// archive marks (`Kabar-Continues`) are set aside by URL for their first page.
struct ReextractionInputs {
    typealias Job = Reextraction.Job
    typealias PageLocation = Reextraction.PageLocation

    let reextraction: Reextraction
    private var files: IndexingIterator<[URL]>
    private var reader: WARCReader?
    private var readerPath = ""
    private var seq = 0

    init(_ inputs: [URL], reextraction: Reextraction) {
        self.reextraction = reextraction
        self.files = inputs.makeIterator()
    }

    var options: Reextraction.Options { reextraction.options }

    /// The next job, or nil when every input is read. Problems and skips go to `summary`.
    mutating func next(_ summary: inout Reextraction.Summary, continuations: inout [String: PageLocation]) throws -> Job? {
        while true {
            if let r = reader {
                if let job = try nextRecord(of: r, summary: &summary, continuations: &continuations) { return job }
                continue
            }
            guard let file = files.next() else { return nil }
            if let job = open(file, summary: &summary) { return job }
        }
    }

    /// A job from the open WARC file's next record; nil when the record is no job (or the file
    /// ended, which closes it).
    private mutating func nextRecord(of r: WARCReader, summary: inout Reextraction.Summary,
                                     continuations: inout [String: PageLocation]) throws -> Job? {
        let record: WARCRecord?
        do { record = try r.next() } catch WARCError.tooLarge(let file, let offset, let why) {
            // The reader is past it: go on with the next record.
            let what = "\(reextraction.display(URL(fileURLWithPath: file)))@\(offset): skipped: \(why)"
            summary.skip("over a size cap", what)
            summary.warn(what)
            return nil
        } catch WARCError.damaged(_, let offset, let end, let why) {
            // The reader is past it, at the next record: what could be read is not lost.
            summary.damage(WARCError.damaged(file: readerPath, offset: offset, end: end, why: why).description, bytes: end - offset,
                           keeping: options.keptProblems)
            return nil
        } catch WARCError.malformed(_, 0, let why) where why.hasPrefix("expected a WARC/") {
            // Not even its first record is one: a file of something else, whatever its name.
            summary.failed += 1
            summary.problems.append(notWARC(why))
            reader = nil
            return nil
        } catch {
            summary.failed += 1
            summary.problems.append("\(error)")
            reader = nil
            return nil
        }
        guard let record else {
            if case .truncated(_, let offset, let why)? = r.tornTail, offset == 0, Reextraction.kind(URL(fileURLWithPath: r.path)) == nil {
                // A file named on the command line that is neither .warc nor .html, and holds no record.
                summary.failed += 1
                summary.problems.append(notWARC(why))
            } else if case .truncated(_, let offset, let why)? = r.tornTail {
                let size = (try? FileManager.default.attributesOfItem(atPath: r.path)[.size] as? Int64) ?? offset
                summary.warn("\(readerPath): torn tail skipped: the file ends inside the record at offset \(offset) (\(size - offset) bytes: \(why))")
            }
            reader = nil
            return nil
        }
        summary.records += 1
        // A response, or a page saved as a resource record (warcio's): other records hold no page.
        guard record.type == "response" || record.isPageResource, let target = record.targetURI else { return nil }
        let page = record["Kabar-Page-URI"] ?? target
        if let role = record["Kabar-Role"], role != "article", role != "page" { return nil }
        if record["Kabar-Continues"] != nil {
            continuations[page] = .warc(WARCLocation(file: r.path, offset: record.offset))
            return nil
        }
        let at = "\(readerPath)@\(record.offset)"
        if let since = options.since, let d = record.date, d < since { summary.skip("archived before --since", "\(at) \(page)"); return nil }
        guard let url = URL(string: page), url.host != nil else { summary.skip("not an http(s) page URL", "\(at) \(page)"); return nil }
        let forced = record["Kabar-Extractor"]
        if let site = options.site {
            let registry = reextraction.registry
            let id = forced.flatMap { registry.extractor(id: $0)?.id } ?? registry.extractor(for: url)?.id
            if id != site { summary.skip("not a page of --site \(site)", "\(at) \(page)"); return nil }
        }
        seq += 1
        return Job(seq: seq, record: record, display: readerPath, pageURL: url, forcedExtractor: forced, date: record.date,
                   warcPath: r.path)
    }

    private func notWARC(_ why: String) -> String {
        "\(readerPath): not a WARC file (\(why)); reextract reads WARC files (.warc, .warc.gz) and saved pages (.html, .htm, gzipped or not)"
    }

    /// Starts on the next input file: a saved page is a job; a WARC file is opened for its
    /// records (nil).
    private mutating func open(_ file: URL, summary: inout Reextraction.Summary) -> Job? {
        summary.files += 1
        // One stat per input file: its size (the summary, a saved page's share of the byte
        // budget) and, for a saved page, its modification time (--since).
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let size = attributes?[.size] as? Int64
        summary.fileBytes += size ?? 0
        switch options.savedPages ? .html : Reextraction.kind(file) {
        case .warc?, nil:
            do {
                let r = try WARCReader(path: file.path, maxRecordBytes: options.maxRecordBytes)
                r.skipsTornTail = true
                r.resyncs = true
                reader = r
                readerPath = reextraction.display(file)
            } catch {
                summary.failed += 1
                summary.problems.append("\(error)")
            }
            return nil
        case .html?:
            if let since = options.since, let m = attributes?[.modificationDate] as? Date, m < since {
                summary.skip("saved before --since", reextraction.display(file))
                return nil
            }
            seq += 1
            return Job(seq: seq, file: file, display: reextraction.display(file), forcedExtractor: options.site, fileBytes: size.map(Int.init))
        }
    }
}
