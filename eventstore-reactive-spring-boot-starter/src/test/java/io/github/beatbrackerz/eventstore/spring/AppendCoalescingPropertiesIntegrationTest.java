package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.r2dbc.AppendQueueFullException;
import io.github.beatbrackerz.eventstore.r2dbc.test.HeldStreamLock;
import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code eventstore.appends.*} reaches the store: with one statement in flight and one queued
 * append, a third concurrent append is refused; with coalescing off, the same three all wait and
 * succeed. No timing: the statement in flight is held on its stream's advisory lock by a
 * transaction of the test. Bad values fail the start, naming the property. Each test appends after the
 * start's schema set-up ({@link EventStoreLifecycle#ready()}), as the lifecycle asks.
 */
class AppendCoalescingPropertiesIntegrationTest {

    @RegisterExtension
    static final PostgresTestDatabase DB = PostgresTestDatabase.create();

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, EventStoreAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=" + DB.server().r2dbcUrl(), "eventstore.subscriptions.mode=disabled");

    @Test
    void aFullQueueRefusesTheAppendBeyondIt() {
        String schema = DB.newSchema(true);
        runner.withPropertyValues("eventstore.schema=" + schema, "eventstore.appends.statements-in-flight=1", "eventstore.appends.max-queued=1")
                .run(context -> {
                    EventStore store = readyStore(context);
                    StreamId held = StreamId.of("held-" + schema, "order");
                    try (HeldStreamLock blocker = HeldStreamLock.hold(DB.connectionFactory(), held)) {
                        CompletableFuture<RecordedEvent> inFlight = append(store, held);
                        CompletableFuture<RecordedEvent> queued = append(store, StreamId.of("queued", "order"));
                        CompletableFuture<RecordedEvent> over = append(store, StreamId.of("over", "order"));
                        assertThat(failure(over)).isInstanceOfSatisfying(AppendQueueFullException.class, e -> assertThat(e.isRetryable()).isTrue());
                        blocker.release();
                        assertThat(inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS).sequenceNumber()).isEqualTo(1);
                        assertThat(queued.get(WAIT.toSeconds(), TimeUnit.SECONDS).sequenceNumber()).isEqualTo(1);
                    }
                });
    }

    @Test
    void withCoalescingOffNothingIsRefused() {
        String schema = DB.newSchema(true);
        runner.withPropertyValues("eventstore.schema=" + schema, "eventstore.appends.coalescing=false").run(context -> {
            EventStore store = readyStore(context);
            StreamId held = StreamId.of("held-" + schema, "order");
            try (HeldStreamLock blocker = HeldStreamLock.hold(DB.connectionFactory(), held)) {
                CompletableFuture<RecordedEvent> first = append(store, held);
                CompletableFuture<RecordedEvent> second = append(store, StreamId.of("second", "order"));
                CompletableFuture<RecordedEvent> third = append(store, StreamId.of("third", "order"));
                blocker.release();
                for (CompletableFuture<RecordedEvent> append : java.util.List.of(first, second, third)) {
                    assertThat(append.get(WAIT.toSeconds(), TimeUnit.SECONDS).sequenceNumber()).isEqualTo(1);
                }
            }
        });
    }

    @Test
    void badValuesFailTheStartNamingTheProperty() {
        runner.withPropertyValues("eventstore.appends.statements-in-flight=0").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("eventstore.appends.statements-in-flight must be between 1 and 1000, was 0"));
        runner.withPropertyValues("eventstore.appends.max-queued=0").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("eventstore.appends.max-queued must be between 1 and 1000000, was 0"));
        runner.withPropertyValues("eventstore.appends.coalescing=false", "eventstore.appends.max-queued=5").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("have no effect when eventstore.appends.coalescing is false"));
    }

    /** @return the context's store once the start's schema set-up is done, as the lifecycle asks */
    private static EventStore readyStore(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        context.getBean(EventStoreLifecycle.class).ready().block(WAIT);
        return context.getBean(EventStore.class);
    }

    private static CompletableFuture<RecordedEvent> append(EventStore store, StreamId stream) {
        return store.appendEvent(NewEvent.builder().type("Placed").stream(stream).createdBy("test").build()).toFuture();
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the append succeeded");
    }
}
