package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import io.github.beatbrackerz.eventstore.r2dbc.test.ServerAddress;
import io.github.beatbrackerz.eventstore.r2dbc.test.TcpProxy;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Nothing outside the library stalls the engine for good: a connection frozen mid-query, a
 * server that is down when the first subscriber arrives. The engine reads through a {@link
 * TcpProxy}; the test writes directly, without NOTIFY, so only the engine's polling reads deliver.
 */
class SubscriptionStallIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final SubscriptionOptions FAST = SubscriptionOptions.builder()
            .pollInterval(Duration.ofMillis(200))
            .queryTimeout(Duration.ofSeconds(1))
            .heartbeatInterval(Duration.ofSeconds(1))
            .reconnectBackoffMin(Duration.ofMillis(50))
            .reconnectBackoffMax(Duration.ofMillis(300))
            .build();

    private TcpProxy proxy;
    private ConnectionPool pool;
    private SubscriptionFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.engine.close().block(Duration.ofSeconds(10));
        }
        if (pool != null) {
            pool.disposeLater().block(Duration.ofSeconds(10));
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aConnectionFrozenMidQueryIsAbandonedTheStallShowsAndDeliveryResumesExactlyOnce() {
        startProxiedEngine(false);
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(live::isReady);
        fixture.append("order-1", 2, Duration.ZERO, false).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 2);

        proxy.freeze();
        fixture.append("order-1", 3, Duration.ZERO, false).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> fixture.engine.readerStall() != null);
        ReaderStall stall = fixture.engine.readerStall();
        assertThat(stall.lastError()).contains("no progress within PT1S");
        assertThat(live.count()).isEqualTo(2);

        proxy.thaw();
        await().atMost(Duration.ofSeconds(30)).until(() -> live.count() == 5 && fixture.engine.readerStall() == null);
        fixture.engine.lag().as(StepVerifier::create)
                .assertNext(lag -> assertThat(lag.readerStall()).isNull())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
        assertThat(live.ids()).containsExactlyElementsOf(fixture.storedIds());
        live.assertOrdered();
        assertThat(live.error()).isNull();
    }

    @Test
    void aSubscriberWhilePostgresIsDownGetsOnSubscribeAtOnceAndItsCancelStopsTheRetries() {
        startProxiedEngine(true);
        proxy.down();

        StepVerifier.create(fixture.engine.subscribe(EventFilter.all()))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        // Nobody subscribes now: once PostgreSQL is back, the cancelled subscriber's start-position retries must be gone.
        // One connection may still open: a retry that acquired just as the cancel arrived leaves its allocation running,
        // and the pool (reactor-pool does not abort an allocation for a cancelled borrower) keeps it idle. Retries left
        // running would open one every 300 ms; nothing may hold or wait for a connection.
        proxy.up();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> proxy.connectionAttempts() <= 1
                && pool.getMetrics().orElseThrow().acquiredSize() == 0
                && pool.getMetrics().orElseThrow().pendingAcquireSize() == 0);

        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(20)).until(live::isReady);
        List<UUID> written = fixture.append("order-1", 2, Duration.ZERO, false).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 2);
        assertThat(live.ids()).containsExactlyElementsOf(written);
    }

    @Test
    void aSubscriberThatArrivedWhilePostgresWasDownIsReadyWhenItComesBackAndMissesNothingAfter() {
        startProxiedEngine(true);
        proxy.down();
        Received live = Received.from(fixture.engine.subscribe(EventFilter.all()));
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.engine.readerStall() != null);
        assertThat(live.isReady()).isFalse();

        proxy.up();
        await().atMost(Duration.ofSeconds(20)).until(live::isReady);
        List<UUID> written = fixture.append("order-1", 3, Duration.ZERO, false).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> live.count() == 3);
        assertThat(live.ids()).containsExactlyElementsOf(written);
        assertThat(fixture.engine.readerStall()).isNull();
    }

    /** An engine whose reads (and, if asked, LISTEN) go through the proxy, with a pool that bounds connection creation. */
    private void startProxiedEngine(boolean listenThroughProxy) {
        ServerAddress server = DB.server();
        proxy = TcpProxy.start(server.host(), server.port());
        String applicationName = "es-stall-" + UUID.randomUUID().toString().substring(0, 8);
        pool = new ConnectionPool(ConnectionPoolConfiguration.builder(SubscriptionFixture.unpooled(server, proxy.port(), applicationName))
                .initialSize(0)
                .maxSize(4)
                .maxCreateConnectionTime(Duration.ofSeconds(2))
                .build());
        fixture = new SubscriptionFixture(DB, FAST, pool,
                listenThroughProxy ? SubscriptionFixture.unpooled(server, proxy.port(), applicationName + "-listen") : null);
    }
}
