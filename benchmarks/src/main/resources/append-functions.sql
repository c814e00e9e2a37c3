-- The append statements as server-side PL/pgSQL functions: an alternative measured by StatementScenario
-- (--only statements, issue 15 item 3) and not adopted: the library's own statements returning only the generated
-- columns were faster in every run (BENCHMARKS.md, "The append statement"). The probe installs them in its own
-- schema; ${schema} is replaced by it. Bodies: the library's statements (AppendSql) as of 2026-12-03, p_expected NULL
-- for any version.
CREATE OR REPLACE FUNCTION ${schema}.eventstore_append_one(
    p_id UUID, p_type TEXT, p_aggregate_id TEXT, p_aggregate_type TEXT, p_version INTEGER,
    p_payload JSONB, p_metadata JSONB, p_created_by TEXT, p_expected BIGINT)
  RETURNS TABLE (sequence_number BIGINT, created_at_micros BIGINT, transaction_id_text TEXT, global_position BIGINT)
  LANGUAGE plpgsql AS $fn$
DECLARE
  v_sequence BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_aggregate_type || chr(31) || p_aggregate_id, 0));
  INSERT INTO ${schema}.aggregate_sequences AS a (aggregate_id, aggregate_type, last_sequence)
    SELECT p_aggregate_id, p_aggregate_type, 1
     WHERE p_expected IS NULL OR p_expected = 0 OR EXISTS (SELECT 1 FROM ${schema}.aggregate_sequences x
                                                             WHERE x.aggregate_id = p_aggregate_id AND x.aggregate_type = p_aggregate_type)
    ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + 1
     WHERE p_expected IS NULL OR a.last_sequence = p_expected
    RETURNING a.last_sequence INTO v_sequence;
  IF v_sequence IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    INSERT INTO ${schema}.events AS e (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)
    VALUES (p_id, p_type, p_aggregate_id, p_aggregate_type, v_sequence, p_version, p_payload, p_metadata, p_created_by)
    RETURNING e.sequence_number, (extract(epoch FROM e.created_at - TIMESTAMPTZ '2000-01-01 00:00:00+00') * 1000000)::int8,
              e.transaction_id::text, e.global_position;
END
$fn$;

CREATE OR REPLACE FUNCTION ${schema}.eventstore_append(
    p_ids UUID[], p_types TEXT[], p_aggregate_ids TEXT[], p_aggregate_types TEXT[], p_versions INTEGER[],
    p_payloads TEXT[], p_metadata TEXT[], p_created_by TEXT[], p_nths INTEGER[], p_expected BIGINT)
  RETURNS TABLE (id UUID, sequence_number BIGINT, created_at_micros BIGINT, transaction_id_text TEXT, global_position BIGINT)
  LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH input AS (SELECT * FROM unnest(p_ids, p_types, p_aggregate_ids, p_aggregate_types, p_versions, p_payloads, p_metadata, p_created_by, p_nths)
                 WITH ORDINALITY AS i(id, type, aggregate_id, aggregate_type, version, payload, metadata, created_by, nth, ord)),
  counts AS (SELECT aggregate_id, aggregate_type, count(*) AS n FROM input GROUP BY aggregate_id, aggregate_type),
  locked AS (SELECT count(*) AS streams FROM (SELECT pg_advisory_xact_lock(hashtextextended(aggregate_type || chr(31) || aggregate_id, 0))
             FROM (SELECT aggregate_type, aggregate_id FROM counts ORDER BY aggregate_type, aggregate_id) s) l),
  reserved AS (INSERT INTO ${schema}.aggregate_sequences AS a (aggregate_id, aggregate_type, last_sequence)
               SELECT c.aggregate_id, c.aggregate_type, c.n FROM counts c CROSS JOIN locked
                WHERE p_expected IS NULL OR p_expected = 0 OR EXISTS (SELECT 1 FROM ${schema}.aggregate_sequences x
                                                                       WHERE x.aggregate_id = c.aggregate_id AND x.aggregate_type = c.aggregate_type)
                ORDER BY c.aggregate_type, c.aggregate_id
               ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + EXCLUDED.last_sequence
                WHERE p_expected IS NULL OR a.last_sequence = p_expected
               RETURNING a.aggregate_id, a.aggregate_type::text AS aggregate_type, a.last_sequence)
  INSERT INTO ${schema}.events AS e (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)
  SELECT i.id, i.type, i.aggregate_id, i.aggregate_type, r.last_sequence - c.n + i.nth, i.version, i.payload::jsonb, i.metadata::jsonb, i.created_by
    FROM input i JOIN counts c USING (aggregate_id, aggregate_type) JOIN reserved r USING (aggregate_id, aggregate_type)
   ORDER BY i.ord
  RETURNING e.id, e.sequence_number, (extract(epoch FROM e.created_at - TIMESTAMPTZ '2000-01-01 00:00:00+00') * 1000000)::int8,
            e.transaction_id::text, e.global_position;
END
$fn$;
