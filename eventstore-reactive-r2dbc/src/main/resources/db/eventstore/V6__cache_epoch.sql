-- eventstore-reactive: the store's cache epoch. One row holding a random token that every verified
-- cached read fetches with its probe of the stream's last event. A cache (Redis) records the epoch
-- its entries were written under; when storage names another one, the store clears the cache and
-- moves it to the new epoch. Rotate it after a restore, or after deleting or truncating outside the
-- library, to drop every cache entry at once:
--   UPDATE <schema>.cache_epoch SET epoch = gen_random_uuid()::text;
-- (or R2dbcEventStoreBuilder.rotateCacheEpoch()). Idempotent.
CREATE TABLE IF NOT EXISTS ${schema}.cache_epoch (
  singleton BOOLEAN NOT NULL DEFAULT TRUE,
  epoch TEXT NOT NULL,
  CONSTRAINT cache_epoch_pkey PRIMARY KEY (singleton),
  CONSTRAINT cache_epoch_singleton CHECK (singleton)
);
INSERT INTO ${schema}.cache_epoch (singleton, epoch) VALUES (TRUE, gen_random_uuid()::text)
  ON CONFLICT (singleton) DO NOTHING;
