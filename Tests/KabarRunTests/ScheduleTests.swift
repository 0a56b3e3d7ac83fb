import Foundation
import KabarArchive
import KabarRun
import KabarTesting
import Testing

struct DurationTests {
    @Test func parses() {
        #expect(ScheduleDuration("15m")?.seconds == 900)
        #expect(ScheduleDuration("2h")?.seconds == 7200)
        #expect(ScheduleDuration("1h30m")?.seconds == 5400)
        #expect(ScheduleDuration("7d")?.seconds == 604_800)
        #expect(ScheduleDuration("2w")?.seconds == 1_209_600)
        #expect(ScheduleDuration("500ms")?.seconds == 0.5)
        #expect(ScheduleDuration("0")?.seconds == 0)
        #expect(ScheduleDuration("1.5s")?.seconds == 1.5)
        for bad in ["", "15", "15x", "m", "1h 30", "-5m", "1.2.3s"] { #expect(ScheduleDuration(bad) == nil, "\(bad)") }
        #expect(ScheduleDuration("90m")?.description == "1h30m")
    }
}

struct CronTests {
    let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    @Test func fieldsRangesListsSteps() throws {
        let c = try CronExpression("*/15 6-8,20 * * mon-fri")
        #expect(c.minutes == [0, 15, 30, 45])
        #expect(c.hours == [6, 7, 8, 20])
        #expect(c.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * * 7").daysOfWeek == [0])
        #expect(try CronExpression("0 0-12/4 * jan,jul *").hours == [0, 4, 8, 12])
        #expect(try CronExpression("5/20 * * * *").minutes == [5, 25, 45])
    }

    @Test func next() throws {
        let c = try CronExpression("*/15 * * * *")
        #expect(c.next(after: date("2025-03-01T10:07:30Z"), calendar: utc) == date("2025-03-01T10:15:00Z"))
        #expect(c.next(after: date("2025-03-01T10:15:00Z"), calendar: utc) == date("2025-03-01T10:30:00Z"))
        // Monday to Friday at 06:00: from Saturday to Monday.
        let weekdays = try CronExpression("0 6 * * 1-5")
        #expect(weekdays.next(after: date("2025-03-01T12:00:00Z"), calendar: utc) == date("2025-03-03T06:00:00Z"))
        // Both day fields restricted: either matches (the 1st, or a Sunday).
        let either = try CronExpression("0 0 1 * sun")
        #expect(either.next(after: date("2025-03-01T12:00:00Z"), calendar: utc) == date("2025-03-02T00:00:00Z"))
        // Month boundary and leap day.
        #expect(try CronExpression("0 0 29 2 *").next(after: date("2025-03-01T00:00:00Z"), calendar: utc) == date("2028-02-29T00:00:00Z"))
        // A day no chosen month has never comes; with a day of the week too, that day fires.
        #expect(try CronExpression("0 0 30 2 sun").next(after: date("2025-03-01T00:00:00Z"), calendar: utc) == date("2026-02-01T00:00:00Z"))
    }

    /// 30 or 31 February, 31 April, June, September or November never come: refused, not left
    /// to a scheduler that would find no time (it used to run them back to back).
    @Test func impossibleDatesAreRefused() throws {
        for text in ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4 *", "0 0 31 jun *", "0 0 31 9 *", "0 0 31 11 *", "0 0 30,31 feb *", "0 0 31 4,6 *"] {
            #expect(throws: CronExpression.ParseError.self, "\(text)") { try CronExpression(text) }
        }
        #expect(message("0 0 31 2 *") == "day-of-month field: day 31 never comes in feb (\"0 0 31 2 *\" would never run)")
        // Possible ones stay accepted: a month that has the day, 29 February, or a weekday too.
        for text in ["0 0 31 2,3 *", "0 0 29 2 *", "0 0 31 * *", "0 0 30 2 mon", "0 0 */31 2 *"] {
            #expect(throws: Never.self, "\(text)") { try CronExpression(text) }
        }
        let loader = ScheduleLoader(extractors: ["tempo"])
        let yaml = "extractor: tempo\nsources:\n  - feed: https://www.tempo.co/rss\ncron: \"0 0 31 4 *\"\n"
        #expect(throws: ScheduleError.self) { try loader.parse(yaml, file: "t.yaml") }
        do { _ = try loader.parse(yaml, file: "t.yaml") } catch {
            #expect("\(error)".hasPrefix("t.yaml:4: cron: day-of-month field: day 31 never comes in apr"))
        }
    }

