package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.error.StorageException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** {@link EventStoreLifecycle#ready()} waits for the schema set-up and the cache's connect; only the set-up can fail it. */
class EventStoreLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readyCompletesOnceTheSchemaIsSetUpAndTheCacheConnected() {
        Sinks.Empty<Void> schema = Sinks.empty();
        Sinks.Empty<Void> cache = Sinks.empty();
        EventStoreLifecycle lifecycle = lifecycle(schema.asMono(), cache.asMono());

        lifecycle.ready().as(StepVerifier::create)
                .then(schema::tryEmitEmpty)
                .then(() -> assertThat(lifecycle.isReady()).as("the cache is still connecting").isFalse())
                .then(cache::tryEmitEmpty)
                .expectComplete().verify(WAIT);
        assertThat(lifecycle.isReady()).isTrue();
    }

    @Test
    void aCacheThatDidNotConnectIsNoFailure() {
        EventStoreLifecycle lifecycle = lifecycle(Mono.empty(), Mono.error(new StorageException("Redis cache connect failed", null, true)));

        lifecycle.ready().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(lifecycle.isReady()).isTrue();
        assertThat(lifecycle.failure()).isNull();
    }

    @Test
    void aFailedSchemaSetUpFailsReadyWithoutWaitingForTheCache() {
        IllegalStateException error = new IllegalStateException("no database");
        EventStoreLifecycle lifecycle = lifecycle(Mono.error(error), Mono.never());

        lifecycle.ready().as(StepVerifier::create).expectErrorMatches(error::equals).verify(WAIT);
        assertThat(lifecycle.isReady()).isFalse();
        assertThat(lifecycle.failure()).isSameAs(error);
    }

    private static EventStoreLifecycle lifecycle(Mono<Void> schema, Mono<Void> cacheConnect) {
        // No durable subscription is declared, so the lifecycle never uses its durable subscriptions (null here); it is not started either.
        return new EventStoreLifecycle(schema, cacheConnect, null, List.of(), new OwnedResources());
    }
}
