package io.github.beatbrackerz.eventstore.r2dbc.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Members split the segments by fair share, and rebalance when one joins or leaves. */
class FairShareIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final String NAME = "shared";

    private final DurableFixture fixture = new DurableFixture(DB);

    @Test
    void twoThenThreeMembersSplitSixSegmentsThreeThreeThenTwoTwoTwo() {
        fixture.register(NAME, 6);
        beat("a", 1);
        beat("b", 2);

        assertThat(claim("a")).hasSize(3);
        assertThat(claim("b")).hasSize(3);
        assertThat(fixture.heldPerOwner(NAME)).isEqualTo(Map.of("a", 3L, "b", 3L));

        beat("c", 3);
        assertThat(claim("c")).as("nothing is free before the others rebalance").isEmpty();
        assertThat(rebalance("a")).isEqualTo(1);
        assertThat(rebalance("b")).isEqualTo(1);
        assertThat(claim("c")).hasSize(2);

        assertThat(fixture.heldPerOwner(NAME)).isEqualTo(Map.of("a", 2L, "b", 2L, "c", 2L));
        assertThat(rebalance("a")).as("no surplus at the fair share").isZero();
    }

    @Test
    void aMemberThatLeavesHandsItsShareToTheOthers() {
        fixture.register(NAME, 6);
        beat("a", 1);
        beat("b", 2);
        beat("c", 3);
        List<Lease> leaving = claim("c");
        claim("a");
        claim("b");

        fixture.leases().leave(NAME, "c").as(StepVerifier::create).expectNext(true).expectComplete().verify(WAIT);
        Flux.fromIterable(leaving).concatMap(fixture.leases()::release).collectList().block(DurableFixture.TIMEOUT);
        fixture.leases().liveMembers(NAME).as(StepVerifier::create).expectNext(2).expectComplete().verify(WAIT);

        assertThat(claim("a")).hasSize(1);
        assertThat(claim("b")).hasSize(1);
        assertThat(fixture.heldPerOwner(NAME)).isEqualTo(Map.of("a", 3L, "b", 3L));
    }

    @Test
    void withoutMembersOneOwnerMayClaimEverySegment() {
        fixture.register(NAME, 4);

        assertThat(claim("solo")).hasSize(4);
    }

    private void beat(String member, int expectedLive) {
        fixture.leases().heartbeat(NAME, member, DurableFixture.LONG_LEASE).as(StepVerifier::create)
                .expectNext(expectedLive).expectComplete().verify(WAIT);
    }

    private List<Lease> claim(String owner) {
        return fixture.claim(NAME, owner, Integer.MAX_VALUE);
    }

    /** @return how many surplus segments the owner released */
    private int rebalance(String owner) {
        return fixture.leases().surplus(NAME, owner).concatMap(fixture.leases()::release).filter(Boolean::booleanValue)
                .count().block(DurableFixture.TIMEOUT).intValue();
    }
}
