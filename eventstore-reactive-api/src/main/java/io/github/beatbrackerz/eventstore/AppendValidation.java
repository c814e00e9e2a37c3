package io.github.beatbrackerz.eventstore;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.internal.UuidV7;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamArchive;
import io.github.beatbrackerz.eventstore.model.StreamTombstone;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The call-time checks of an append: batch size and the payload and metadata limits of {@link
 * EventStoreOptions} (what PostgreSQL {@code jsonb} cannot store, {@code NewEvent} refused already).
 * Also assigns missing event ids, so a retried append is idempotent.
 */
final class AppendValidation {

    private final EventStoreOptions options;

    AppendValidation(EventStoreOptions options) {
        this.options = options;
    }

    /**
     * Checks a batch and gives every event an id.
     *
     * @throws ValidationException naming the bad field
     */
    AppendRequest prepare(List<NewEvent> events, ExpectedVersion expectedVersion) {
        Require.notNull("events", events);
        Require.notNull("expectedVersion", expectedVersion);
        if (events.isEmpty()) {
            throw new ValidationException("events", "must not be empty");
        }
        if (events.size() > options.maxBatchSize()) {
            throw new ValidationException("events", "must hold at most " + options.maxBatchSize() + " events, was " + events.size());
        }
        List<NewEvent> prepared = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            Require.notNull("events", event);
            if (StreamTombstone.TYPE.equals(event.type()) || StreamArchive.TYPE.equals(event.type())) {
                throw new ValidationException("type", event.type() + " is reserved for the marker a stream delete or archive writes");
            }
            checkJson("payload", event.payload(), options.maxPayloadBytes());
            checkJson("metadata", event.metadata(), options.maxMetadataBytes());
            prepared.add(event.eventId() == null ? event.withEventId(UuidV7.next()) : event);
        }
        return new AppendRequest(prepared, expectedVersion);
    }

    static void checkJson(String field, Json json, int maxBytes) {
        String text = json.text();
        long bytes = utf8Length(text, maxBytes);
        if (bytes > maxBytes) {
            throw new ValidationException(field, "must be at most " + maxBytes + " bytes as UTF-8 JSON text");
        }
    }

    /** Counts UTF-8 bytes, stopping early once past {@code limit}. */
    static long utf8Length(String text, int limit) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= limit; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
