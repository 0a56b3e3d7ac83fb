/// The tables and functions Kabar keeps in PostgreSQL, as numbered migrations. `Migrator`
/// applies the ones a database lacks, in order, each in its own transaction, under an
/// advisory lock so that workers starting together migrate once. docs/POSTGRES.md describes
/// every table and the lease, politeness and schedule-lock protocol.
enum Schema {
    /// The advisory lock key under which migrations run (`pg_advisory_lock`).
    static let migrationLock: Int64 = 0x4B61_6261_7200_0001
    /// The transaction-level advisory lock every dedup decision takes (`kabar_store`).
    static let dedupLock: Int64 = 0x4B61_6261_7200_0002
    /// Schedules are locked with `pg_try_advisory_lock(scheduleLockSpace, hashtext(name))`.
    static let scheduleLockSpace: Int32 = 0x4B62

    static let migrations: [[String]] = [
        // 1: records, the dedup index, runs, the frontier.
        [
            """
            CREATE TABLE IF NOT EXISTS kabar_meta(key text PRIMARY KEY, value text NOT NULL)
            """,
            """
            CREATE TABLE kabar_records(
                id bigint PRIMARY KEY,
                kind smallint NOT NULL,
                revision int NOT NULL,
                content_hash bigint NOT NULL,
                simhash bigint NOT NULL,
                site text NOT NULL,
                day text NOT NULL,
                url text NOT NULL,
                duplicate_of bigint,
                distance int,
                record text,
                warc_file text,
                warc_offset bigint,
                worker text,
                run bigint,
                stored_at timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX kabar_records_site_day ON kabar_records(site, day)",
            """
            CREATE TABLE kabar_history(
                id bigint NOT NULL, revision int NOT NULL, content_hash bigint NOT NULL, simhash bigint NOT NULL,
                site text NOT NULL, day text NOT NULL, record text, warc_file text, warc_offset bigint,
                PRIMARY KEY(id, revision))
            """,
            """
            CREATE TABLE kabar_bands(band smallint NOT NULL, value int NOT NULL, id bigint NOT NULL, simhash bigint NOT NULL,
                PRIMARY KEY(band, value, id))
            """,
            """
            CREATE TABLE kabar_runs(
                id bigserial PRIMARY KEY, command text NOT NULL, worker text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(), ended_at timestamptz, status text NOT NULL DEFAULT 'running',
                seen int NOT NULL DEFAULT 0, written int NOT NULL DEFAULT 0, revisions int NOT NULL DEFAULT 0,
                unchanged int NOT NULL DEFAULT 0, exact_duplicates int NOT NULL DEFAULT 0, near_duplicates int NOT NULL DEFAULT 0,
                failed int NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE kabar_queue(
                schedule text NOT NULL, url text NOT NULL, id bigint NOT NULL, host text NOT NULL,
                priority bigint NOT NULL, modified bigint, attempts int NOT NULL DEFAULT 0, added bigint NOT NULL,
                lease_until timestamptz, leased_by text,
                PRIMARY KEY(schedule, url))
            """,
            "CREATE INDEX kabar_queue_order ON kabar_queue(schedule, priority DESC, url)",
            """
            CREATE TABLE kabar_seen(id bigint PRIMARY KEY, url text NOT NULL, fetched_at bigint NOT NULL, status int NOT NULL,
                etag text, last_modified text)
            """,
            """
            CREATE TABLE kabar_validators(url text PRIMARY KEY, etag text, last_modified text, checked_at bigint NOT NULL, children text)
            """,
            """
            CREATE TABLE kabar_schedule_runs(schedule text PRIMARY KEY, started_at bigint NOT NULL, ended_at bigint,
                status text NOT NULL, worker text)
            """,
            "CREATE TABLE kabar_hosts(host text PRIMARY KEY, next_allowed timestamptz NOT NULL DEFAULT now())",
            // The lease: up to p_limit queued entries not leased (or whose lease expired), newest
            // first, skipping rows another worker is leasing right now; each given the host's next
            // politeness slot (entries whose slot is beyond p_horizon seconds stay queued).
            """
            CREATE OR REPLACE FUNCTION kabar_lease(p_schedule text, p_limit int, p_lease float8, p_worker text,
                                                   p_delay float8, p_horizon float8)
            RETURNS TABLE(o_url text, o_id bigint, o_host text, o_priority bigint, o_modified bigint, o_attempts int,
                          o_not_before float8, o_stored boolean, o_fetched_at bigint, o_status int, o_etag text, o_last_modified text)
            LANGUAGE plpgsql AS $$
            DECLARE q record; slot timestamptz; n int := 0; s record;
            BEGIN
              FOR q IN SELECT * FROM kabar_queue k
                       WHERE k.schedule = p_schedule AND (k.lease_until IS NULL OR k.lease_until < now())
                       ORDER BY k.priority DESC, k.url LIMIT p_limit * 4 FOR UPDATE SKIP LOCKED LOOP
                INSERT INTO kabar_hosts(host, next_allowed) VALUES (q.host, now()) ON CONFLICT (host) DO NOTHING;
                SELECT greatest(h.next_allowed, now()) INTO slot FROM kabar_hosts h WHERE h.host = q.host FOR UPDATE;
                CONTINUE WHEN slot > now() + make_interval(secs => p_horizon);
                UPDATE kabar_hosts h SET next_allowed = slot + make_interval(secs => p_delay) WHERE h.host = q.host;
                UPDATE kabar_queue k SET lease_until = slot + make_interval(secs => p_lease), leased_by = p_worker
                  WHERE k.schedule = q.schedule AND k.url = q.url;
                o_url := q.url; o_id := q.id; o_host := q.host; o_priority := q.priority; o_modified := q.modified;
                o_attempts := q.attempts; o_not_before := extract(epoch FROM slot);
                o_stored := EXISTS (SELECT 1 FROM kabar_records r WHERE r.id = q.id);
                SELECT * INTO s FROM kabar_seen e WHERE e.id = q.id;
                IF FOUND THEN
                  o_fetched_at := s.fetched_at; o_status := s.status; o_etag := s.etag; o_last_modified := s.last_modified;
                ELSE
                  o_fetched_at := NULL; o_status := NULL; o_etag := NULL; o_last_modified := NULL;
                END IF;
                RETURN NEXT;
                n := n + 1;
                EXIT WHEN n >= p_limit;
              END LOOP;
            END $$
            """,
            // One record, deduplicated and stored, and its queue entry completed, in one call
            // (one round trip, one transaction). The same decisions as the embedded FileStore.
            storeFunction(lock: "  PERFORM pg_advisory_xact_lock(\(dedupLock));"),
        ],
        // 2: dedup decisions lock only what they can conflict on, not the whole index: the
        // URL (id), the content hash and each SimHash band value (two texts within the
        // near-duplicate distance share a band value). The keys are taken in ascending order, so
        // two stores never deadlock; stores of unrelated texts run in parallel.
        [
            storeFunction(lock: """
                  PERFORM pg_advisory_xact_lock(keys.lock_key) FROM (
                    SELECT DISTINCT u.lock_key FROM unnest(ARRAY[p_id, p_content] ||
                      ARRAY(SELECT hashtextextended('kabar-band:' || (i - 1) || ':' || p_bands[i], 0)
                            FROM generate_subscripts(p_bands, 1) i)) AS u(lock_key) ORDER BY u.lock_key) AS keys;
                """),
        ],
        // 3: the per-URL record of failures (as the embedded frontier's `failures` table): the
        // last failure of each URL not fetched since, and how many times it failed.
        [
            """
            CREATE TABLE kabar_failures(schedule text NOT NULL, url text NOT NULL, outcome text NOT NULL, kind text NOT NULL,
                                        reason text NOT NULL, failed_at bigint NOT NULL, count int NOT NULL DEFAULT 1,
                                        PRIMARY KEY (schedule, url))
            """,
        ],
        // 4: records stored in groups (`kabar_store_many`: one call and one transaction for the
        // stores a worker has waiting), the near-duplicate lookup through the band index (it
        // scanned every band row), one update of the run's counts per group, and no rewrite of
        // a new record's line (it already says revision 1). `kabar_store` is the group of one.
        [
            storeManyFunction(version: 4),
            """
            CREATE OR REPLACE FUNCTION kabar_store(
                p_id bigint, p_content bigint, p_simhash bigint, p_bands int[], p_dedup boolean, p_near int,
                p_site text, p_day text, p_url text, p_record text, p_warc_file text, p_warc_offset bigint,
                p_worker text, p_run bigint,
                p_schedule text, p_queue_url text, p_status int, p_etag text, p_last_modified text)
            RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
            LANGUAGE sql AS $$
              SELECT * FROM kabar_store_many(ARRAY[p_id], ARRAY[p_content], ARRAY[p_simhash], p_bands,
                coalesce(array_length(p_bands, 1), 0), ARRAY[p_dedup], p_near, ARRAY[p_site], ARRAY[p_day], ARRAY[p_url],
                ARRAY[p_record], ARRAY[p_warc_file], ARRAY[p_warc_offset], p_worker, p_run,
                ARRAY[p_schedule], ARRAY[p_queue_url], ARRAY[p_status], ARRAY[p_etag], ARRAY[p_last_modified])
            $$
            """,
        ],
        // 5: a stored record fetched with status 200..399 clears its URL's failure on record
        // (`kabar_failures`), as the embedded frontier does when a URL is fetched; each group
        // call leaves its token and its outcomes in its run's row (`last_group`, `last_*`), so
        // that a caller whose reply was lost after the commit finds them instead of storing
        // the records again. `kabar_store_many` takes the token as a last argument.
        [
            """
            ALTER TABLE kabar_runs ADD COLUMN last_group bigint, ADD COLUMN last_outcomes text[], ADD COLUMN last_revisions int[],
                ADD COLUMN last_originals bigint[], ADD COLUMN last_distances int[]
            """,
            """
            DROP FUNCTION kabar_store_many(bigint[], bigint[], bigint[], int[], int, boolean[], int, text[], text[], text[], text[],
                text[], bigint[], text, bigint, text[], text[], int[], text[], text[])
            """,
            storeManyFunction(version: 5),
            """
            CREATE OR REPLACE FUNCTION kabar_store(
                p_id bigint, p_content bigint, p_simhash bigint, p_bands int[], p_dedup boolean, p_near int,
                p_site text, p_day text, p_url text, p_record text, p_warc_file text, p_warc_offset bigint,
                p_worker text, p_run bigint,
                p_schedule text, p_queue_url text, p_status int, p_etag text, p_last_modified text)
            RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
            LANGUAGE sql AS $$
              SELECT * FROM kabar_store_many(ARRAY[p_id], ARRAY[p_content], ARRAY[p_simhash], p_bands,
                coalesce(array_length(p_bands, 1), 0), ARRAY[p_dedup], p_near, ARRAY[p_site], ARRAY[p_day], ARRAY[p_url],
                ARRAY[p_record], ARRAY[p_warc_file], ARRAY[p_warc_offset], p_worker, p_run,
                ARRAY[p_schedule], ARRAY[p_queue_url], ARRAY[p_status], ARRAY[p_etag], ARRAY[p_last_modified], NULL::bigint)
            $$
            """,
        ],
        // 6: lease tokens. Each lease call gives the rows it leases the caller's new token
        // (`kabar_lease`'s `p_token`, kept in `kabar_queue.lease_token`); a store
        // (`kabar_store_many`'s `p_lease`) or completion of a leased entry deletes its queue row
        // only while that row still carries the token, in the same transaction as the store.
        // A worker that stalled past its lease (its entries leased again by another worker, or
        // already completed) is refused: the record is not stored, no count of its run moves
        // but `stale`. A NULL token (no lease: `extract`) is not checked. A lease call whose
        // reply was lost (the database restarted) is undone by its token before leasing again.
        [
            "ALTER TABLE kabar_queue ADD COLUMN lease_token bigint",
            "ALTER TABLE kabar_runs ADD COLUMN stale int NOT NULL DEFAULT 0",
            """
            DROP FUNCTION kabar_lease(text, int, float8, text, float8, float8)
            """,
            leaseFunction,
            """
            DROP FUNCTION kabar_store_many(bigint[], bigint[], bigint[], int[], int, boolean[], int, text[], text[], text[], text[],
                text[], bigint[], text, bigint, text[], text[], int[], text[], text[], bigint)
            """,
            storeManyFunction(version: 6),
            """
            CREATE OR REPLACE FUNCTION kabar_store(
                p_id bigint, p_content bigint, p_simhash bigint, p_bands int[], p_dedup boolean, p_near int,
                p_site text, p_day text, p_url text, p_record text, p_warc_file text, p_warc_offset bigint,
                p_worker text, p_run bigint,
                p_schedule text, p_queue_url text, p_status int, p_etag text, p_last_modified text)
            RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
            LANGUAGE sql AS $$
              SELECT * FROM kabar_store_many(ARRAY[p_id], ARRAY[p_content], ARRAY[p_simhash], p_bands,
                coalesce(array_length(p_bands, 1), 0), ARRAY[p_dedup], p_near, ARRAY[p_site], ARRAY[p_day], ARRAY[p_url],
                ARRAY[p_record], ARRAY[p_warc_file], ARRAY[p_warc_offset], p_worker, p_run,
                ARRAY[p_schedule], ARRAY[p_queue_url], ARRAY[p_status], ARRAY[p_etag], ARRAY[p_last_modified], NULL::bigint,
                ARRAY[NULL::bigint])
            $$
            """,
        ],
        // 7: the store's statements planned once per connection, not at every call. PL/pgSQL
        // plans each statement with its parameters' values for the first five calls and keeps
        // a generic plan only when that looks no dearer; for the store's array parameters it
        // never did, so every group call planned each statement again (a quarter of the
        // backend's CPU per stored record, `kabar-postgres bench store`). The generic plans are
        // the index probes the statements are written for (docs/POSTGRES.md). A later migration
        // that replaces kabar_store_many (CREATE OR REPLACE drops the setting) sets it again.
        [
            """
            ALTER FUNCTION kabar_store_many(bigint[], bigint[], bigint[], int[], int, boolean[], int, text[], text[], text[], text[],
                text[], bigint[], text, bigint, text[], text[], int[], text[], text[], bigint, bigint[])
                SET plan_cache_mode = force_generic_plan
            """,
        ],
        // 8: the lease decided per batch, not per row. Migration 6's lease ran six statements for
        // every row it leased (the host row inserted, locked and moved on, the queue row updated,
        // the "already stored?" and fetch-metadata probes): a fifth of PostgreSQL's time per stored
        // record in `kabar-postgres bench store`. The same lease in three statements per chunk of
        // rows (one chunk when no host is beyond the horizon); the same rows, slots, tokens and
        // result (docs/POSTGRES.md).
        [batchLeaseFunction],
        // 9: each run's health per extractor (the embedded index's extractor_health), so that a
        // worker's run is judged against the extractor's recent level over all workers, not
        // only against declared floors (docs/ADDING-A-SITE.md, "Health").
        [
            """
            CREATE TABLE kabar_extractor_health(
                id bigserial PRIMARY KEY,
                run bigint,
                worker text NOT NULL,
                schedule text NOT NULL,
                extractor text NOT NULL,
                day text NOT NULL,
                pages int NOT NULL,
                headline int NOT NULL, body int NOT NULL, published int NOT NULL,
                authors int NOT NULL, lead_image int NOT NULL, tags int NOT NULL,
                fallbacks int NOT NULL,
                words_median int,
                words_low int,
                samples int NOT NULL,
                coverage double precision)
            """,
            "CREATE INDEX kabar_extractor_health_by_extractor ON kabar_extractor_health(extractor, id)",
        ],
        // 10: a group whose records cannot change each other's decision is decided and written
        // with one statement per step for the whole group, not about eight per record
        // (`kabar_store_many` version 10: `groupDecision`); no advisory lock on the content
        // hash (the band locks already serialise every decision it did); the JSON lines
        // compressed with lz4 where the server has it (pglz compressed each line over 2 kB).
        [
            storeManyFunction(version: 10),
            """
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)) THEN
                ALTER TABLE kabar_records ALTER COLUMN record SET COMPRESSION lz4;
                ALTER TABLE kabar_history ALTER COLUMN record SET COMPRESSION lz4;
              END IF;
            END $$
            """,
        ],
        // 11: less work per stored record. Queue pages keep room (fillfactor 40) so that the
        // lease's update of a row (lease_until, leased_by, lease_token: no indexed column) stays on
        // its page as a HOT update, without new entries in the queue's two indexes (full pages
        // moved every leased row); and a set-wise group inserts its new records and their band
        // rows with plain inserts, not `ON CONFLICT` (`kabar_store_many` version 11): no record
        // of the group exists then, which the decision already read under the group's locks, so
        // the speculative insertion (a conflict check, then a confirmation in the WAL, for the
        // record and each band row) did nothing but cost.
        [
            "ALTER TABLE kabar_queue SET (fillfactor = 40)",
            storeManyFunction(version: 11),
        ],
        // 12: a stored record's fetch metadata (when, status, ETag, Last-Modified) in its own
        // `kabar_records` row, written by the statement that writes the record, not as a
        // `kabar_seen` row of its own (one heap row, one index entry and their WAL fewer per
        // stored record). `kabar_seen` keeps the fetches that wrote no record row: completions
        // (not modified, skipped), records found unchanged, and the record-by-record path's
        // stores. A URL's fetch metadata is the newer of the two (`fetchMetadata`): the lease
        // (`kabar_lease` version 12) and `PostgresFolder.known` read both. The rows `kabar_seen`
        // held for stored records move into them.
        [
            """
            ALTER TABLE kabar_records ADD COLUMN fetched_at bigint, ADD COLUMN status int, ADD COLUMN etag text,
                ADD COLUMN last_modified text
            """,
            """
            UPDATE kabar_records r SET fetched_at = s.fetched_at, status = s.status, etag = s.etag, last_modified = s.last_modified
            FROM kabar_seen s WHERE s.id = r.id
            """,
            "DELETE FROM kabar_seen s USING kabar_records r WHERE r.id = s.id",
            storeManyFunction(version: 12),
            leaseFunction12,
        ],
        // 13: the set-wise path's writes after the queue rows (fetch metadata of unchanged
        // records, failures cleared, records inserted and updated, band rows, the run's counts)
        // and its result as one statement of data-modifying `WITH` parts, not seven statements
        // (`kabar_store_many` version 13, `fusedWrites`): the same rows and outcomes.
        [storeManyFunction(version: 13)],
        // 14: of the set-wise path's writes, the two that a group of new records leaves empty
        // (fetch metadata of records found unchanged, records stored before as duplicates
        // updated) run as statements of their own only when the group has such records, not as
        // parts of the group's one write statement (`kabar_store_many` version 14,
        // `fusedWrites(_:guarded:)`): the server set up their plan nodes (a table to modify, its
        // indexes, the arrays' unnest) at every call. The same rows and outcomes.
        [storeManyFunction(version: 14)],
        // 15: the band rows' SimHash in their index (`INCLUDE (simhash)`, the primary key's
        // index rebuilt as `bandIndex15`), so that the dedup probes (the exact one on band 0, the
        // near one on each band) read the candidates' SimHashes from the index pages, an
        // index-only scan, instead of visiting each candidate's heap row: about 1.5 candidates a
        // band value at 100 000 records, so the heap visits grew with the database. The same
        // rows, keys and decisions; the index 8 bytes a row wider.
        bandIndex15,
        // 16: re-extraction revises a record whose text is the same but whose other fields
        // changed (a plugin fixed to read authors, its version bumped), as the embedded store
        // does (docs/STORE.md, "Dedup"): each record row and history row keeps the digest of its
        // line's other fields (`fields`, the record's `Article.fieldsDigest`), `kabar_store_many`
        // takes each record's digest (`p_fields`, version 16: `withFieldsDigest`) and makes "the
        // same text, another digest" the next revision, counted in the run's `revised_fields`.
        // Rows stored before have no digest: their line's fields are compared once, as JSON
        // (`kabar_line_fields`), and the row given the digest when they are the same.
        [
            "ALTER TABLE kabar_records ADD COLUMN fields bigint",
            "ALTER TABLE kabar_history ADD COLUMN fields bigint",
            "ALTER TABLE kabar_runs ADD COLUMN revised_fields int NOT NULL DEFAULT 0",
            lineFieldsFunction,
            """
            DROP FUNCTION kabar_store_many(bigint[], bigint[], bigint[], int[], int, boolean[], int, text[], text[], text[], text[],
                text[], bigint[], text, bigint, text[], text[], int[], text[], text[], bigint, bigint[])
            """,
            storeManyFunction(version: 16),
        ],
        // 17: the group's independence check (parameters only: distinct ids and queue entries, no
        // band value shared by two records) made part of the set-wise decision's statement
        // (`kabar_store_many` version 17, `independenceInDecision`): four statements inside a
        // group's call instead of five, one executor set-up, run and end fewer per call. The
        // same decisions, rows and outcomes; a group that is not independent has its decision
        // read and dropped (about 1 % of groups of 16).
        [storeManyFunction(version: 17)],
        // 18: the exact probe compares the candidate record's latest SimHash (`kabar_records`),
        // not its band 0 row's (`kabar_store_many` version 18, `exactOnLatestSimHash`). A band
        // row keeps the SimHash of the first revision that had its value (`ON CONFLICT DO
        // NOTHING`), so an exact copy of a revised record's latest text whose band 0 value was
        // its first revision's came out as a near duplicate at distance 0 (since migration 1); the
        // embedded store says exact there. Every other decision is the same.
        [storeManyFunction(version: 18)],
    ]

    /// Migration 16: what `Article.fieldsDigest` hashes, read from a stored JSON line (for rows
    /// stored before the digest was kept): the line without its id, URLs, fetch time, text,
    /// hashes, revision, `duplicate_of` and source; each body block as its type and its text's
    /// length in bytes; each image as its URL, caption, credit and role (not its download). Two
    /// lines with the same text have equal values here exactly when their digests are equal
    /// (but for a digest collision); a line written by an older build whose JSON lacks a key
    /// the newer one writes differs (its record is revised once).
    static let lineFieldsFunction = """
        CREATE FUNCTION kabar_line_fields(p_line text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
          SELECT s.j - ARRAY['id', 'url', 'canonical_url', 'fetched_at', 'text', 'content_hash', 'simhash', 'revision', 'duplicate_of',
                             'source', 'body', 'images']
                 || jsonb_build_object(
                      'body', (SELECT coalesce(jsonb_agg(jsonb_build_array(x.e -> 'type', octet_length(x.e ->> 'text')) ORDER BY x.o), '[]')
                               FROM jsonb_array_elements(s.j -> 'body') WITH ORDINALITY AS x(e, o)),
                      'images', (SELECT coalesce(jsonb_agg(jsonb_build_array(x.e -> 'url', x.e -> 'caption', x.e -> 'credit', x.e -> 'role')
                                                           ORDER BY x.o), '[]')
                                 FROM jsonb_array_elements(s.j -> 'images') WITH ORDINALITY AS x(e, o)))
          FROM (SELECT p_line::jsonb AS j) s
        $$
        """

    /// `kabar_store_many`'s signature since migration 16: each record's fields digest as a last
    /// argument (NULL: not compared, the record is decided on its text as before; `kabar_store`
    /// passes none). Also given to an older version's text by `bench store --before-16` (and the
    /// older `--before-*` modes), so that the call with 23 arguments runs that version's body.
    static func withFieldsParameter(_ text: String) -> String {
        text.replacingOnce("p_token bigint, p_lease bigint[])\n", with: "p_token bigint, p_lease bigint[], p_fields bigint[] DEFAULT NULL)\n")
    }

    /// `kabar_store_many` version 16: version 14's, each record's fields digest (`p_fields`)
    /// compared when its text is the same as its URL's latest revision's; another digest makes
    /// the record the next revision (outcome `fields`, counted in the run's `revisions` and
    /// `revised_fields`), the same digest leaves it unchanged. The set-wise path sends such a
    /// record (and one whose row has no digest yet) to the record-by-record loop, as it does any
    /// revision; the loop compares a row without a digest by its line (`kabar_line_fields`) and
    /// gives it the digest when the fields are the same. Every written line's row (and history
    /// row) keeps its digest.
    static func withFieldsDigest(_ text: String) -> String {
        withFieldsParameter(text)
            .replacingOnce("DECLARE i int; b int[];", with: "DECLARE i int; b int[]; n_fields int := 0;")
            // The set-wise decision: the same text with another digest (or none yet) is a revision.
            .replacingOnce("CASE WHEN r.kind = 0 AND (r.content_hash = u.content\n", with: """
                CASE WHEN r.kind = 0 AND r.content_hash = u.content AND u.fields IS NOT NULL AND r.fields IS DISTINCT FROM u.fields
                                  THEN 'revision'
                                WHEN r.kind = 0 AND (r.content_hash = u.content

                """)
            .replacingOnce("FROM unnest(p_id, p_content, p_simhash, p_dedup) WITH ORDINALITY AS u(id, content, simhash, dedup, ord)",
                           with: "FROM unnest(p_id, p_content, p_simhash, p_dedup, p_fields) WITH ORDINALITY AS u(id, content, simhash, dedup, fields, ord)")
            // The set-wise writes: a written line's digest in its row.
            .replacingOnce("record, warc_file, warc_offset, worker, run, fetched_at, status, etag, last_modified)",
                           with: "record, warc_file, warc_offset, worker, run, fetched_at, status, etag, last_modified, fields)")
            .replacingOnce("CASE WHEN u.s IS NOT NULL THEN u.etag END, CASE WHEN u.s IS NOT NULL THEN u.lm END\n",
                           with: "CASE WHEN u.s IS NOT NULL THEN u.etag END, CASE WHEN u.s IS NOT NULL THEN u.lm END, CASE WHEN u.o = 'written' THEN u.fields END\n")
            .replacingOnce("last_modified = CASE WHEN u.s IS NOT NULL THEN u.lm ELSE r.last_modified END\n",
                           with: "last_modified = CASE WHEN u.s IS NOT NULL THEN u.lm ELSE r.last_modified END,\n        fields = CASE WHEN u.o = 'written' THEN u.fields END\n")
            .replacingOccurrences(of: "l_distance, l_known, p_schedule, p_status, p_etag, p_last_modified)\n", with: "l_distance, l_known, p_schedule, p_status, p_etag, p_last_modified, p_fields)\n")
            .replacingOccurrences(of: "known, s, status, etag, lm)\n", with: "known, s, status, etag, lm, fields)\n")
            // The record-by-record loop.
            .replacingOnce("SELECT r.kind, r.revision, r.content_hash INTO k", with: "SELECT r.kind, r.revision, r.content_hash, r.fields INTO k")
            .replacingOnce("""
                      IF k.content_hash = p_content[i]
                         OR EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = p_id[i] AND h.content_hash = p_content[i]) THEN

                """, with: """
                      IF k.content_hash = p_content[i] AND k.fields IS NULL AND p_fields[i] IS NOT NULL THEN
                        -- A row stored before migration 16: its line's fields compared with the new line's, and
                        -- the row given the digest when they are the same.
                        UPDATE kabar_records r SET fields = p_fields[i]
                          WHERE r.id = p_id[i] AND kabar_line_fields(r.record) = kabar_line_fields(p_record[i]);
                        IF FOUND THEN k.fields := p_fields[i]; END IF;
                      END IF;
                      IF k.content_hash = p_content[i] AND (p_fields[i] IS NULL OR k.fields = p_fields[i])
                         OR k.content_hash <> p_content[i]
                            AND EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = p_id[i] AND h.content_hash = p_content[i]) THEN

                """)
            .replacingOnce("INSERT INTO kabar_history(id, revision, content_hash, simhash, site, day, record, warc_file, warc_offset)\n",
                           with: "INSERT INTO kabar_history(id, revision, content_hash, simhash, site, day, record, warc_file, warc_offset, fields)\n")
            .replacingOnce("SELECT r.id, r.revision, r.content_hash, r.simhash, r.site, r.day, r.record, r.warc_file, r.warc_offset\n",
                           with: "SELECT r.id, r.revision, r.content_hash, r.simhash, r.site, r.day, r.record, r.warc_file, r.warc_offset, r.fields\n")
            .replacingOnce("warc_offset = p_warc_offset[i], worker = p_worker, run = p_run, stored_at = now()\n",
                           with: "warc_offset = p_warc_offset[i], worker = p_worker, run = p_run, stored_at = now(), fields = p_fields[i]\n")
            .replacingOnce("o_outcome := 'written'; o_revision := rev;", with: """
                IF k.content_hash = p_content[i] THEN n_fields := n_fields + 1; o_outcome := 'fields'; ELSE o_outcome := 'written'; END IF;
                      o_revision := rev;
                """)
            .replacingOnce("run)\n      VALUES (p_id[i], 0, 1,", with: "run, fields)\n      VALUES (p_id[i], 0, 1,")
            .replacingOnce("p_record[i], p_warc_file[i], p_warc_offset[i], p_worker, p_run)",
                           with: "p_record[i], p_warc_file[i], p_warc_offset[i], p_worker, p_run, p_fields[i])")
            .replacingOnce("record = excluded.record, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,\n",
                           with: "record = excluded.record, fields = excluded.fields, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,\n")
            .replacingOnce("near_duplicates = near_duplicates + n_near,", with: "near_duplicates = near_duplicates + n_near, revised_fields = revised_fields + n_fields,")
    }

    /// Migration 15: `kabar_bands`' primary key on the same columns `(band, value, id)`, its
    /// index carrying `simhash` as a non-key column. The old key's index is dropped once the new
    /// one exists; same name, same uniqueness (`ON CONFLICT DO NOTHING` of the record-by-record
    /// path needs a unique index on the key). An index-only scan skips the heap only for pages
    /// the visibility map marks all-visible: autovacuum's passes over the insert-only table
    /// (since PostgreSQL 13 also triggered by inserts) keep nearly all of them so.
    static let bandIndex15 = [
        "CREATE UNIQUE INDEX kabar_bands_probe ON kabar_bands(band, value, id) INCLUDE (simhash)",
        "ALTER TABLE kabar_bands DROP CONSTRAINT kabar_bands_pkey",
        "ALTER TABLE kabar_bands ADD CONSTRAINT kabar_bands_pkey PRIMARY KEY USING INDEX kabar_bands_probe",
    ]

    /// Undoes migration 15 for a before/after comparison (`bench store --before-15`): the primary
    /// key's index without the SimHash, as migrations 1 to 14 made it.
    static let bandIndexBefore15 = [
        "CREATE UNIQUE INDEX kabar_bands_plain ON kabar_bands(band, value, id)",
        "ALTER TABLE kabar_bands DROP CONSTRAINT kabar_bands_pkey",
        "ALTER TABLE kabar_bands ADD CONSTRAINT kabar_bands_pkey PRIMARY KEY USING INDEX kabar_bands_plain",
    ]

    /// Which of a stored record's fetch metadata (`r`, its `kabar_records` row) and its
    /// `kabar_seen` row (`e`) is the URL's, since migration 12: the newer; `kabar_seen`'s when
    /// both are of the same second or the record has none (stored without a fetch, or by the
    /// record-by-record path). `column` of it (`fetched_at`, `status`, `etag`,
    /// `last_modified`); NULL when neither has any.
    static func fetchMetadata(_ column: String) -> String {
        "CASE WHEN e.fetched_at >= coalesce(r.fetched_at, e.fetched_at) THEN e.\(column) ELSE r.\(column) END"
    }

    /// When a fetch is recorded (`fetched_at`) since migration 12, by the store and by
    /// completions alike: the server's clock (every writer's the same, so that the newer of a
    /// record's and a `kabar_seen` row's metadata is the later fetch), in whole seconds rounded
    /// down (the store rounded to the nearest second, completions took the worker's clock).
    static let fetchedNow = "floor(extract(epoch FROM now()))::bigint"

    /// `kabar_lease` as of migration 12: migration 8's, each leased row's "already stored?" and
    /// fetch metadata read from its `kabar_records` row and its `kabar_seen` row, the newer
    /// (`fetchMetadata`).
    static let leaseFunction12 = batchLeaseFunction.replacingOnce("""
                   EXISTS (SELECT 1 FROM kabar_records r WHERE r.id = l.id), e.fetched_at, e.status, e.etag, e.last_modified
            FROM leased l LEFT JOIN kabar_seen e ON e.id = l.id
        """, with: """
                   r.id IS NOT NULL, \(fetchMetadata("fetched_at")), \(fetchMetadata("status")),
                   \(fetchMetadata("etag")), \(fetchMetadata("last_modified"))
            FROM leased l LEFT JOIN kabar_records r ON r.id = l.id LEFT JOIN kabar_seen e ON e.id = l.id
        """)

    /// `kabar_lease` as of migration 6: migration 1's lease, the rows of each call given the
    /// caller's token (`p_token`, random, kept in `kabar_queue.lease_token`), which their store
    /// or completion must present.
    static let leaseFunction = """
        CREATE FUNCTION kabar_lease(p_schedule text, p_limit int, p_lease float8, p_worker text,
                                    p_delay float8, p_horizon float8, p_token bigint)
        RETURNS TABLE(o_url text, o_id bigint, o_host text, o_priority bigint, o_modified bigint, o_attempts int,
                      o_not_before float8, o_stored boolean, o_fetched_at bigint, o_status int, o_etag text, o_last_modified text)
        LANGUAGE plpgsql AS $$
        DECLARE q record; slot timestamptz; n int := 0; s record;
        BEGIN
          FOR q IN SELECT * FROM kabar_queue k
                   WHERE k.schedule = p_schedule AND (k.lease_until IS NULL OR k.lease_until < now())
                   ORDER BY k.priority DESC, k.url LIMIT p_limit * 4 FOR UPDATE SKIP LOCKED LOOP
            INSERT INTO kabar_hosts(host, next_allowed) VALUES (q.host, now()) ON CONFLICT (host) DO NOTHING;
            SELECT greatest(h.next_allowed, now()) INTO slot FROM kabar_hosts h WHERE h.host = q.host FOR UPDATE;
            CONTINUE WHEN slot > now() + make_interval(secs => p_horizon);
            UPDATE kabar_hosts h SET next_allowed = slot + make_interval(secs => p_delay) WHERE h.host = q.host;
            UPDATE kabar_queue k SET lease_until = slot + make_interval(secs => p_lease), leased_by = p_worker, lease_token = p_token
              WHERE k.schedule = q.schedule AND k.url = q.url;
            o_url := q.url; o_id := q.id; o_host := q.host; o_priority := q.priority; o_modified := q.modified;
            o_attempts := q.attempts; o_not_before := extract(epoch FROM slot);
            o_stored := EXISTS (SELECT 1 FROM kabar_records r WHERE r.id = q.id);
            SELECT * INTO s FROM kabar_seen e WHERE e.id = q.id;
            IF FOUND THEN
              o_fetched_at := s.fetched_at; o_status := s.status; o_etag := s.etag; o_last_modified := s.last_modified;
            ELSE
              o_fetched_at := NULL; o_status := NULL; o_etag := NULL; o_last_modified := NULL;
            END IF;
            RETURN NEXT;
            n := n + 1;
            EXIT WHEN n >= p_limit;
          END LOOP;
        END $$
        """

    /// `kabar_lease` as of migration 8: migration 6's lease with each step made for a chunk of
    /// rows at once. A chunk is the next queued rows not leased (or whose lease expired), newest
    /// first, `FOR UPDATE SKIP LOCKED`, as many as are still wanted (so a call locks no more rows
    /// than it leases unless some are beyond the horizon, and two workers leasing at once each get
    /// a share); their hosts' rows are made where missing and locked in host order (so two lease
    /// calls never deadlock); the k-th row of a host in the chunk gets the slot
    /// `greatest(next_allowed, now()) + (k - 1) x p_delay`, as the row-by-row loop gave it; those
    /// within `p_horizon` are leased in queue order and each host's `next_allowed` moves to its
    /// last leased slot plus the delay. Another chunk follows while fewer than `p_limit` rows are
    /// leased, up to `4 x p_limit` rows looked at, as before. Its statements are planned once per
    /// connection (as `kabar_store_many`'s).
    static let batchLeaseFunction = """
        CREATE OR REPLACE FUNCTION kabar_lease(p_schedule text, p_limit int, p_lease float8, p_worker text,
                                               p_delay float8, p_horizon float8, p_token bigint)
        RETURNS TABLE(o_url text, o_id bigint, o_host text, o_priority bigint, o_modified bigint, o_attempts int,
                      o_not_before float8, o_stored boolean, o_fetched_at bigint, o_status int, o_etag text, o_last_modified text)
        LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
        DECLARE urls text[]; hosts text[]; looked text[] := '{}'; n int := 0; got int;
        BEGIN
          LOOP
            SELECT array_agg(c.url ORDER BY c.priority DESC, c.url), array_agg(c.host ORDER BY c.priority DESC, c.url)
              INTO urls, hosts
              FROM (SELECT k.url, k.host, k.priority FROM kabar_queue k
                    WHERE k.schedule = p_schedule AND (k.lease_until IS NULL OR k.lease_until < now()) AND k.url <> ALL(looked)
                    ORDER BY k.priority DESC, k.url LIMIT least(p_limit - n, p_limit * 4 - cardinality(looked))
                    FOR UPDATE SKIP LOCKED) c;
            EXIT WHEN urls IS NULL;
            looked := looked || urls;
            INSERT INTO kabar_hosts(host, next_allowed)
              SELECT DISTINCT u.host, now() FROM unnest(hosts) AS u(host) ORDER BY u.host ON CONFLICT (host) DO NOTHING;
            RETURN QUERY
            WITH h AS (
              SELECT x.host, greatest(x.next_allowed, now()) AS base FROM kabar_hosts x
              WHERE x.host = ANY(hosts) ORDER BY x.host FOR UPDATE),
            c AS (
              SELECT u.url, u.host, u.ord,
                     h.base + make_interval(secs => p_delay * (row_number() OVER (PARTITION BY u.host ORDER BY u.ord) - 1)) AS slot
              FROM unnest(urls, hosts) WITH ORDINALITY AS u(url, host, ord) JOIN h ON h.host = u.host),
            t AS (
              SELECT c.url, c.host, c.ord, c.slot FROM c WHERE c.slot <= now() + make_interval(secs => p_horizon)),
            moved AS (
              UPDATE kabar_hosts x SET next_allowed = m.last + make_interval(secs => p_delay)
              FROM (SELECT t.host, max(t.slot) AS last FROM t GROUP BY t.host) m WHERE x.host = m.host),
            leased AS (
              UPDATE kabar_queue k SET lease_until = t.slot + make_interval(secs => p_lease), leased_by = p_worker, lease_token = p_token
              FROM t WHERE k.schedule = p_schedule AND k.url = t.url
              RETURNING k.url, k.id, k.host, k.priority, k.modified, k.attempts, t.slot, t.ord)
            SELECT l.url, l.id, l.host, l.priority, l.modified, l.attempts, extract(epoch FROM l.slot)::float8,
                   EXISTS (SELECT 1 FROM kabar_records r WHERE r.id = l.id), e.fetched_at, e.status, e.etag, e.last_modified
            FROM leased l LEFT JOIN kabar_seen e ON e.id = l.id
            ORDER BY l.ord;
            GET DIAGNOSTICS got = ROW_COUNT;
            n := n + got;
            EXIT WHEN n >= p_limit OR cardinality(looked) >= p_limit * 4;
          END LOOP;
        END $$
        """

    /// `kabar_store_many`: records deduplicated and stored, and their queue entries completed,
    /// in one call (one round trip, one transaction), one result row per record in the order
    /// given. Record i's SimHash bands are `p_bands[(i-1)*p_nbands+1 .. i*p_nbands]`; a NULL
    /// `p_schedule[i]` means no queue entry. Every advisory lock the group needs (each record's
    /// id, content hash and band values, as migration 2; id and band values since version 10) is taken first, in ascending order, so
    /// two groups never deadlock; then each record is decided in turn exactly as `kabar_store`
    /// decided it alone, seeing the records before it in the group.
    /// Version 5 (migration 5): a record stored from a fetch with status 200..399 also deletes
    /// its URL's row in `kabar_failures`; the call takes a token (`p_token`) and leaves it, with
    /// the group's outcomes, in its run's row (`last_group`, `last_outcomes`, ...).
    /// Version 6 (migration 6): each record's lease token (`p_lease`, after `p_token`); a record
    /// whose queue row no longer carries its token is refused as `stale` (not stored, not
    /// counted as seen; counted in the run's `stale`).
    /// Version 10 (migration 10): no lock on the content hash; a group whose records are
    /// independent is decided set-wise (`groupDecision`) before the loop; planned once per
    /// connection (the setting migration 7 gave version 6, in the function itself).
    /// Version 11 (migration 11): the set-wise path inserts its new records and band rows without
    /// `ON CONFLICT` and updates the records that were duplicates (`groupDecision(version:)`).
    /// Version 12 (migration 12): the set-wise path's records carry their fetch metadata, every
    /// `fetched_at` is `fetchedNow`. Version 13 (migration 13): its writes as one statement.
    /// Version 14 (migration 14): the two writes a group of new records leaves empty out of that
    /// statement, run only when the group has such records.
    /// Version 17 (migration 17): the independence check part of the decision's statement
    /// (`independenceInDecision`). Version 18 (migration 18): the exact probes compare the
    /// candidate's latest SimHash (`exactOnLatestSimHash`).
    // Long: the text of one PL/pgSQL function (kabar_store_many); cut into Swift pieces it could no
    // longer be read, or diffed against the single-record kabar_store, as the one SQL function the
    // server runs.
    static func storeManyFunction(version: Int) -> String {
        let v5 = version >= 5, v6 = version >= 6, v10 = version >= 10
        let clear = v5 ? """
              IF p_status[i] BETWEEN 200 AND 399 THEN
                DELETE FROM kabar_failures f WHERE f.schedule = p_schedule[i] AND f.url = p_queue_url[i];
              END IF;
        """ : ""
        // Version 6: the queue row deleted only while it carries the record's lease token.
        let leased = v6 ? """

                AND (p_lease[i] IS NULL OR q.lease_token = p_lease[i]);
              IF NOT FOUND AND p_lease[i] IS NOT NULL THEN
                n_stale := n_stale + 1;
                o_outcome := 'stale'; o_revision := 0; o_original := NULL; o_distance := 0; RETURN NEXT; CONTINUE;
              END IF;
        """ : ";"
        let text = """
        CREATE OR REPLACE FUNCTION kabar_store_many(
            p_id bigint[], p_content bigint[], p_simhash bigint[], p_bands int[], p_nbands int, p_dedup boolean[], p_near int,
            p_site text[], p_day text[], p_url text[], p_record text[], p_warc_file text[], p_warc_offset bigint[],
            p_worker text, p_run bigint,
            p_schedule text[], p_queue_url text[], p_status int[], p_etag text[], p_last_modified text[])
        RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
        LANGUAGE plpgsql AS $$
        DECLARE i int; b int[]; k record; c record; rev int; best_id bigint; best_d int; is_exact boolean;
                n_seen int := 0; n_written int := 0; n_revisions int := 0; n_unchanged int := 0; n_exact int := 0; n_near int := 0;
        BEGIN
          PERFORM pg_advisory_xact_lock(keys.lock_key) FROM (
            SELECT DISTINCT u.lock_key FROM unnest(p_id || p_content ||
              ARRAY(SELECT hashtextextended('kabar-band:' || ((j - 1) % p_nbands) || ':' || p_bands[j], 0)
                    FROM generate_subscripts(p_bands, 1) j)) AS u(lock_key) ORDER BY u.lock_key) AS keys;
          FOR i IN 1 .. coalesce(array_length(p_id, 1), 0) LOOP
            b := p_bands[(i - 1) * p_nbands + 1 : i * p_nbands];
            IF p_schedule[i] IS NOT NULL THEN
              DELETE FROM kabar_queue q WHERE q.schedule = p_schedule[i] AND q.url = p_queue_url[i]\(leased)
              INSERT INTO kabar_seen AS e(id, url, fetched_at, status, etag, last_modified)
                VALUES (p_id[i], p_queue_url[i], extract(epoch FROM now())::bigint, p_status[i], p_etag[i], p_last_modified[i])
                ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                  etag = excluded.etag, last_modified = excluded.last_modified;
        \(clear)
            END IF;
            n_seen := n_seen + 1;
            o_original := NULL; o_distance := 0;
            SELECT r.kind, r.revision, r.content_hash INTO k FROM kabar_records r WHERE r.id = p_id[i];
            IF FOUND AND k.kind = 0 THEN
              IF k.content_hash = p_content[i]
                 OR EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = p_id[i] AND h.content_hash = p_content[i]) THEN
                n_unchanged := n_unchanged + 1;
                o_outcome := 'unchanged'; o_revision := 0; RETURN NEXT; CONTINUE;
              END IF;
              INSERT INTO kabar_history(id, revision, content_hash, simhash, site, day, record, warc_file, warc_offset)
                SELECT r.id, r.revision, r.content_hash, r.simhash, r.site, r.day, r.record, r.warc_file, r.warc_offset
                FROM kabar_records r WHERE r.id = p_id[i];
              rev := k.revision + 1;
              UPDATE kabar_records r SET revision = rev, content_hash = p_content[i], simhash = p_simhash[i], site = p_site[i],
                  day = p_day[i], url = p_url[i], record = regexp_replace(p_record[i], ',"revision":[0-9]+,', ',"revision":' || rev || ','),
                  warc_file = p_warc_file[i], warc_offset = p_warc_offset[i], worker = p_worker, run = p_run, stored_at = now()
                WHERE r.id = p_id[i];
              IF p_dedup[i] THEN
                INSERT INTO kabar_bands(band, value, id, simhash)
                  SELECT j - 1, b[j], p_id[i], p_simhash[i] FROM generate_subscripts(b, 1) j ON CONFLICT DO NOTHING;
              END IF;
              n_revisions := n_revisions + 1;
              o_outcome := 'written'; o_revision := rev; RETURN NEXT; CONTINUE;
            END IF;
            IF FOUND AND k.content_hash = p_content[i] THEN
              n_unchanged := n_unchanged + 1;
              o_outcome := 'unchanged'; o_revision := 0; RETURN NEXT; CONTINUE;
            END IF;
            best_id := NULL; best_d := NULL; is_exact := false;
            IF p_dedup[i] THEN
              -- Exact: a kept record with the same SimHash whose latest content has the same hash.
              SELECT bb.id INTO best_id FROM kabar_bands bb JOIN kabar_records r ON r.id = bb.id
                WHERE bb.band = 0 AND bb.value = b[1] AND bb.simhash = p_simhash[i] AND bb.id <> p_id[i]
                  AND r.kind = 0 AND r.content_hash = p_content[i]
                ORDER BY bb.id LIMIT 1;
              IF best_id IS NOT NULL THEN
                best_d := 0; is_exact := true;
              ELSE
                -- Near: the nearest SimHash sharing a band, within p_near bits (ties: the smallest id),
                -- one index probe per band.
                SELECT x.id, x.d INTO c FROM (
                    SELECT bb.id, bit_count((bb.simhash # p_simhash[i])::bit(64))::int AS d
                    FROM unnest(b) WITH ORDINALITY AS u(value, band)
                    JOIN kabar_bands bb ON bb.band = (u.band - 1)::smallint AND bb.value = u.value
                    WHERE bb.id <> p_id[i]) x
                  WHERE x.d <= p_near ORDER BY x.d, x.id LIMIT 1;
                IF FOUND THEN best_id := c.id; best_d := c.d; END IF;
              END IF;
              IF best_id IS NOT NULL THEN
                INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                               record, warc_file, warc_offset, worker, run)
                  VALUES (p_id[i], CASE WHEN is_exact THEN 1 ELSE 2 END, 0, p_content[i], p_simhash[i], p_site[i], p_day[i],
                          p_url[i], best_id, best_d, NULL, p_warc_file[i], p_warc_offset[i], p_worker, p_run)
                  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, content_hash = excluded.content_hash, simhash = excluded.simhash,
                    site = excluded.site, day = excluded.day, duplicate_of = excluded.duplicate_of, distance = excluded.distance,
                    warc_file = excluded.warc_file, warc_offset = excluded.warc_offset, worker = excluded.worker, run = excluded.run,
                    stored_at = now();
                o_original := best_id; o_revision := 0;
                IF is_exact THEN
                  n_exact := n_exact + 1;
                  o_outcome := 'exact'; RETURN NEXT; CONTINUE;
                END IF;
                n_near := n_near + 1;
                o_outcome := 'near'; o_distance := best_d; RETURN NEXT; CONTINUE;
              END IF;
            END IF;
            -- A new record: its line already says revision 1.
            INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                           record, warc_file, warc_offset, worker, run)
              VALUES (p_id[i], 0, 1, p_content[i], p_simhash[i], p_site[i], p_day[i], p_url[i], NULL, NULL,
                      p_record[i], p_warc_file[i], p_warc_offset[i], p_worker, p_run)
              ON CONFLICT (id) DO UPDATE SET kind = 0, revision = 1, content_hash = excluded.content_hash, simhash = excluded.simhash,
                site = excluded.site, day = excluded.day, url = excluded.url, duplicate_of = NULL, distance = NULL,
                record = excluded.record, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
                worker = excluded.worker, run = excluded.run, stored_at = now();
            IF p_dedup[i] THEN
              INSERT INTO kabar_bands(band, value, id, simhash)
                SELECT j - 1, b[j], p_id[i], p_simhash[i] FROM generate_subscripts(b, 1) j ON CONFLICT DO NOTHING;
            END IF;
            n_written := n_written + 1;
            o_outcome := 'written'; o_revision := 1; RETURN NEXT;
          END LOOP;
          UPDATE kabar_runs SET seen = seen + n_seen, written = written + n_written, revisions = revisions + n_revisions,
              unchanged = unchanged + n_unchanged, exact_duplicates = exact_duplicates + n_exact,
              near_duplicates = near_duplicates + n_near
            WHERE id = p_run;
        END $$
        """
        guard v5 else { return text }
        // The outcomes kept as they are returned; the token and outcomes left in the run's row.
        let v6text = text
            .replacingOccurrences(of: "p_last_modified text[])\n", with: "p_last_modified text[], p_token bigint\(v6 ? ", p_lease bigint[]" : ""))\n")
            .replacingOccurrences(of: "n_near int := 0;\n", with: "n_near int := 0;\n        r_outcome text[] := '{}'; r_revision int[] := '{}'; r_original bigint[] := '{}'; r_distance int[] := '{}';\n")
            .replacingOccurrences(of: "n_near int := 0;\n", with: "n_near int := 0;\(v6 ? " n_stale int := 0;" : "")\n")
            .replacingOccurrences(of: "RETURN NEXT;", with: """
                r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
                r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT;
                """)
            .replacingOccurrences(of: "near_duplicates = near_duplicates + n_near\n", with: """
                near_duplicates = near_duplicates + n_near,\(v6 ? " stale = stale + n_stale," : "") last_group = p_token, last_outcomes = r_outcome,
                      last_revisions = r_revision, last_originals = r_original, last_distances = r_distance

