/// Migration 18: a written record's SimHash kept as one row of `kabar_simhashes` (its first four
/// band values as columns, each under an index of its own), not as four `kabar_bands` rows: one
/// heap row and its WAL record a record instead of four, the same four index entries. Bands
/// beyond the fourth (a near-duplicate distance over 3) stay rows of `kabar_bands`. The
/// candidates are exactly those of the band rows: `kabar_bands` kept one row per (band, value,
/// id), the SimHash of the first revision that had the value, and a revision now adds a row
/// holding only the values its record has no row for yet (NULL for the others), so every
/// (band, value, id, SimHash) the probes return is the one `kabar_bands` returned.
extension Schema {
    static let simhashRows18 = [
        "CREATE TABLE kabar_simhashes(id bigint NOT NULL, simhash bigint NOT NULL, b0 int, b1 int, b2 int, b3 int)",
        // Each (id, SimHash) of the band rows becomes one row: a band's value is a function of the
        // SimHash, so a group holds at most one row of each band.
        """
        INSERT INTO kabar_simhashes(id, simhash, b0, b1, b2, b3)
          SELECT id, simhash, max(value) FILTER (WHERE band = 0), max(value) FILTER (WHERE band = 1),
                 max(value) FILTER (WHERE band = 2), max(value) FILTER (WHERE band = 3)
          FROM kabar_bands WHERE band < 4 GROUP BY id, simhash
        """,
        "DELETE FROM kabar_bands WHERE band < 4",
        "CREATE INDEX kabar_simhashes_b0 ON kabar_simhashes(b0, id) INCLUDE (simhash) WHERE b0 IS NOT NULL",
        "CREATE INDEX kabar_simhashes_b1 ON kabar_simhashes(b1, id) INCLUDE (simhash) WHERE b1 IS NOT NULL",
        "CREATE INDEX kabar_simhashes_b2 ON kabar_simhashes(b2, id) INCLUDE (simhash) WHERE b2 IS NOT NULL",
        "CREATE INDEX kabar_simhashes_b3 ON kabar_simhashes(b3, id) INCLUDE (simhash) WHERE b3 IS NOT NULL",
        // The record-by-record path's write of a written record's SimHash: the first four band
        // values the record has no row for yet (a revision's values shared with an older
        // revision keep that revision's row, as `kabar_bands`' `ON CONFLICT DO NOTHING` kept
        // it), and bands from the fifth on as band rows.
        """
        CREATE FUNCTION kabar_keep_simhash(p_id bigint, p_simhash bigint, b int[]) RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO kabar_simhashes(id, simhash, b0, b1, b2, b3)
            SELECT p_id, p_simhash, n.v0, n.v1, n.v2, n.v3 FROM (SELECT
                CASE WHEN NOT EXISTS (SELECT 1 FROM kabar_simhashes s WHERE s.b0 = b[1] AND s.id = p_id) THEN b[1] END AS v0,
                CASE WHEN NOT EXISTS (SELECT 1 FROM kabar_simhashes s WHERE s.b1 = b[2] AND s.id = p_id) THEN b[2] END AS v1,
                CASE WHEN NOT EXISTS (SELECT 1 FROM kabar_simhashes s WHERE s.b2 = b[3] AND s.id = p_id) THEN b[3] END AS v2,
                CASE WHEN NOT EXISTS (SELECT 1 FROM kabar_simhashes s WHERE s.b3 = b[4] AND s.id = p_id) THEN b[4] END AS v3) n
            WHERE num_nonnulls(n.v0, n.v1, n.v2, n.v3) > 0;
          IF cardinality(b) > 4 THEN
            INSERT INTO kabar_bands(band, value, id, simhash)
              SELECT j - 1, b[j], p_id, p_simhash FROM generate_subscripts(b, 1) j WHERE j > 4 ON CONFLICT DO NOTHING;
          END IF;
        END $$
        """,
    ]

