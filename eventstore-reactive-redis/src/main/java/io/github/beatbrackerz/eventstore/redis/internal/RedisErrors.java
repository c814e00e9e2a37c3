package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;

/** The one place where Lettuce, timeout and decoding failures become {@link EventStoreException}s. */
public final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * @param operation what was attempted, for example {@code getAggregateEvents}
     * @param error the failure
     * @return a {@link StorageException}; retryable unless the cached value could not be decoded
     */
    public static EventStoreException translate(String operation, Throwable error) {
        if (error instanceof EventStoreException known) {
            return known;
        }
        if (error instanceof TimeoutException) {
            return new StorageException("Redis cache " + operation + " timed out", error, true);
        }
        if (error instanceof JacksonException) {
            return new StorageException("Redis cache " + operation + " found an undecodable value", error, false);
        }
        return new StorageException("Redis cache " + operation + " failed: " + error.getMessage(), error, true);
    }
}
