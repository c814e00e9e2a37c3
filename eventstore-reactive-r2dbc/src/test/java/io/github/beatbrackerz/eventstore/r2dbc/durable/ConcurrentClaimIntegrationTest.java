package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Eight claim loops compete for six segments, through one pool and through separate connection
 * factories: no segment is ever held by two of them at once, and every holder's fenced writes
 * succeed.
 */
class ConcurrentClaimIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final int CLAIMERS = 8;
    private static final int SEGMENTS = 6;

    private final DurableFixture fixture = new DurableFixture(DB);
    private final AtomicReferenceArray<String> holders = new AtomicReferenceArray<>(SEGMENTS);
    private final AtomicLong overlaps = new AtomicLong();
    private final AtomicLong refusedWrites = new AtomicLong();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicLong positions = new AtomicLong();

    @Test
    void claimersSharingOnePoolNeverHoldASegmentTogether() {
        fixture.register("pooled", SEGMENTS);

        compete("pooled", claimer -> fixture.store, 40);

        assertExclusiveAndConsistent("pooled");
    }

    @Test
    void claimersWithSeparateConnectionFactoriesNeverHoldASegmentTogether() {
        fixture.register("separate", SEGMENTS);
        String application = "es-durable-" + UUID.randomUUID().toString().substring(0, 8);

        compete("separate", claimer -> fixture.store(DB.unpooledConnectionFactory(application + "-" + claimer)), 12);

        assertExclusiveAndConsistent("separate");
    }

    private void compete(String name, IntFunction<DurableSubscriptionStore> storeOf, int rounds) {
        Flux.range(0, CLAIMERS)
                .flatMap(claimer -> loop(name, "claimer-" + claimer, storeOf.apply(claimer), rounds), CLAIMERS)
                .then()
                .block(DurableFixture.TIMEOUT.multipliedBy(4));
    }

    /** Claims up to two segments, marks them held, writes a checkpoint, unmarks them and releases them; again and again. */
    private Mono<Void> loop(String name, String owner, DurableSubscriptionStore store, int rounds) {
        return Flux.range(0, rounds)
                .concatMap(round -> store.leases().claim(name, owner, DurableFixture.LONG_LEASE, 2)
                        .concatMap(lease -> hold(store, lease)))
                .then();
    }

    private Mono<Void> hold(DurableSubscriptionStore store, Lease lease) {
        claims.incrementAndGet();
        if (!holders.compareAndSet(lease.segment(), null, lease.owner())) {
            overlaps.incrementAndGet();
        }
        return store.checkpoints().checkpoint(lease, Position.of(1, positions.incrementAndGet()))
                .doOnNext(held -> count(held))
                .then(Mono.fromRunnable(() -> holders.compareAndSet(lease.segment(), lease.owner(), null)))
                .then(store.leases().release(lease))
                .doOnNext(held -> count(held))
                .then();
    }

    private void count(boolean held) {
        if (!held) {
            refusedWrites.incrementAndGet();
        }
    }

    private void assertExclusiveAndConsistent(String name) {
        assertThat(overlaps).as("claims of a segment another claimer still held").hasValue(0);
        assertThat(refusedWrites).as("fenced writes refused to the lease holder").hasValue(0);
        assertThat(claims.get()).as("claims made").isGreaterThanOrEqualTo(SEGMENTS);
        assertThat(fixture.status(name)).hasSize(SEGMENTS).noneMatch(SegmentStatus::leaseHeld);
        assertThat(fixture.status(name).stream().map(SegmentStatus::checkpoint).max(Position::compareTo).orElseThrow())
                .as("the last checkpoint written is stored").isEqualTo(Position.of(1, positions.get()))
                .satisfies(last -> assertThat(positions.get()).isEqualTo(claims.get()));
    }
}