                """)
        guard v10 else { return v6text }
        // Version 10: planned once per connection; no lock on the content hash; a group whose
        // records are independent decided set-wise before the record-by-record loop.
        // Version 11: the set-wise path's plain inserts (`groupDecision(version:)`).
        let v10text = v6text
            .replacingOccurrences(of: "LANGUAGE plpgsql AS $$", with: "LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$")
            .replacingOccurrences(of: "unnest(p_id || p_content ||", with: "unnest(p_id ||")
            .replacingOccurrences(of: "n_stale int := 0;\n", with: """
                n_stale int := 0;
                        independent boolean; l_outcome text[]; l_original bigint[]; l_distance int[]; l_stale bigint[]; l_i bigint;\(version >= 11 ? " l_known boolean[];" : "")\(version >= 14 ? " l_update boolean;" : "")

                """)
            .replacingOccurrences(of: "  FOR i IN 1 .. coalesce(array_length(p_id, 1), 0) LOOP\n", with: groupDecision(version: version) + """
                  FOR i IN 1 .. coalesce(array_length(p_id, 1), 0) LOOP

                """)
        // Version 12: every fetch recorded with the same clock and rounding (`fetchedNow`).
        let v12text = version >= 12 ? v10text.replacingOccurrences(of: "extract(epoch FROM now())::bigint", with: fetchedNow) : v10text
        // Version 16: the fields digest (`withFieldsDigest`).
        let v16text = version >= 16 ? withFieldsDigest(v12text) : v12text
        // Version 18: the exact probe on the candidate's latest SimHash (`exactOnLatestSimHash`).
        return version >= 18 ? exactOnLatestSimHash(v16text) : v16text
    }

    /// Version 18: both exact probes (the set-wise decision's and the record-by-record path's)
    /// compare the new record's SimHash with the candidate record's latest (`kabar_records`, the
    /// row the probe already reads for its kind and content hash), not with its band 0 row's,
    /// which holds the SimHash of the first revision that had that band value. The band row is
    /// still the way in (band 0's value, an index-only scan).
    static func exactOnLatestSimHash(_ text: String) -> String {
        text.replacingOnce("AND bb.simhash = u.simhash AND bb.id <> u.id", with: "AND r2.simhash = u.simhash AND bb.id <> u.id")
            .replacingOnce("AND bb.simhash = p_simhash[i] AND bb.id <> p_id[i]", with: "AND r.simhash = p_simhash[i] AND bb.id <> p_id[i]")
    }

    /// `kabar_store_many` version 10's set-wise path, taken when the group's records are
    /// independent: distinct URLs (ids) and queue entries, and no SimHash band value shared by
    /// two records taking part in dedup (two records that could be exact or near duplicates of
    /// each other share a band value, and a revision needs the same id). Then no record's
    /// decision depends on another's write, and each step runs once for the whole group: the
    /// lookups (existing record, older revisions, exact and near candidates: index probes per
    /// record in one statement), the queue rows completed under their tokens (the stale ones
    /// found), fetch metadata, failures, records, bands and the run's counts. A group with a
    /// revision (the old line moves to kabar_history) or whose candidate is a record of the
    /// group itself goes through the record-by-record loop, as before. Every decision is the
    /// loop's: the same conditions, the same candidates and tie-breaks.
    /// Version 11: a record of the group that is not in `kabar_records` yet (`l_known`, read by
    /// the decision under the group's id locks) is inserted with a plain `INSERT` (new records
    /// and duplicates in one statement), one that is (a duplicate whose text changed) updated;
    /// the band rows of written records are inserted plainly too (only records kept as written
    /// have band rows, and a record once written is never decided `written` again here: it is
    /// unchanged or a revision). The same rows as version 10's `ON CONFLICT` statements.
    /// Version 12: the records it writes (new ones, duplicates) carry their fetch metadata in
    /// their rows (`recordWritesV12`); `kabar_seen` is written only for those found unchanged.
    /// Version 13: those writes and the result as one statement (`fusedWrites`).
    static func groupDecision(version: Int) -> String {
        guard version >= 12 else { return groupDecisionV11(version: version) }
        let v12 = groupDecisionV11(version: version)
            .replacingOnce(recordWritesV11, with: recordWritesV12)
            .replacingOnce("WHERE u.s IS NOT NULL AND u.o <> 'stale'\n", with: "WHERE u.s IS NOT NULL AND u.o = 'unchanged'\n")
        guard version >= 14 else { return version >= 13 ? fusedWrites(v12) : v12 }
        // Version 14: the decision also says whether a record stored before as a duplicate is
        // written again (`l_update`), the guard of the records' update.
        let v14 = v12.replacingOnce("array_agg(d.known ORDER BY d.ord)\n      INTO l_outcome, l_original, l_distance, l_known\n", with: """
            array_agg(d.known ORDER BY d.ord),
                     coalesce(bool_or(d.known AND d.outcome IN ('written', 'exact', 'near')), false)
              INTO l_outcome, l_original, l_distance, l_known, l_update