    func message(_ s: String) -> String {
        do { _ = try CronExpression(s); return "" } catch { return "\(error)" }
    }

    @Test func errorsNameTheField() {
        #expect(message("* * * *").contains("exactly 5"))
        #expect(message("60 * * * *").contains("minute field: 60 is outside 0-59"))
        #expect(message("* 5-2 * * *").contains("hour field: range \"5-2\" runs backwards"))
        #expect(message("* * * foo *").contains("month field"))
        #expect(message("*/0 * * * *").contains("step"))
    }
}

struct ScheduleLoaderTests {
    let loader = ScheduleLoader(extractors: ["tempo", "sindonews"])

    func error(_ yaml: String) -> ScheduleError? {
        do { _ = try loader.parse(yaml, file: "s.yaml"); return nil } catch let e as ScheduleError { return e } catch { return nil }
    }

    let valid = """
        name: t
        extractor: tempo
        sources:
          - feed: https://www.tempo.co/rss
        every: 15m
        """

    @Test func readsTheArchiveCompression() throws {
        #expect(try loader.parse(valid, file: "s.yaml").archive == ArchiveCompression(codec: .isal, level: 1))
        // A level alone is libdeflate's, as it was when libdeflate was the default.
        #expect(try loader.parse(valid + "\narchive: { level: 6 }", file: "s.yaml").archive == ArchiveCompression(codec: .libdeflate, level: 6))
        #expect(try loader.parse(valid + "\narchive: { codec: isal }", file: "s.yaml").archive == ArchiveCompression(codec: .isal, level: 1))
        #expect(try loader.parse(valid + "\narchive: { codec: isal, level: 3 }", file: "s.yaml").archive == ArchiveCompression(codec: .isal, level: 3))
        #expect(try loader.parse(valid + "\narchive: { codec: libdeflate }", file: "s.yaml").archive == ArchiveCompression(codec: .libdeflate, level: 1))
        #expect(error(valid + "\narchive: { codec: isal, level: 4 }")?.description.contains("s.yaml:6: archive.level: expected a whole number (0 to 3), got 4") == true)
        #expect(try loader.parse(valid + "\narchive: { codec: zlib, level: 9 }", file: "s.yaml").archive == ArchiveCompression(codec: .zlib, level: 9))
        #expect(try loader.parse(valid + "\narchive: { codec: zlib }", file: "s.yaml").archive == ArchiveCompression(codec: .zlib, level: 1))
        #expect(error(valid + "\narchive: { codec: zlib, level: 12 }")?.description.contains("s.yaml:6: archive.level: expected a whole number (0 to 9), got 12") == true)
    }

    @Test func readsWhetherResponsesCarryABlockDigest() throws {
        #expect(try loader.parse(valid, file: "s.yaml").archiveResponseBlockDigest == true)
        #expect(try loader.parse(valid + "\narchive: { codec: isal }", file: "s.yaml").archiveResponseBlockDigest == true)
        let off = try loader.parse(valid + "\narchive: { response_block_digest: false }", file: "s.yaml")
        #expect(off.archiveResponseBlockDigest == false)
        #expect(off.archive == ArchiveCompression.default)
        let both = try loader.parse(valid + "\narchive: { codec: libdeflate, level: 6, response_block_digest: false }", file: "s.yaml")
        #expect(both.archiveResponseBlockDigest == false && both.archive == ArchiveCompression(codec: .libdeflate, level: 6))
        #expect(error(valid + "\narchive: { response_block_digest: sometimes }")?.description.contains("s.yaml:6: archive.response_block_digest") == true)
    }

