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
}