            """)
        let fused = fusedWrites(v14, guarded: true)
        return version >= 17 ? independenceInDecision(fused) : fused
    }

    /// Version 17: the independence check (until then a statement of its own, run before the
    /// decision) computed by the decision's statement as one more output column. It reads only
    /// the parameters, so it can share the statement (and its snapshot) with the lookups; the
    /// advisory locks stay a statement before both, so that the lookups' snapshot is taken
    /// after the locks are held. A group found not independent has its lookups dropped and
    /// goes record by record, as before.
    static func independenceInDecision(_ text: String) -> String {
        guard let start = text.range(of: "  SELECT (SELECT count(DISTINCT x.id)"),
              let end = text.range(of: "    INTO independent;\n  IF independent THEN\n", range: start.upperBound..<text.endIndex) else {
            preconditionFailure("the independence check not found")
        }
        let check = String(text[start.lowerBound..<end.lowerBound]).dropFirst("  SELECT ".count)
            .replacingOccurrences(of: "\n", with: "\n  ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.replacingOnce(String(text[start.lowerBound..<end.upperBound]), with: "")
            .replacingOnce("coalesce(bool_or(d.known AND d.outcome IN ('written', 'exact', 'near')), false)\n",
                           with: "coalesce(bool_or(d.known AND d.outcome IN ('written', 'exact', 'near')), false),\n         \(check)\n")
            .replacingOnce("INTO l_outcome, l_original, l_distance, l_known, l_update\n",
                           with: "INTO l_outcome, l_original, l_distance, l_known, l_update, independent\n")
            .replacingOnce("    independent := NOT ('revision' = ANY(l_outcome) OR l_original && p_id);\n  END IF;\n",
                           with: "    independent := independent AND NOT ('revision' = ANY(l_outcome) OR l_original && p_id);\n")
    }

    /// The set-wise path's six writes after the queue rows (from `kabar_seen`'s upsert to the
    /// run's counts), each its own statement in `text`, made the data-modifying `WITH` parts of
    /// its `RETURN QUERY`: one statement's executor set-up, run and end per group instead of
    /// seven. No part reads a row another writes (the records updated are those the decision
    /// found, the inserted ones are new), so the rows are those of the seven statements.
    /// `guarded` (version 14): the first write (`kabar_seen` for records found unchanged) and the
    /// fourth (records stored before as duplicates, updated) are left out of the statement and
    /// run before it, each on its own and only when the group has such a record (one found
    /// unchanged and a queue entry; `l_update`, from the decision); the other parts read none of
    /// their rows.
    static func fusedWrites(_ text: String, guarded: Bool = false) -> String {
        guard let start = text.range(of: "    INSERT INTO kabar_seen AS e("),
              let result = text.range(of: "    RETURN QUERY\n", range: start.lowerBound..<text.endIndex) else {
            preconditionFailure("the set-wise path's writes not found")
        }
        let writes = String(text[start.lowerBound..<result.lowerBound])
        let statements = writes.components(separatedBy: ";\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        precondition(statements.count == 6, "expected the set-wise path's six writes, found \(statements.count)")
        var guards: [Int: String] = [:]
        if guarded {
            precondition(statements[0].contains("INSERT INTO kabar_seen") && statements[3].contains("UPDATE kabar_records"),
                         "the set-wise path's writes not in the expected order")
            guards = [0: "'unchanged' = ANY(l_outcome) AND cardinality(array_remove(p_schedule, NULL)) > 0", 3: "l_update"]
        }
        let alone = guards.keys.sorted().map { "    IF \(guards[$0]!) THEN\n\(statements[$0]);\n    END IF;\n" }.joined()
        let parts = statements.enumerated().filter { guards[$0.offset] == nil }
            .map { "w\($0.offset) AS (\n\($0.element))" }.joined(separator: ",\n    ")
        return text.replacingOnce(writes + "    RETURN QUERY\n", with: alone + "    RETURN QUERY\n    WITH " + parts + "\n")
    }

    /// Versions 10 and 11 of the set-wise path.
    static func groupDecisionV11(version: Int) -> String {
        guard version >= 11 else { return groupDecisionV10 }
        return groupDecisionV10
            .replacingOnce("array_agg(d.distance ORDER BY d.ord)\n      INTO l_outcome, l_original, l_distance\n",
                           with: "array_agg(d.distance ORDER BY d.ord), array_agg(d.known ORDER BY d.ord)\n      INTO l_outcome, l_original, l_distance, l_known\n")
            .replacingOnce("coalesce(x.id, n.id) AS original,", with: "r.id IS NOT NULL AS known, coalesce(x.id, n.id) AS original,")
            .replacingOnce(recordInsertsV10, with: recordWritesV11)
            .replacingOnce("l_outcome[(x.j - 1) / p_nbands + 1] = 'written'\n      ON CONFLICT DO NOTHING;\n",
                           with: "l_outcome[(x.j - 1) / p_nbands + 1] = 'written';\n")
    }

    /// Version 11's writes of the group's records: new ones inserted (written, exact and near
    /// duplicates), known ones (duplicates until now) updated, as version 10's two
    /// `ON CONFLICT` inserts (`recordInsertsV10`) set them.
    static let recordWritesV11 = """
        -- New records (their lines already say revision 1) and duplicates not stored before.
        INSERT INTO kabar_records(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                  record, warc_file, warc_offset, worker, run)
          SELECT u.id, CASE u.o WHEN 'written' THEN 0 WHEN 'exact' THEN 1 ELSE 2 END, CASE WHEN u.o = 'written' THEN 1 ELSE 0 END,
                 u.content, u.simhash, u.site, u.day, u.url, CASE WHEN u.o <> 'written' THEN u.original END,
                 CASE WHEN u.o <> 'written' THEN u.distance END, CASE WHEN u.o = 'written' THEN u.line END, u.wf, u.wo, p_worker, p_run
          FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_record, p_warc_file, p_warc_offset, l_outcome, l_original,
                      l_distance, l_known)
            AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known)
          WHERE u.o IN ('written', 'exact', 'near') AND NOT u.known;
        -- Records stored before as duplicates: a duplicate again (its line stays NULL, its URL
        -- and revision as they were), or written (revision 1, its line).
        UPDATE kabar_records r SET kind = CASE u.o WHEN 'written' THEN 0 WHEN 'exact' THEN 1 ELSE 2 END,
            revision = CASE WHEN u.o = 'written' THEN 1 ELSE r.revision END, content_hash = u.content, simhash = u.simhash,
            site = u.site, day = u.day, url = CASE WHEN u.o = 'written' THEN u.url ELSE r.url END,
            duplicate_of = CASE WHEN u.o <> 'written' THEN u.original END, distance = CASE WHEN u.o <> 'written' THEN u.distance END,
            record = CASE WHEN u.o = 'written' THEN u.line ELSE r.record END, warc_file = u.wf, warc_offset = u.wo,
            worker = p_worker, run = p_run, stored_at = now()
          FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_record, p_warc_file, p_warc_offset, l_outcome, l_original,
                      l_distance, l_known)
            AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known)
          WHERE r.id = u.id AND u.o IN ('written', 'exact', 'near') AND u.known;

    """

    /// Version 12's writes of the group's records: version 11's, each record that completes a
    /// queue entry with its fetch metadata (when, status, ETag, Last-Modified) in its row; a
    /// record updated without one keeps the metadata it had.
    static let recordWritesV12 = recordWritesV11
        .replacingOnce("record, warc_file, warc_offset, worker, run)\n",
                       with: "record, warc_file, warc_offset, worker, run, fetched_at, status, etag, last_modified)\n")
        .replacingOnce("u.wf, u.wo, p_worker, p_run\n", with: """
            u.wf, u.wo, p_worker, p_run,
                             CASE WHEN u.s IS NOT NULL THEN extract(epoch FROM now())::bigint END, CASE WHEN u.s IS NOT NULL THEN u.status END,
                             CASE WHEN u.s IS NOT NULL THEN u.etag END, CASE WHEN u.s IS NOT NULL THEN u.lm END

            """)
        .replacingOccurrences(of: "l_distance, l_known)\n        AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known)\n",
                              with: "l_distance, l_known, p_schedule, p_status, p_etag, p_last_modified)\n"
                                  + "        AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known, s, status, etag, lm)\n")
        .replacingOnce("worker = p_worker, run = p_run, stored_at = now()\n", with: """
            worker = p_worker, run = p_run, stored_at = now(),
                    fetched_at = CASE WHEN u.s IS NOT NULL THEN extract(epoch FROM now())::bigint ELSE r.fetched_at END,
                    status = CASE WHEN u.s IS NOT NULL THEN u.status ELSE r.status END,
                    etag = CASE WHEN u.s IS NOT NULL THEN u.etag ELSE r.etag END,
                    last_modified = CASE WHEN u.s IS NOT NULL THEN u.lm ELSE r.last_modified END

            """)

    /// Version 10's two inserts of the group's records (duplicates, then written), each
    /// `ON CONFLICT (id) DO UPDATE`; replaced in version 11.
    static var recordInsertsV10: String {
        let text = groupDecisionV10
        let start = text.range(of: "    INSERT INTO kabar_records AS r(")!.lowerBound
        let end = text.range(of: "    INSERT INTO kabar_bands(")!.lowerBound
        return String(text[start..<end])
    }

    static let groupDecisionV10 = """
          SELECT (SELECT count(DISTINCT x.id) FROM unnest(p_id) AS x(id)) = cardinality(p_id)
             AND (SELECT count(DISTINCT x.s || chr(31) || x.url) = count(x.s) FROM unnest(p_schedule, p_queue_url) AS x(s, url))
             AND NOT EXISTS (SELECT 1 FROM generate_subscripts(p_bands, 1) AS x(j) WHERE p_dedup[(x.j - 1) / p_nbands + 1]
                             GROUP BY (x.j - 1) % p_nbands, p_bands[x.j] HAVING count(*) > 1)
            INTO independent;
          IF independent THEN
            SELECT array_agg(d.outcome ORDER BY d.ord), array_agg(d.original ORDER BY d.ord), array_agg(d.distance ORDER BY d.ord)
              INTO l_outcome, l_original, l_distance
              FROM (
                SELECT u.ord,
                       CASE WHEN r.kind = 0 AND (r.content_hash = u.content
                                                 OR EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = u.id AND h.content_hash = u.content))
                              THEN 'unchanged'
                            WHEN r.kind = 0 THEN 'revision'
                            WHEN r.content_hash = u.content THEN 'unchanged'
                            WHEN x.id IS NOT NULL THEN 'exact'
                            WHEN n.id IS NOT NULL THEN 'near'
                            ELSE 'written' END AS outcome,
                       coalesce(x.id, n.id) AS original, CASE WHEN x.id IS NULL AND n.id IS NOT NULL THEN n.d ELSE 0 END AS distance
                FROM unnest(p_id, p_content, p_simhash, p_dedup) WITH ORDINALITY AS u(id, content, simhash, dedup, ord)
                LEFT JOIN kabar_records r ON r.id = u.id
                -- Exact: a kept record with the same SimHash whose latest content has the same hash.
                LEFT JOIN LATERAL (
                  SELECT bb.id FROM kabar_bands bb JOIN kabar_records r2 ON r2.id = bb.id
                  WHERE u.dedup AND (r.id IS NULL OR r.kind <> 0 AND r.content_hash <> u.content)
                    AND bb.band = 0 AND bb.value = p_bands[(u.ord - 1) * p_nbands + 1] AND bb.simhash = u.simhash AND bb.id <> u.id
                    AND r2.kind = 0 AND r2.content_hash = u.content
                  ORDER BY bb.id LIMIT 1) x ON true
                -- Near: the nearest SimHash sharing a band, within p_near bits (ties: the smallest id).
                LEFT JOIN LATERAL (
                  SELECT bb.id, bit_count((bb.simhash # u.simhash)::bit(64))::int AS d
                  FROM unnest(p_bands[(u.ord - 1) * p_nbands + 1 : u.ord * p_nbands]) WITH ORDINALITY AS g(value, band)
                  JOIN kabar_bands bb ON bb.band = (g.band - 1)::smallint AND bb.value = g.value
                  WHERE u.dedup AND x.id IS NULL AND (r.id IS NULL OR r.kind <> 0 AND r.content_hash <> u.content) AND bb.id <> u.id
                    AND bit_count((bb.simhash # u.simhash)::bit(64)) <= p_near
                  ORDER BY 2, 1 LIMIT 1) n ON true) d;
            independent := NOT ('revision' = ANY(l_outcome) OR l_original && p_id);
          END IF;
          IF independent THEN
            -- Queue rows completed only while they carry the record's lease token; a leased record
            -- whose row is gone or carries another token is stale.
            WITH gone AS (
              DELETE FROM kabar_queue q USING unnest(p_schedule, p_queue_url, p_lease) WITH ORDINALITY AS u(s, url, lease, ord)
              WHERE q.schedule = u.s AND q.url = u.url AND (u.lease IS NULL OR q.lease_token = u.lease)
              RETURNING u.ord)
            SELECT coalesce(array_agg(u.ord), '{}') INTO l_stale FROM unnest(p_schedule, p_lease) WITH ORDINALITY AS u(s, lease, ord)
              WHERE u.s IS NOT NULL AND u.lease IS NOT NULL AND u.ord NOT IN (SELECT gone.ord FROM gone);
            FOREACH l_i IN ARRAY l_stale LOOP
              l_outcome[l_i] := 'stale'; l_original[l_i] := NULL; l_distance[l_i] := 0;
            END LOOP;
            INSERT INTO kabar_seen AS e(id, url, fetched_at, status, etag, last_modified)
              SELECT u.id, u.url, extract(epoch FROM now())::bigint, u.status, u.etag, u.lm
              FROM unnest(p_id, p_schedule, p_queue_url, p_status, p_etag, p_last_modified, l_outcome) AS u(id, s, url, status, etag, lm, o)
              WHERE u.s IS NOT NULL AND u.o <> 'stale'
              ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                etag = excluded.etag, last_modified = excluded.last_modified;
            DELETE FROM kabar_failures f USING unnest(p_schedule, p_queue_url, p_status, l_outcome) AS u(s, url, status, o)
              WHERE f.schedule = u.s AND f.url = u.url AND u.status BETWEEN 200 AND 399 AND u.o <> 'stale';
            INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                           record, warc_file, warc_offset, worker, run)
              SELECT u.id, CASE WHEN u.o = 'exact' THEN 1 ELSE 2 END, 0, u.content, u.simhash, u.site, u.day, u.url, u.original, u.distance,
                     NULL, u.wf, u.wo, p_worker, p_run
              FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_warc_file, p_warc_offset, l_outcome, l_original, l_distance)
                AS u(id, content, simhash, site, day, url, wf, wo, o, original, distance)
              WHERE u.o IN ('exact', 'near')
              ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, content_hash = excluded.content_hash, simhash = excluded.simhash,
                site = excluded.site, day = excluded.day, duplicate_of = excluded.duplicate_of, distance = excluded.distance,
                warc_file = excluded.warc_file, warc_offset = excluded.warc_offset, worker = excluded.worker, run = excluded.run,
                stored_at = now();
            -- New records: their lines already say revision 1.
            INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                           record, warc_file, warc_offset, worker, run)
              SELECT u.id, 0, 1, u.content, u.simhash, u.site, u.day, u.url, NULL, NULL, u.line, u.wf, u.wo, p_worker, p_run
              FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_record, p_warc_file, p_warc_offset, l_outcome)
                AS u(id, content, simhash, site, day, url, line, wf, wo, o)
              WHERE u.o = 'written'
              ON CONFLICT (id) DO UPDATE SET kind = 0, revision = 1, content_hash = excluded.content_hash, simhash = excluded.simhash,
                site = excluded.site, day = excluded.day, url = excluded.url, duplicate_of = NULL, distance = NULL,
                record = excluded.record, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
                worker = excluded.worker, run = excluded.run, stored_at = now();
            INSERT INTO kabar_bands(band, value, id, simhash)
              SELECT (x.j - 1) % p_nbands, p_bands[x.j], p_id[(x.j - 1) / p_nbands + 1], p_simhash[(x.j - 1) / p_nbands + 1]
              FROM generate_subscripts(p_bands, 1) AS x(j)
              WHERE p_dedup[(x.j - 1) / p_nbands + 1] AND l_outcome[(x.j - 1) / p_nbands + 1] = 'written'
              ON CONFLICT DO NOTHING;
            UPDATE kabar_runs SET seen = seen + t.t_seen, written = written + t.t_written, unchanged = unchanged + t.t_unchanged,
                exact_duplicates = exact_duplicates + t.t_exact, near_duplicates = near_duplicates + t.t_near, stale = stale + t.t_stale,
                last_group = p_token, last_outcomes = l_outcome, last_revisions = t.t_revisions, last_originals = t.t_originals,
                last_distances = t.t_distances
              FROM (SELECT count(*) FILTER (WHERE u.o <> 'stale') AS t_seen, count(*) FILTER (WHERE u.o = 'written') AS t_written,
                           count(*) FILTER (WHERE u.o = 'unchanged') AS t_unchanged, count(*) FILTER (WHERE u.o = 'exact') AS t_exact,
                           count(*) FILTER (WHERE u.o = 'near') AS t_near, count(*) FILTER (WHERE u.o = 'stale') AS t_stale,
                           array_agg(CASE WHEN u.o = 'written' THEN 1 ELSE 0 END ORDER BY u.ord) AS t_revisions,
                           array_agg(CASE WHEN u.o IN ('exact', 'near') THEN u.original ELSE 0 END ORDER BY u.ord) AS t_originals,
                           array_agg(CASE WHEN u.o = 'near' THEN u.distance ELSE 0 END ORDER BY u.ord) AS t_distances
                    FROM unnest(l_outcome, l_original, l_distance) WITH ORDINALITY AS u(o, original, distance, ord)) t
              WHERE kabar_runs.id = p_run;
            RETURN QUERY
              SELECT u.o, CASE WHEN u.o = 'written' THEN 1 ELSE 0 END, CASE WHEN u.o IN ('exact', 'near') THEN u.original END,
                     CASE WHEN u.o = 'near' THEN u.distance ELSE 0 END
              FROM unnest(l_outcome, l_original, l_distance) WITH ORDINALITY AS u(o, original, distance, ord) ORDER BY u.ord;
            RETURN;
          END IF;

        """

    /// `kabar_store` with `lock` as the statement(s) that serialise conflicting dedup decisions.
    // Long: the text of one PL/pgSQL function (kabar_store), kept whole so it reads as the SQL the
    // server runs.
    static func storeFunction(lock: String) -> String {
        """
            CREATE OR REPLACE FUNCTION kabar_store(
                p_id bigint, p_content bigint, p_simhash bigint, p_bands int[], p_dedup boolean, p_near int,
                p_site text, p_day text, p_url text, p_record text, p_warc_file text, p_warc_offset bigint,
                p_worker text, p_run bigint,
                p_schedule text, p_queue_url text, p_status int, p_etag text, p_last_modified text)
            RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
            LANGUAGE plpgsql AS $$
            DECLARE k record; c record; rev int; best_id bigint; best_d int; is_exact boolean := false;
            BEGIN
            \(lock)
              IF p_schedule IS NOT NULL THEN
                DELETE FROM kabar_queue q WHERE q.schedule = p_schedule AND q.url = p_queue_url;
                INSERT INTO kabar_seen AS e(id, url, fetched_at, status, etag, last_modified)
                  VALUES (p_id, p_queue_url, extract(epoch FROM now())::bigint, p_status, p_etag, p_last_modified)
                  ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
                    etag = excluded.etag, last_modified = excluded.last_modified;
              END IF;
              UPDATE kabar_runs SET seen = seen + 1 WHERE id = p_run;
              SELECT * INTO k FROM kabar_records r WHERE r.id = p_id;
              IF FOUND AND k.kind = 0 THEN
                IF k.content_hash = p_content OR EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = p_id AND h.content_hash = p_content) THEN
                  UPDATE kabar_runs SET unchanged = unchanged + 1 WHERE id = p_run;
                  RETURN QUERY SELECT 'unchanged'::text, 0, NULL::bigint, 0; RETURN;
                END IF;
                INSERT INTO kabar_history(id, revision, content_hash, simhash, site, day, record, warc_file, warc_offset)
                  SELECT r.id, r.revision, r.content_hash, r.simhash, r.site, r.day, r.record, r.warc_file, r.warc_offset
                  FROM kabar_records r WHERE r.id = p_id;
                rev := k.revision + 1;
                UPDATE kabar_records r SET revision = rev, content_hash = p_content, simhash = p_simhash, site = p_site, day = p_day,
                    url = p_url, record = regexp_replace(p_record, ',"revision":[0-9]+,', ',"revision":' || rev || ','),
                    warc_file = p_warc_file, warc_offset = p_warc_offset, worker = p_worker, run = p_run, stored_at = now()
                  WHERE r.id = p_id;
                IF p_dedup THEN
                  INSERT INTO kabar_bands(band, value, id, simhash)
                    SELECT i - 1, p_bands[i], p_id, p_simhash FROM generate_subscripts(p_bands, 1) i ON CONFLICT DO NOTHING;
                END IF;
                UPDATE kabar_runs SET revisions = revisions + 1 WHERE id = p_run;
                RETURN QUERY SELECT 'written'::text, rev, NULL::bigint, 0; RETURN;
              END IF;
              IF FOUND AND k.content_hash = p_content THEN
                UPDATE kabar_runs SET unchanged = unchanged + 1 WHERE id = p_run;
                RETURN QUERY SELECT 'unchanged'::text, 0, NULL::bigint, 0; RETURN;
              END IF;
              IF p_dedup THEN
                -- Exact: a kept record with the same SimHash whose latest content has the same hash.
                SELECT b.id INTO best_id FROM kabar_bands b JOIN kabar_records r ON r.id = b.id
                  WHERE b.band = 0 AND b.value = p_bands[1] AND b.simhash = p_simhash AND b.id <> p_id
                    AND r.kind = 0 AND r.content_hash = p_content
                  ORDER BY b.id LIMIT 1;
                IF best_id IS NOT NULL THEN
                  best_d := 0; is_exact := true;
                ELSE
                  -- Near: the nearest SimHash sharing a band, within p_near bits (ties: the smallest id).
                  SELECT b.id, bit_count((b.simhash # p_simhash)::bit(64))::int AS d INTO c
                    FROM kabar_bands b
                    WHERE (b.band, b.value) IN (SELECT (i - 1)::smallint, p_bands[i] FROM generate_subscripts(p_bands, 1) i)
                      AND b.id <> p_id AND bit_count((b.simhash # p_simhash)::bit(64)) <= p_near
                    ORDER BY 2, 1 LIMIT 1;
                  IF FOUND THEN best_id := c.id; best_d := c.d; END IF;
                END IF;
                IF best_id IS NOT NULL THEN
                  INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                                 record, warc_file, warc_offset, worker, run)
                    VALUES (p_id, CASE WHEN is_exact THEN 1 ELSE 2 END, 0, p_content, p_simhash, p_site, p_day,
                            p_url, best_id, best_d, NULL, p_warc_file, p_warc_offset, p_worker, p_run)
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, content_hash = excluded.content_hash, simhash = excluded.simhash,
                      site = excluded.site, day = excluded.day, duplicate_of = excluded.duplicate_of, distance = excluded.distance,
                      warc_file = excluded.warc_file, warc_offset = excluded.warc_offset, worker = excluded.worker, run = excluded.run,
                      stored_at = now();
                  IF is_exact THEN
                    UPDATE kabar_runs SET exact_duplicates = exact_duplicates + 1 WHERE id = p_run;
                    RETURN QUERY SELECT 'exact'::text, 0, best_id, 0; RETURN;
                  END IF;
                  UPDATE kabar_runs SET near_duplicates = near_duplicates + 1 WHERE id = p_run;
                  RETURN QUERY SELECT 'near'::text, 0, best_id, best_d; RETURN;
                END IF;
              END IF;
              INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                             record, warc_file, warc_offset, worker, run)
                VALUES (p_id, 0, 1, p_content, p_simhash, p_site, p_day, p_url, NULL, NULL,
                        regexp_replace(p_record, ',"revision":[0-9]+,', ',"revision":1,'), p_warc_file, p_warc_offset, p_worker, p_run)
                ON CONFLICT (id) DO UPDATE SET kind = 0, revision = 1, content_hash = excluded.content_hash, simhash = excluded.simhash,
                  site = excluded.site, day = excluded.day, url = excluded.url, duplicate_of = NULL, distance = NULL,
                  record = excluded.record, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
                  worker = excluded.worker, run = excluded.run, stored_at = now();
              IF p_dedup THEN
                INSERT INTO kabar_bands(band, value, id, simhash)
                  SELECT i - 1, p_bands[i], p_id, p_simhash FROM generate_subscripts(p_bands, 1) i ON CONFLICT DO NOTHING;
              END IF;
              UPDATE kabar_runs SET written = written + 1 WHERE id = p_run;
              RETURN QUERY SELECT 'written'::text, 1, NULL::bigint, 0; RETURN;
            END $$
            """
    }
}

extension String {
    /// `self` with `target`'s one occurrence replaced; a trap when it is missing or not alone
    /// (a migration's SQL built from an older version's text must change exactly what it says).
    func replacingOnce(_ target: String, with replacement: String) -> String {
        let parts = components(separatedBy: target)
        precondition(parts.count == 2, "expected one occurrence of \(target.prefix(60))")
        return parts.joined(separator: replacement)
    }
}
