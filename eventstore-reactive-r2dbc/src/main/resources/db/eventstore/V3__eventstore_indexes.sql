-- eventstore-reactive: constraints and indexes, for fresh and upgraded tables alike. Idempotent.
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_sequence_key
  ON ${schema}.events (aggregate_type, aggregate_id, sequence_number);
CREATE UNIQUE INDEX IF NOT EXISTS events_global_position_key
  ON ${schema}.events (global_position);
CREATE INDEX IF NOT EXISTS idx_events_transaction_position
  ON ${schema}.events (transaction_id, global_position);
CREATE INDEX IF NOT EXISTS idx_events_type_position
  ON ${schema}.events (type, global_position);
CREATE INDEX IF NOT EXISTS idx_events_aggregate_type_position
  ON ${schema}.events (aggregate_type, global_position);
CREATE INDEX IF NOT EXISTS idx_snapshots_aggregate
  ON ${schema}.snapshots (aggregate_id, aggregate_type, sequence_number DESC);
