-- eventstore-reactive: the record of position rebases (R2dbcEventStoreBuilder.rebasePositions()).
-- After a move to another PostgreSQL cluster, a rebase gives stored events new transaction ids below
-- the new cluster's counter. Each row maps the events of one old transaction id, global positions
-- first_position..last_position, to their new transaction id, so that a checkpoint taken before the
-- move can be translated. rebase_id counts the rebases of this schema: 1, 2, ... Idempotent.
CREATE TABLE IF NOT EXISTS ${schema}.position_rebases (
  rebase_id INTEGER NOT NULL,
  old_transaction_id XID8 NOT NULL,
  first_position BIGINT NOT NULL,
  last_position BIGINT NOT NULL,
  new_transaction_id XID8 NOT NULL,
  rebased_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  CONSTRAINT position_rebases_pkey PRIMARY KEY (rebase_id, old_transaction_id, first_position)
);
CREATE INDEX IF NOT EXISTS idx_position_rebases_old
  ON ${schema}.position_rebases (old_transaction_id, first_position);