    /// `kabar_store_many` version 18, written whole (versions 5 to 17 are edits of older texts):
    /// version 17's statements and decisions, the SimHash's band values read from and written to
    /// `kabar_simhashes` (`simhashRows18`). The exact probe reads `b0`'s index; the near probe one
    /// index per band (a `UNION ALL` of four index scans, a band the layout lacks skipped by its
    /// `p_nbands` test, bands from the fifth on from `kabar_bands`); a group's written records add
    /// one row each. Bitmap scans are off inside it: its lookups are point probes, and a generic
    /// plan made before the table's first analysis (a new database; kept per connection until the
    /// statistics change) chose bitmap heap scans of `kabar_simhashes` over its index-only scans.
    // Long: the text of one PL/pgSQL function, kept whole so it reads as the SQL the server runs.
    static let storeManyFunction18 = """
    CREATE OR REPLACE FUNCTION kabar_store_many(
        p_id bigint[], p_content bigint[], p_simhash bigint[], p_bands int[], p_nbands int, p_dedup boolean[], p_near int,
        p_site text[], p_day text[], p_url text[], p_record text[], p_warc_file text[], p_warc_offset bigint[],
        p_worker text, p_run bigint,
        p_schedule text[], p_queue_url text[], p_status int[], p_etag text[], p_last_modified text[], p_token bigint, p_lease bigint[],
        p_fields bigint[] DEFAULT NULL)
    RETURNS TABLE(o_outcome text, o_revision int, o_original bigint, o_distance int)
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_bitmapscan = off AS $$
    DECLARE i int; b int[]; n_fields int := 0; k record; c record; rev int; best_id bigint; best_d int; is_exact boolean;
            n_seen int := 0; n_written int := 0; n_revisions int := 0; n_unchanged int := 0; n_exact int := 0; n_near int := 0; n_stale int := 0;
            independent boolean; l_outcome text[]; l_original bigint[]; l_distance int[]; l_stale bigint[]; l_i bigint; l_known boolean[]; l_update boolean;
            r_outcome text[] := '{}'; r_revision int[] := '{}'; r_original bigint[] := '{}'; r_distance int[] := '{}';
    BEGIN
      PERFORM pg_advisory_xact_lock(keys.lock_key) FROM (
        SELECT DISTINCT u.lock_key FROM unnest(p_id ||
          ARRAY(SELECT hashtextextended('kabar-band:' || ((j - 1) % p_nbands) || ':' || p_bands[j], 0)
                FROM generate_subscripts(p_bands, 1) j)) AS u(lock_key) ORDER BY u.lock_key) AS keys;
        SELECT array_agg(d.outcome ORDER BY d.ord), array_agg(d.original ORDER BY d.ord), array_agg(d.distance ORDER BY d.ord), array_agg(d.known ORDER BY d.ord),
             coalesce(bool_or(d.known AND d.outcome IN ('written', 'exact', 'near')), false),
             (SELECT count(DISTINCT x.id) FROM unnest(p_id) AS x(id)) = cardinality(p_id)
           AND (SELECT count(DISTINCT x.s || chr(31) || x.url) = count(x.s) FROM unnest(p_schedule, p_queue_url) AS x(s, url))
           AND NOT EXISTS (SELECT 1 FROM generate_subscripts(p_bands, 1) AS x(j) WHERE p_dedup[(x.j - 1) / p_nbands + 1]
                           GROUP BY (x.j - 1) % p_nbands, p_bands[x.j] HAVING count(*) > 1)
      INTO l_outcome, l_original, l_distance, l_known, l_update, independent
          FROM (
            SELECT u.ord,
                   CASE WHEN r.kind = 0 AND r.content_hash = u.content AND u.fields IS NOT NULL AND r.fields IS DISTINCT FROM u.fields
                      THEN 'revision'
                    WHEN r.kind = 0 AND (r.content_hash = u.content
                                             OR EXISTS (SELECT 1 FROM kabar_history h WHERE h.id = u.id AND h.content_hash = u.content))
                          THEN 'unchanged'
                        WHEN r.kind = 0 THEN 'revision'
                        WHEN r.content_hash = u.content THEN 'unchanged'
                        WHEN x.id IS NOT NULL THEN 'exact'
                        WHEN n.id IS NOT NULL THEN 'near'
                        ELSE 'written' END AS outcome,
                   r.id IS NOT NULL AS known, coalesce(x.id, n.id) AS original, CASE WHEN x.id IS NULL AND n.id IS NOT NULL THEN n.d ELSE 0 END AS distance
            FROM unnest(p_id, p_content, p_simhash, p_dedup, p_fields) WITH ORDINALITY AS u(id, content, simhash, dedup, fields, ord)
            LEFT JOIN kabar_records r ON r.id = u.id
            -- Exact: a kept record with the same SimHash whose latest content has the same hash.
            LEFT JOIN LATERAL (
              SELECT bb.id FROM kabar_simhashes bb JOIN kabar_records r2 ON r2.id = bb.id
              WHERE u.dedup AND (r.id IS NULL OR r.kind <> 0 AND r.content_hash <> u.content)
                AND bb.b0 = p_bands[(u.ord - 1) * p_nbands + 1] AND bb.simhash = u.simhash AND bb.id <> u.id
                AND r2.kind = 0 AND r2.content_hash = u.content
              ORDER BY bb.id LIMIT 1) x ON true
            -- Near: the nearest SimHash sharing a band, within p_near bits (ties: the smallest id).
            LEFT JOIN LATERAL (
              SELECT bb.id, bit_count((bb.simhash # u.simhash)::bit(64))::int AS d
              FROM (SELECT s.id, s.simhash FROM kabar_simhashes s WHERE s.b0 = p_bands[(u.ord - 1) * p_nbands + 1]
                    UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE p_nbands > 1 AND s.b1 = p_bands[(u.ord - 1) * p_nbands + 2]
                    UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE p_nbands > 2 AND s.b2 = p_bands[(u.ord - 1) * p_nbands + 3]
                    UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE p_nbands > 3 AND s.b3 = p_bands[(u.ord - 1) * p_nbands + 4]
                    UNION ALL SELECT s.id, s.simhash FROM unnest(p_bands[(u.ord - 1) * p_nbands + 5 : u.ord * p_nbands]) WITH ORDINALITY AS g(value, band)
                      JOIN kabar_bands s ON s.band = (g.band + 3)::smallint AND s.value = g.value) bb
              WHERE u.dedup AND x.id IS NULL AND (r.id IS NULL OR r.kind <> 0 AND r.content_hash <> u.content) AND bb.id <> u.id
                AND bit_count((bb.simhash # u.simhash)::bit(64)) <= p_near
              ORDER BY 2, 1 LIMIT 1) n ON true) d;
        independent := independent AND NOT ('revision' = ANY(l_outcome) OR l_original && p_id);
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
        IF 'unchanged' = ANY(l_outcome) AND cardinality(array_remove(p_schedule, NULL)) > 0 THEN
        INSERT INTO kabar_seen AS e(id, url, fetched_at, status, etag, last_modified)
          SELECT u.id, u.url, floor(extract(epoch FROM now()))::bigint, u.status, u.etag, u.lm
          FROM unnest(p_id, p_schedule, p_queue_url, p_status, p_etag, p_last_modified, l_outcome) AS u(id, s, url, status, etag, lm, o)
          WHERE u.s IS NOT NULL AND u.o = 'unchanged'
          ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
            etag = excluded.etag, last_modified = excluded.last_modified;
        END IF;
        IF l_update THEN
        -- Records stored before as duplicates: a duplicate again (its line stays NULL, its URL
        -- and revision as they were), or written (revision 1, its line).
        UPDATE kabar_records r SET kind = CASE u.o WHEN 'written' THEN 0 WHEN 'exact' THEN 1 ELSE 2 END,
            revision = CASE WHEN u.o = 'written' THEN 1 ELSE r.revision END, content_hash = u.content, simhash = u.simhash,
            site = u.site, day = u.day, url = CASE WHEN u.o = 'written' THEN u.url ELSE r.url END,
            duplicate_of = CASE WHEN u.o <> 'written' THEN u.original END, distance = CASE WHEN u.o <> 'written' THEN u.distance END,
            record = CASE WHEN u.o = 'written' THEN u.line ELSE r.record END, warc_file = u.wf, warc_offset = u.wo,
            worker = p_worker, run = p_run, stored_at = now(),
            fetched_at = CASE WHEN u.s IS NOT NULL THEN floor(extract(epoch FROM now()))::bigint ELSE r.fetched_at END,
            status = CASE WHEN u.s IS NOT NULL THEN u.status ELSE r.status END,
            etag = CASE WHEN u.s IS NOT NULL THEN u.etag ELSE r.etag END,
            last_modified = CASE WHEN u.s IS NOT NULL THEN u.lm ELSE r.last_modified END,
            fields = CASE WHEN u.o = 'written' THEN u.fields END
          FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_record, p_warc_file, p_warc_offset, l_outcome, l_original,
                      l_distance, l_known, p_schedule, p_status, p_etag, p_last_modified, p_fields)
            AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known, s, status, etag, lm, fields)
          WHERE r.id = u.id AND u.o IN ('written', 'exact', 'near') AND u.known;
        END IF;
        IF p_nbands > 4 THEN
        INSERT INTO kabar_bands(band, value, id, simhash)
          SELECT (x.j - 1) % p_nbands, p_bands[x.j], p_id[(x.j - 1) / p_nbands + 1], p_simhash[(x.j - 1) / p_nbands + 1]
          FROM generate_subscripts(p_bands, 1) AS x(j)
          WHERE (x.j - 1) % p_nbands >= 4 AND p_dedup[(x.j - 1) / p_nbands + 1] AND l_outcome[(x.j - 1) / p_nbands + 1] = 'written';
        END IF;
        RETURN QUERY
        WITH w1 AS (
        DELETE FROM kabar_failures f USING unnest(p_schedule, p_queue_url, p_status, l_outcome) AS u(s, url, status, o)
          WHERE f.schedule = u.s AND f.url = u.url AND u.status BETWEEN 200 AND 399 AND u.o <> 'stale'),
        w2 AS (
        -- New records (their lines already say revision 1) and duplicates not stored before.
        INSERT INTO kabar_records(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                  record, warc_file, warc_offset, worker, run, fetched_at, status, etag, last_modified, fields)
          SELECT u.id, CASE u.o WHEN 'written' THEN 0 WHEN 'exact' THEN 1 ELSE 2 END, CASE WHEN u.o = 'written' THEN 1 ELSE 0 END,
                 u.content, u.simhash, u.site, u.day, u.url, CASE WHEN u.o <> 'written' THEN u.original END,
                 CASE WHEN u.o <> 'written' THEN u.distance END, CASE WHEN u.o = 'written' THEN u.line END, u.wf, u.wo, p_worker, p_run,
                     CASE WHEN u.s IS NOT NULL THEN floor(extract(epoch FROM now()))::bigint END, CASE WHEN u.s IS NOT NULL THEN u.status END,
                     CASE WHEN u.s IS NOT NULL THEN u.etag END, CASE WHEN u.s IS NOT NULL THEN u.lm END, CASE WHEN u.o = 'written' THEN u.fields END
          FROM unnest(p_id, p_content, p_simhash, p_site, p_day, p_url, p_record, p_warc_file, p_warc_offset, l_outcome, l_original,
                      l_distance, l_known, p_schedule, p_status, p_etag, p_last_modified, p_fields)
            AS u(id, content, simhash, site, day, url, line, wf, wo, o, original, distance, known, s, status, etag, lm, fields)
          WHERE u.o IN ('written', 'exact', 'near') AND NOT u.known),
        w4 AS (
        INSERT INTO kabar_simhashes(id, simhash, b0, b1, b2, b3)
          SELECT u.id, u.simhash, p_bands[(u.ord - 1) * p_nbands + 1], CASE WHEN p_nbands > 1 THEN p_bands[(u.ord - 1) * p_nbands + 2] END,
                 CASE WHEN p_nbands > 2 THEN p_bands[(u.ord - 1) * p_nbands + 3] END, CASE WHEN p_nbands > 3 THEN p_bands[(u.ord - 1) * p_nbands + 4] END
          FROM unnest(p_id, p_simhash, p_dedup, l_outcome) WITH ORDINALITY AS u(id, simhash, dedup, o, ord)
          WHERE u.dedup AND u.o = 'written'),
        w5 AS (
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
          WHERE kabar_runs.id = p_run)
          SELECT u.o, CASE WHEN u.o = 'written' THEN 1 ELSE 0 END, CASE WHEN u.o IN ('exact', 'near') THEN u.original END,
                 CASE WHEN u.o = 'near' THEN u.distance ELSE 0 END
          FROM unnest(l_outcome, l_original, l_distance) WITH ORDINALITY AS u(o, original, distance, ord) ORDER BY u.ord;
        RETURN;
      END IF;
      FOR i IN 1 .. coalesce(array_length(p_id, 1), 0) LOOP
        b := p_bands[(i - 1) * p_nbands + 1 : i * p_nbands];
        IF p_schedule[i] IS NOT NULL THEN
          DELETE FROM kabar_queue q WHERE q.schedule = p_schedule[i] AND q.url = p_queue_url[i]
            AND (p_lease[i] IS NULL OR q.lease_token = p_lease[i]);
          IF NOT FOUND AND p_lease[i] IS NOT NULL THEN
            n_stale := n_stale + 1;
            o_outcome := 'stale'; o_revision := 0; o_original := NULL; o_distance := 0; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
            r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
          END IF;
          INSERT INTO kabar_seen AS e(id, url, fetched_at, status, etag, last_modified)
            VALUES (p_id[i], p_queue_url[i], floor(extract(epoch FROM now()))::bigint, p_status[i], p_etag[i], p_last_modified[i])
            ON CONFLICT (id) DO UPDATE SET url = excluded.url, fetched_at = excluded.fetched_at, status = excluded.status,
              etag = excluded.etag, last_modified = excluded.last_modified;
          IF p_status[i] BETWEEN 200 AND 399 THEN
            DELETE FROM kabar_failures f WHERE f.schedule = p_schedule[i] AND f.url = p_queue_url[i];
          END IF;
        END IF;
        n_seen := n_seen + 1;
        o_original := NULL; o_distance := 0;
        SELECT r.kind, r.revision, r.content_hash, r.fields INTO k FROM kabar_records r WHERE r.id = p_id[i];
        IF FOUND AND k.kind = 0 THEN
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
            n_unchanged := n_unchanged + 1;
            o_outcome := 'unchanged'; o_revision := 0; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
            r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
          END IF;
          INSERT INTO kabar_history(id, revision, content_hash, simhash, site, day, record, warc_file, warc_offset, fields)
            SELECT r.id, r.revision, r.content_hash, r.simhash, r.site, r.day, r.record, r.warc_file, r.warc_offset, r.fields
            FROM kabar_records r WHERE r.id = p_id[i];
          rev := k.revision + 1;
          UPDATE kabar_records r SET revision = rev, content_hash = p_content[i], simhash = p_simhash[i], site = p_site[i],
              day = p_day[i], url = p_url[i], record = regexp_replace(p_record[i], ',"revision":[0-9]+,', ',"revision":' || rev || ','),
              warc_file = p_warc_file[i], warc_offset = p_warc_offset[i], worker = p_worker, run = p_run, stored_at = now(), fields = p_fields[i]
            WHERE r.id = p_id[i];
          IF p_dedup[i] THEN PERFORM kabar_keep_simhash(p_id[i], p_simhash[i], b); END IF;
          n_revisions := n_revisions + 1;
          IF k.content_hash = p_content[i] THEN n_fields := n_fields + 1; o_outcome := 'fields'; ELSE o_outcome := 'written'; END IF;
          o_revision := rev; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
          r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
        END IF;
        IF FOUND AND k.content_hash = p_content[i] THEN
          n_unchanged := n_unchanged + 1;
          o_outcome := 'unchanged'; o_revision := 0; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
          r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
        END IF;
        best_id := NULL; best_d := NULL; is_exact := false;
        IF p_dedup[i] THEN
          -- Exact: a kept record with the same SimHash whose latest content has the same hash.
          SELECT bb.id INTO best_id FROM kabar_simhashes bb JOIN kabar_records r ON r.id = bb.id
            WHERE bb.b0 = b[1] AND bb.simhash = p_simhash[i] AND bb.id <> p_id[i]
              AND r.kind = 0 AND r.content_hash = p_content[i]
            ORDER BY bb.id LIMIT 1;
          IF best_id IS NOT NULL THEN
            best_d := 0; is_exact := true;
          ELSE
            -- Near: the nearest SimHash sharing a band, within p_near bits (ties: the smallest id),
            -- one index probe per band.
            SELECT x.id, x.d INTO c FROM (
                SELECT bb.id, bit_count((bb.simhash # p_simhash[i])::bit(64))::int AS d
                FROM (SELECT s.id, s.simhash FROM kabar_simhashes s WHERE s.b0 = b[1]
                      UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE s.b1 = b[2]
                      UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE s.b2 = b[3]
                      UNION ALL SELECT s.id, s.simhash FROM kabar_simhashes s WHERE s.b3 = b[4]
                      UNION ALL SELECT s.id, s.simhash FROM unnest(b[5:]) WITH ORDINALITY AS u(value, band)
                        JOIN kabar_bands s ON s.band = (u.band + 3)::smallint AND s.value = u.value) bb
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
              o_outcome := 'exact'; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
              r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
            END IF;
            n_near := n_near + 1;
            o_outcome := 'near'; o_distance := best_d; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
            r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT; CONTINUE;
          END IF;
        END IF;
        -- A new record: its line already says revision 1.
        INSERT INTO kabar_records AS r(id, kind, revision, content_hash, simhash, site, day, url, duplicate_of, distance,
                                       record, warc_file, warc_offset, worker, run, fields)
          VALUES (p_id[i], 0, 1, p_content[i], p_simhash[i], p_site[i], p_day[i], p_url[i], NULL, NULL,
                  p_record[i], p_warc_file[i], p_warc_offset[i], p_worker, p_run, p_fields[i])
          ON CONFLICT (id) DO UPDATE SET kind = 0, revision = 1, content_hash = excluded.content_hash, simhash = excluded.simhash,
            site = excluded.site, day = excluded.day, url = excluded.url, duplicate_of = NULL, distance = NULL,
            record = excluded.record, fields = excluded.fields, warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
            worker = excluded.worker, run = excluded.run, stored_at = now();
        IF p_dedup[i] THEN PERFORM kabar_keep_simhash(p_id[i], p_simhash[i], b); END IF;
        n_written := n_written + 1;
        o_outcome := 'written'; o_revision := 1; r_outcome := r_outcome || o_outcome; r_revision := r_revision || o_revision;
        r_original := r_original || coalesce(o_original, 0); r_distance := r_distance || o_distance; RETURN NEXT;
      END LOOP;
      UPDATE kabar_runs SET seen = seen + n_seen, written = written + n_written, revisions = revisions + n_revisions,
          unchanged = unchanged + n_unchanged, exact_duplicates = exact_duplicates + n_exact,
          near_duplicates = near_duplicates + n_near, revised_fields = revised_fields + n_fields, stale = stale + n_stale, last_group = p_token, last_outcomes = r_outcome,
          last_revisions = r_revision, last_originals = r_original, last_distances = r_distance
        WHERE id = p_run;
    END $$
    """
}
