package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.EventStoreException;
import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PostgresErrorsTest {

    @Test
    void lostConnectionsAndTimeoutsAreRetryableStorageFailures() {
        assertThat(PostgresErrors.translate(new R2dbcNonTransientResourceException("connection closed"))).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.isRetryable()).isTrue());
        assertThat(PostgresErrors.translate(new R2dbcTransientResourceException("busy"))).matches(PostgresErrorsTest::retryable);
        assertThat(PostgresErrors.translate(new R2dbcTimeoutException("slow"))).matches(PostgresErrorsTest::retryable);
        assertThat(PostgresErrors.translate(new R2dbcBadGrammarException("admin shutdown", "57P01"))).matches(PostgresErrorsTest::retryable);
        assertThat(PostgresErrors.translate(new R2dbcBadGrammarException("too many connections", "53300"))).matches(PostgresErrorsTest::retryable);
        assertThat(PostgresErrors.translate(new TimeoutException("pool acquire"))).matches(PostgresErrorsTest::retryable);
        assertThat(PostgresErrors.translate(new IOException("reset"))).matches(PostgresErrorsTest::retryable);
    }

    private static boolean retryable(Throwable error) {
        return error instanceof StorageException storage && storage.isRetryable();
    }

    @Test
    void serverErrorsAreNotRetryableAndKeepTheCause() {
        R2dbcBadGrammarException cause = new R2dbcBadGrammarException("relation does not exist", "42P01");
        Throwable translated = PostgresErrors.translate(cause);

        assertThat(translated).isInstanceOf(StorageException.class).hasCause(cause).hasMessageContaining("42P01");
        assertThat(((EventStoreException) translated).isRetryable()).isFalse();
    }

    @Test
    void eventStoreExceptionsPassThrough() {
        ValidationException validation = new ValidationException("payload", "bad");
        assertThat(PostgresErrors.translate(validation)).isSameAs(validation);
    }

    @Test
    void aUniqueViolationWithoutTheEventIdConstraintIsNoDuplicateEventId() {
        assertThat(PostgresErrors.isDuplicateEventId(new R2dbcDataIntegrityViolationException("dup", "23505"))).isFalse();
        assertThat(PostgresErrors.isDuplicateEventId(new IOException("x"))).isFalse();
    }
}
