package io.github.beatbrackerz.eventstore.spi;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import org.jspecify.annotations.Nullable;

/**
 * What a verified cached read learns from storage in its one probe: the stream's last stored event,
 * and the store's cache epoch, a token that the operator rotates to invalidate every cache entry
 * (after a restore, say).
 *
 * @param last the stream's last stored event, or {@code null} when the stream has none
 * @param cacheEpoch the store's cache epoch, or {@code null} when the storage keeps none
 */
public record StreamEnd(@Nullable RecordedEvent last, @Nullable String cacheEpoch) {
}
