package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Reads the rows of the durable subscription tables. */
final class DurableRows {

    private DurableRows() {
    }

    /** @return the lease in a row of {@link DurableTables#LEASE_COLUMNS} */
    static Lease lease(Readable row) {
        return new Lease(required(row, "subscription_name", String.class), required(row, "segment", Integer.class),
                required(row, "segment_count", Integer.class), required(row, "owner_id", String.class),
                required(row, "fencing_token", Long.class), position(row, "checkpoint_tx", "checkpoint_global_position"),
                required(row, "lease_expires_at", Instant.class), required(row, "paused", Boolean.class));
    }

    /** @return the position in a text column holding an xid8 and a bigint column */
    static Position position(Readable row, String transactionColumn, String globalColumn) {
        return Position.of(Long.parseLong(required(row, transactionColumn, String.class)), required(row, globalColumn, Long.class));
    }

    /** @return the value of a column that is never null */
    static <T> T required(Readable row, String column, Class<T> type) {
        T value = row.get(column, type);
        if (value == null) {
            throw new StorageException("durable subscription row without " + column, null, false);
        }
        return value;
    }

    /** @return the value of a column that is never null */
    static <T> T required(Readable row, int index, Class<T> type) {
        T value = row.get(index, type);
        if (value == null) {
            throw new StorageException("durable subscription row without column " + index, null, false);
        }
        return value;
    }

    /** @return a {@code float8} number of seconds as a duration, or {@code null} */
    static @Nullable Duration seconds(Readable row, String column) {
        Double seconds = row.get(column, Double.class);
        return seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
