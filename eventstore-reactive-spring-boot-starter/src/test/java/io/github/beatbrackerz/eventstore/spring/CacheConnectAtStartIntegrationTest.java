package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.micrometer.EventStoreObservations;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.redis.test.RedisTestServer;
import io.github.beatbrackerz.eventstore.spring.observation.EventStoreObservationAutoConfiguration;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/**
 * The lifecycle connects the Redis cache at start: once {@link EventStoreLifecycle#ready()} has
 * completed, the cache's connections are open before any cache call (counted with {@code CLIENT
 * LIST} by a client name no other test uses), and a Redis that refuses or never answers keeps
 * neither the context from starting nor {@code ready()} from completing.
 */
class CacheConnectAtStartIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String name = "es-start-" + UUID.randomUUID().toString().substring(0, 8);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        EventStoreAutoConfiguration.class, EventStoreObservationAutoConfiguration.class))
                .withPropertyValues("spring.r2dbc.url=" + DB.server().r2dbcUrl(), "eventstore.schema=" + DB.newSchema(false),
                        "eventstore.subscriptions.mode=disabled", "eventstore.cache.enabled=true",
                        "eventstore.cache.key-prefix=" + RedisTestServer.uniquePrefix(getClass()));
    }

    /**
     * The budgets are generous so that a loaded machine cannot turn a call into a timeout; what
     * tells an eager connect from a lazy one is that the connections are open while no cache call
     * has been made yet.
     */
    @Test
    void theCacheIsConnectedWhenTheStoreIsReady() {
        RedisURI redis = RedisTestServer.standalone();
        runner().withBean(ObservationRegistry.class, this::observations)
                .withBean(MeterRegistry.class, () -> meters)
                .withPropertyValues("spring.data.redis.host=" + redis.getHost(), "spring.data.redis.port=" + redis.getPort(),
                        "spring.data.redis.client-name=" + name, "eventstore.cache.timeout=3s")
                .run(context -> {
                    ready(context);
                    assertThat(cacheTimers()).as("no cache call has been made").isEmpty();
                    assertThat(connections()).as("the cache's command and pipeline connections").isEqualTo(2);

                    EventStore store = context.getBean(EventStore.class);
                    StreamId stream = StreamId.of("c-1", "Connect");
                    store.appendEvent(NewEvent.builder().type("Connected").stream(stream).createdBy("test").build()).block(WAIT);
                    store.getAggregateEvents(stream.aggregateId(), stream.aggregateType()).collectList().block(WAIT);
                    await().atMost(WAIT).untilAsserted(() -> assertThat(cacheTimers()).isNotEmpty()
                            .allSatisfy(timer -> assertThat(timer.getId().getTag(EventStoreObservations.TAG_OUTCOME)).isNotEqualTo(EventStoreObservations.OUTCOME_TIMEOUT)));
                    assertThat(connections()).as("the calls used the connections opened at start").isEqualTo(2);
                });
    }

    @Test
    void aRedisThatRefusesKeepsNeitherTheStartNorReadinessFromCompleting() throws IOException {
        runner().withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + closedPort()).run(this::ready);
    }

    @Test
    void aRedisThatNeverAnswersKeepsNeitherTheStartNorReadinessFromCompleting() throws IOException {
        try (ServerSocket silent = new ServerSocket(0)) {
            runner().withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + silent.getLocalPort(),
                    "eventstore.cache.connect-timeout=300ms").run(this::ready);
        }
    }

    @Test
    void anApplicationsOwnRedisCacheIsConnectedAtStartAndLeftOpen() {
        RedisURI uri = RedisURI.builder(RedisTestServer.standalone()).withClientName(name).build();
        RedisEventCache own = RedisEventCaches.standalone(uri, RedisCacheOptions.builder().keyPrefix(RedisTestServer.uniquePrefix(getClass())).build());
        try {
            runner().withBean(RedisEventCache.class, () -> own).run(context -> {
                ready(context);
                assertThat(context.getBean(EventStoreLifecycle.class).isReady()).isTrue();
                assertThat(connections()).as("the application's cache was connected").isEqualTo(2);
            });
            own.getSequence(StreamId.of("own", "Connect")).as(StepVerifier::create).expectComplete().verify(WAIT);
            assertThat(connections()).as("the starter left the application's cache open").isEqualTo(2);
        } finally {
            own.close().block(WAIT);
        }
    }

    private void ready(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        EventStoreLifecycle lifecycle = context.getBean(EventStoreLifecycle.class);
        lifecycle.ready().as(StepVerifier::create).expectComplete().verify(WAIT);
        assertThat(lifecycle.isReady()).isTrue();
        assertThat(lifecycle.failure()).isNull();
    }

    private ObservationRegistry observations() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        return registry;
    }

    private Collection<Timer> cacheTimers() {
        return meters.find(EventStoreObservations.CACHE).timers();
    }

    /** @return how many connections named {@link #name} the test Redis has */
    private long connections() {
        return RedisTestServer.connectionsNamed(RedisTestServer.standalone(), name);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