    @Test func readsEveryKey() throws {
        let s = try loader.parse("""
            name: tempo
            extractor: tempo
            sources:
              - feed: https://www.tempo.co/rss
              - sitemap: https://www.tempo.co/sitemap.xml
              - listing: https://www.tempo.co/indeks
                links: div.title a
            cron: "*/10 * * * *"
            limits: { max_pages: 50, max_age: 2d, max_sitemaps: 5, sitemap_depth: 2, max_article_pages: 4 }
            politeness: { concurrency: 3, per_host: 1, delay: 2s, robots: ignore, timeout: 30s, attempts: 5, user_agent: Test/1 }
            refresh: true
            data: /tmp/x
            """, file: "tempo.yaml")
        #expect(s.sources.map(\.kind) == [.feed, .sitemap, .listing])
        #expect(s.sources[2].links == "div.title a")
        #expect(s.timetable == .cron(try CronExpression("*/10 * * * *")))
        #expect(s.limits.maxPages == 50 && s.limits.maxAge?.seconds == 172_800 && s.limits.maxSitemaps == 5)
        #expect(s.politeness.concurrency == 3 && !s.politeness.obeyRobots && s.politeness.delay.seconds == 2 && s.politeness.attempts == 5)
        #expect(s.refresh && s.data == "/tmp/x")
        let d = try loader.parse(valid, file: "t.yaml")
        #expect(d.limits.maxPages == 500 && d.politeness.perHost == 2 && d.politeness.obeyRobots && !d.refresh)
    }

    @Test func errorsNameFileLineAndKey() {
        let unknown = error(valid + "\nfrequency: 5m")
        #expect(unknown == ScheduleError(file: "s.yaml", line: 6, key: "frequency",
                                         message: "unknown key; expected one of name, extractor, sources, every, cron, limits, politeness, refresh, retry_skipped_after, data, mirrors, allow_local, allow_hosts, health, images, archive"))
        let badDuration = error(valid.replacingOccurrences(of: "every: 15m", with: "every: 15x"))
        #expect(badDuration?.line == 5 && badDuration?.key == "every")
        #expect(badDuration?.description.hasPrefix("s.yaml:5: every: expected a duration") == true)
        let wrongType = error(valid + "\nlimits: { max_pages: lots }")
        #expect(wrongType?.line == 6 && wrongType?.key == "limits.max_pages")
        #expect(wrongType?.message.contains("expected a whole number") == true)
        let nested = error(valid + "\npoliteness:\n  delay: 1s\n  robot: obey")
        #expect(nested?.line == 8 && nested?.key == "politeness.robot")
        let cron = error(valid.replacingOccurrences(of: "every: 15m", with: "cron: \"61 * * * *\""))
        #expect(cron?.line == 5 && cron?.key == "cron" && cron?.message.contains("minute field") == true)
        let extractor = error(valid.replacingOccurrences(of: "extractor: tempo", with: "extractor: kompas"))
        #expect(extractor?.line == 2 && extractor?.key == "extractor" && extractor?.message.contains("unknown extractor \"kompas\"") == true)
        let source = error(valid.replacingOccurrences(of: "feed: https://www.tempo.co/rss", with: "feed: ftp://x"))
        #expect(source?.line == 4 && source?.key == "sources[0].feed")
        let both = error(valid + "\ncron: \"* * * * *\"")
        #expect(both?.key == "every")
        let local = error(valid.replacingOccurrences(of: "https://www.tempo.co/rss", with: "http://127.0.0.1:9/rss"))
        #expect(local?.message.contains("allow_local") == true)
        let yaml = error("name: [")
        #expect(yaml?.line != nil && yaml?.message.contains("not valid YAML") == true)
        #expect(error("")?.message.contains("empty") == true)
    }

    @Test func shippedSchedulesLoad() throws {
        let folder = Corpus.packageRoot.appendingPathComponent("Schedules")
        let schedules = try ScheduleLoader(extractors: ["tempo", "sindonews"]).loadFolder(folder)
        #expect(schedules.map(\.name).sorted() == ["local-test", "sindonews", "tempo"])
        for s in schedules { #expect(s.timetable != nil && !s.sources.isEmpty) }
    }
}
