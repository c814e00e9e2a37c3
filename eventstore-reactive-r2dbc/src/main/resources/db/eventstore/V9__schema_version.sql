-- eventstore-reactive: which migrations a schema has had. Idempotent.
-- The initializer reads it before running the scripts and skips them when the schema is current, so that a start takes no
-- table lock: re-running the idempotent scripts took a SHARE lock on events (CREATE INDEX IF NOT EXISTS) and an ACCESS
-- EXCLUSIVE lock on aggregate_sequences (ALTER TABLE ... IF NOT EXISTS) at every start, which stalled live appends and
-- could deadlock with them. The initializer writes the row after the scripts, in the same transaction; a migration tool
-- that runs these scripts itself needs neither the table nor the row.
CREATE TABLE IF NOT EXISTS ${schema}.schema_version (
  singleton BOOLEAN NOT NULL DEFAULT TRUE,
  version INTEGER NOT NULL,
  CONSTRAINT schema_version_pkey PRIMARY KEY (singleton),
  CONSTRAINT schema_version_singleton CHECK (singleton)
);
