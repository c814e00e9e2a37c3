package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Closing order and failure handling of what the starter created. */
class OwnedResourcesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void closesInStageOrderOnceAndGoesOnAfterAFailure() {
        List<String> closed = new CopyOnWriteArrayList<>();
        OwnedResources owned = new OwnedResources();
        owned.add(OwnedResources.Stage.CONNECTIONS, "pool", () -> Mono.fromRunnable(() -> closed.add("pool")));
        owned.add(OwnedResources.Stage.CACHE, "cache", () -> Mono.error(new IllegalStateException("boom")));
        owned.add(OwnedResources.Stage.STORE, "store", () -> Mono.fromRunnable(() -> closed.add("store")));
        owned.add(OwnedResources.Stage.DURABLE_SUBSCRIPTIONS, "durable", () -> Mono.fromRunnable(() -> closed.add("durable")));
        assertThat(owned.names()).containsExactly("durable", "store", "cache", "pool");

        owned.closeAll().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(closed).containsExactly("durable", "store", "pool");
        assertThat(owned.names()).isEmpty();

        owned.closeAll().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(closed).hasSize(3);
    }

    @Test
    void nothingIsClosedBeforeSubscription() {
        List<String> closed = new CopyOnWriteArrayList<>();
        OwnedResources owned = new OwnedResources();
        owned.add(OwnedResources.Stage.STORE, "store", () -> Mono.fromRunnable(() -> closed.add("store")));
        Mono<Void> closing = owned.closeAll();
        assertThat(closed).isEmpty();
        closing.block(Duration.ofSeconds(5));
        assertThat(closed).containsExactly("store");
    }
}
