import Foundation
import KabarCore
import KabarRun
import KabarStore
import PostgresNIO

/// Each run's health per extractor in `kabar_extractor_health` (schema migration 9): a worker's
/// run is judged against the extractor's recent level over every worker's runs, as a run on a
/// data folder is against its index.
extension PostgresFolder: HealthLedger {
    public func recentHealth(extractor: String, runs: Int) async throws -> [HealthRow] {
        var rows: [HealthRow] = []
        for row in try await database.query("""
            SELECT schedule, day, pages, headline, body, published, authors, lead_image, tags,
                   fallbacks, words_median, words_low, samples, coverage
            FROM kabar_extractor_health WHERE extractor = \(extractor) ORDER BY id DESC LIMIT \(Int64(runs))
            """) {
            let (schedule, day, pages, headline, body, published, authors, leadImage, tags) =
                try row.decode((String, String, Int32, Int32, Int32, Int32, Int32, Int32, Int32).self)
            let columns = row.makeRandomAccess()
            let present: [HealthField: Int] = [.headline: Int(headline), .body: Int(body), .published: Int(published),
                                               .authors: Int(authors), .leadImage: Int(leadImage), .tags: Int(tags)]
            rows.append(HealthRow(schedule: schedule, extractor: extractor, day: day, pages: Int(pages), present: present,
                                  medianWords: try columns[10].decode(Int32?.self).map(Int.init),
                                  lowWords: try columns[11].decode(Int32?.self).map(Int.init),
                                  fallbacks: Int(try columns[9].decode(Int32.self)),
                                  samples: Int(try columns[12].decode(Int32.self)),
                                  coverage: try columns[13].decode(Double?.self)))
        }
        return rows
    }

    public func saveHealth(_ rows: [HealthRow]) async throws {
        for r in rows {
            func n(_ field: HealthField) -> Int32 { Int32(r.present[field, default: 0]) }
            try await database.query("""
                INSERT INTO kabar_extractor_health(run, worker, schedule, extractor, day, pages, headline, body, published,
                    authors, lead_image, tags, fallbacks, words_median, words_low, samples, coverage)
                VALUES (\(currentRun), \(worker), \(r.schedule), \(r.extractor), \(r.day), \(Int32(r.pages)), \(n(.headline)),
                    \(n(.body)), \(n(.published)), \(n(.authors)), \(n(.leadImage)), \(n(.tags)), \(Int32(r.fallbacks)),
                    \(r.medianWords.map(Int32.init)), \(r.lowWords.map(Int32.init)), \(Int32(r.samples)), \(r.coverage))
                """)
        }
    }

    /// Every extractor's health by UTC day over every worker's runs, the last `days` days with
    /// any (by extractor, then day): `kabar stats`' trend (`FileStore.healthTrend`), summed the
    /// same way (runs, pages and fields added up, the mean of the runs' median words, coverage
    /// weighted by the pages given a second opinion).
    public func healthTrend(days: Int = 14) async throws -> [HealthDay] {
        var out: [HealthDay] = []
        for row in try await database.query("""
            SELECT extractor, day, count(*), sum(pages), sum(headline), sum(body), sum(published), sum(authors),
                   sum(lead_image), sum(tags), avg(words_median)::float8, sum(fallbacks), sum(samples),
                   sum(coverage * samples) / nullif(sum(CASE WHEN coverage IS NULL THEN 0 ELSE samples END), 0)
            FROM kabar_extractor_health
            WHERE day >= (SELECT coalesce(min(day), '') FROM (SELECT DISTINCT day FROM kabar_extractor_health
                                                              ORDER BY day DESC LIMIT \(Int64(max(1, days)))) recent)
            GROUP BY extractor, day ORDER BY extractor COLLATE "C", day COLLATE "C"
            """) {
            let (extractor, day, runs, pages, headline, body, published, authors, leadImage, tags, words, fallbacks, samples, coverage) =
                try row.decode((String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64, Double?, Int64, Int64, Double?).self)
            let present: [HealthField: Int] = [.headline: Int(headline), .body: Int(body), .published: Int(published),
                                               .authors: Int(authors), .leadImage: Int(leadImage), .tags: Int(tags)]
            out.append(HealthDay(extractor: extractor, day: day, runs: Int(runs), pages: Int(pages), present: present,
                                 medianWords: words.map { Int($0.rounded()) }, fallbacks: Int(fallbacks),
                                 samples: Int(samples), coverage: coverage))
        }
        return out
    }
}
