-- eventstore-reactive: stream lifecycle (issue 17, item 2): where each stream starts, and the archive. Idempotent.
-- aggregate_sequences.first_sequence is where a stream starts: 1 for every stream, until a hard delete or an
-- archive (deleteStream, archiveStream: the start moves to the marker event's sequence number) or a truncation (truncateStreamBefore: the start moves to the first kept sequence number).
-- validateEventStream reports a stream that does not begin at its start; it never moves back. With a
-- constant default the column is added without rewriting the table, and the TypeScript library's
-- writers, which name their columns, keep working.
ALTER TABLE ${schema}.aggregate_sequences ADD COLUMN IF NOT EXISTS first_sequence BIGINT NOT NULL DEFAULT 1;

-- The archive (archiveStream): events moved out of the hot table, with every column they had, read only on
-- request (readArchivedEvents) by stream in sequence order. A hard delete removes a stream's archived events too.
CREATE TABLE IF NOT EXISTS ${schema}.events_archive (
  id UUID NOT NULL,
  type VARCHAR(255) NOT NULL,
  aggregate_id TEXT NOT NULL,
  aggregate_type VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  version INTEGER NOT NULL,
  payload JSONB NOT NULL,
  metadata JSONB NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by TEXT NOT NULL,
  global_position BIGINT NOT NULL,
  transaction_id XID8 NOT NULL,
  archived_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  CONSTRAINT events_archive_pkey PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS idx_events_archive_stream ON ${schema}.events_archive (aggregate_type, aggregate_id, sequence_number);
