package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** Requests wait for the schema set-up, then pass; a failed set-up lets them pass too. */
class SchemaReadyWebFilterTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicInteger passed = new AtomicInteger();
    private final WebFilterChain chain = exchange -> Mono.fromRunnable(passed::incrementAndGet);

    @Test
    void holdsRequestsUntilTheSchemaIsReady() {
        Sinks.Empty<Void> setup = Sinks.empty();
        SchemaReadyWebFilter filter = new SchemaReadyWebFilter(lifecycle(setup.asMono()));

        StepVerifier.create(filter.filter(exchange(), chain))
                .then(() -> assertThat(passed).hasValue(0))
                .then(setup::tryEmitEmpty)
                .expectComplete().verify(WAIT);
        assertThat(passed).hasValue(1);
        filter.filter(exchange(), chain).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(passed).hasValue(2);
    }

    @Test
    void letsRequestsPassWhenTheSetupFailed() {
        SchemaReadyWebFilter filter = new SchemaReadyWebFilter(lifecycle(Mono.error(new IllegalStateException("no database"))));
        filter.filter(exchange(), chain).as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(passed).hasValue(1);
    }

    private static EventStoreLifecycle lifecycle(Mono<Void> setup) {
        // No durable subscription is declared, so the lifecycle never uses its durable subscriptions (null here); it is not started either.
        return new EventStoreLifecycle(setup, null, List.of(), new OwnedResources());
    }

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/orders"));
    }
}
