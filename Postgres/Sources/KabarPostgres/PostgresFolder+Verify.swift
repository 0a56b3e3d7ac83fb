import Foundation
import KabarCore
import PostgresNIO

extension PostgresFolder {
    /// What `verifyRevisions` found.
    public struct RevisionCheck: Sendable, CustomStringConvertible {
        /// Lines read (latest revisions in `kabar_records`, older ones in `kabar_history`).
        public var lines = 0
        /// Of `lines`, those whose row has a fields digest (rows stored before migration 16 have none).
        public var digests = 0
        public var problems: [String] = []

        public var isConsistent: Bool { problems.isEmpty }

        public var description: String {
            "\(counted(lines, "line")) (\(digests) with a fields digest): "
                + (problems.isEmpty ? "consistent" : "\(counted(problems.count, "problem")):\n" + problems.prefix(20).joined(separator: "\n"))
        }
    }

    /// The embedded store's revision checks (`kabar stats --verify`) on this database: each
    /// URL's revisions are 1...n with the latest in `kabar_records`, each differs from the one
    /// before (its text, or its fields digest), no older text comes back; and every line read
    /// back matches its row (id, revision, content hash, and the fields digest the next
    /// re-extraction compares with). Reads every line, in pages of 1 000.
    public func verifyRevisions() async throws -> RevisionCheck {
        var check = RevisionCheck()
        for row in try await database.query("""
            WITH lines AS (
                SELECT id, revision, content_hash, fields, false AS latest FROM kabar_history
                UNION ALL SELECT id, revision, content_hash, fields, true FROM kabar_records WHERE kind = 0),
            ordered AS (
                SELECT id, revision, content_hash, fields, latest, row_number() OVER w AS n, lead(revision) OVER w AS next,
                       lag(content_hash) OVER w AS before_content, lag(fields) OVER w AS before_fields
                FROM lines WINDOW w AS (PARTITION BY id ORDER BY revision, latest))
            SELECT id, revision, CASE
                WHEN revision <> n THEN 'is not revision ' || n || ' of its URL''s 1...n'
                WHEN next IS NULL AND NOT latest THEN 'is in kabar_history, above the latest revision'
                WHEN next IS NOT NULL AND latest THEN 'is the latest revision in kabar_records, but kabar_history has a later one'
                WHEN before_content = content_hash AND before_fields = fields THEN 'is written twice with the same content and fields'
                WHEN before_content <> content_hash AND EXISTS (
                    SELECT 1 FROM lines o WHERE o.id = ordered.id AND o.revision < ordered.revision AND o.content_hash = ordered.content_hash)
                    THEN 'has the text of an older revision' END
            FROM ordered ORDER BY id, revision
            """) {
            let (id, revision, problem) = try row.decode((Int64, Int32, String?).self)
            if let problem { check.problems.append("record \(Self.hex(id)) revision \(revision) \(problem)") }
        }
        // The lines against their rows: latest revisions, then older ones.
        for table in ["kabar_records", "kabar_history"] {
            var after: (Int64, Int32) = (Int64.min, Int32.min)
            while true {
                let rows = table == "kabar_records"
                    ? try await database.query("""
                        SELECT id, revision, content_hash, fields, record FROM kabar_records
                        WHERE kind = 0 AND (id, revision) > (\(after.0), \(after.1)) ORDER BY id, revision LIMIT 1000
                        """)
                    : try await database.query("""
                        SELECT id, revision, content_hash, fields, record FROM kabar_history
                        WHERE (id, revision) > (\(after.0), \(after.1)) ORDER BY id, revision LIMIT 1000
                        """)
                if rows.isEmpty { break }
                for row in rows {
                    let (id, revision, content, fields, record) = try row.decode((Int64, Int32, Int64, Int64?, String?).self)
                    after = (id, revision)
                    check.lines += 1
                    let at = "\(table) record \(Self.hex(id)) revision \(revision)"
                    guard let record, let article = try? JSONDecoder().decode(Article.self, from: Data(record.utf8)) else {
                        check.problems.append("\(at): no parseable line"); continue
                    }
                    if Self.key(article.id) != id || article.revision != Int(revision) || Self.key(article.contentHash) != content {
                        check.problems.append("\(at): the row does not match its line (\(article.canonicalURL))")
                    }
                    guard let fields else { continue }
                    check.digests += 1
                    if fields != Int64(bitPattern: article.fieldsDigest) {
                        check.problems.append("\(at): the fields digest is not its line's (\(article.canonicalURL))")
                    }
                }
            }
        }
        return check
    }
}
