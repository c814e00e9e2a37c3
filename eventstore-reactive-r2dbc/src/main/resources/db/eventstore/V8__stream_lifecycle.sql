-- eventstore-reactive: where each stream starts (issue 17, item 2, stream lifecycle). Idempotent.
-- 1 for every stream, until a hard delete (deleteStream: the start moves to the tombstone's sequence
-- number) or a truncation (truncateStreamBefore: the start moves to the first kept sequence number).
-- validateEventStream reports a stream that does not begin at its start; it never moves back. With a
-- constant default the column is added without rewriting the table, and the TypeScript library's
-- writers, which name their columns, keep working.
ALTER TABLE ${schema}.aggregate_sequences ADD COLUMN IF NOT EXISTS first_sequence BIGINT NOT NULL DEFAULT 1;
