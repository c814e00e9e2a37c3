package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Bad arguments throw a {@link ValidationException} naming the field at call time, before any I/O. */
class DurableArgumentsTest {

    private final AtomicInteger connectionsRequested = new AtomicInteger();
    private final DurableSubscriptionStore store = new DurableSubscriptionStore(new CountingFactory(), SchemaName.PUBLIC);
    private final Lease lease = new Lease("orders", 0, 1, "owner", 1, Position.BEGINNING, Instant.EPOCH, false);

    @Test
    void rejectsBadSubscriptionNamesOwnersAndCounts() {
        assertRejected("subscription", () -> store.registry().register(" ", 1, Position.BEGINNING));
        assertRejected("subscription", () -> store.registry().status("x".repeat(Arguments.MAX_NAME_LENGTH + 1)));
        assertRejected("segmentCount", () -> store.registry().register("orders", 0, Position.BEGINNING));
        assertRejected("segmentCount", () -> store.registry().reset("orders", Position.BEGINNING, Arguments.MAX_SEGMENTS + 1, false));
        assertRejected("owner", () -> store.leases().claim("orders", "", Duration.ofSeconds(1), 1));
        assertRejected("max", () -> store.leases().claim("orders", "owner", Duration.ofSeconds(1), 0));
        assertRejected("member", () -> store.leases().heartbeat("orders", "", Duration.ofSeconds(1)));
        assertThat(connectionsRequested).hasValue(0);
    }

    @Test
    void rejectsLeaseTimesOutsideOneMillisecondToOneDay() {
        assertRejected("leaseTime", () -> store.leases().claim("orders", "owner", Duration.ZERO, 1));
        assertRejected("leaseTime", () -> store.leases().renew(List.of(lease), Duration.ofDays(2)));
        assertRejected("ttl", () -> store.leases().heartbeat("orders", "m", Duration.ofNanos(10)));
        assertRejected("holdTime", () -> store.deadLetters().takeForReplay("orders", Duration.ofMillis(-1)));
        assertThat(connectionsRequested).hasValue(0);
    }

    @Test
    void cutsLongErrorsAndRejectsNegativeAttempts() {
        DeadLetter letter = new DeadLetter(Position.of(1, 2), UUID.randomUUID(), "e".repeat(DeadLetter.MAX_ERROR_LENGTH + 50), 3);

        assertThat(letter.error()).hasSize(DeadLetter.MAX_ERROR_LENGTH);
        assertRejected("attempts", () -> new DeadLetter(Position.of(1, 2), UUID.randomUUID(), "boom", -1));
    }

    @Test
    void doesNothingBeforeSubscription() {
        store.registry().register("orders", 4, Position.BEGINNING);
        store.leases().claim("orders", "owner", Duration.ofSeconds(1), 4);
        store.leases().renew(List.of(lease), Duration.ofSeconds(1));
        store.checkpoints().checkpoint(lease, Position.of(1, 1));
        store.deadLetters().park(lease, new DeadLetter(Position.of(1, 1), UUID.randomUUID(), "boom", 1));
        store.registry().reset("orders", Position.BEGINNING);

        assertThat(connectionsRequested).hasValue(0);
    }

    private static void assertRejected(String field, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, error -> assertThat(error.field()).isEqualTo(field));
    }

    /** Counts subscriptions to its connections and never connects. */
    private final class CountingFactory implements ConnectionFactory {

        @Override
        public Publisher<? extends Connection> create() {
            return Mono.defer(() -> {
                connectionsRequested.incrementAndGet();
                return Mono.error(new IllegalStateException("no database in a unit test"));
            });
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return () -> "none";
        }
    }
}
