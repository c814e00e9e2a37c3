package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.redis.test.RedisProcess;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a {@link FaultPlan} against the soak's two store instances, the private Redis, the
 * subscribers and the durable subscriptions' instances, counting what each fault did.
 */
final class FaultInjector implements Runnable {

    private final FaultPlan plan;
    private final List<SoakNode> nodes;
    private final SoakNode timeoutNode;
    private final Duration statementTimeout;
    private final List<SoakSubscriber> subscribers;
    private final SoakDurable durable;
    private final RedisProcess redis;
    private final Admin admin;
    private final Appends appends;
    private final StreamPool streams;
    private final Ledger ledger;
    private final Findings findings;
    private final long startNanos;
    private final Random random;

    FaultInjector(FaultPlan plan, List<SoakNode> nodes, SoakNode timeoutNode, Duration statementTimeout, List<SoakSubscriber> subscribers,
            SoakDurable durable, RedisProcess redis, Admin admin, Appends appends, StreamPool streams, Ledger ledger, Findings findings, long startNanos, long seed) {
        this.plan = plan;
        this.nodes = nodes;
        this.timeoutNode = timeoutNode;
        this.statementTimeout = statementTimeout;
        this.subscribers = subscribers;
        this.durable = durable;
        this.redis = redis;
        this.admin = admin;
        this.appends = appends;
        this.streams = streams;
        this.ledger = ledger;
        this.findings = findings;
        this.startNanos = startNanos;
        this.random = new Random(seed ^ 0xfa017L);
    }

    @Override
    public void run() {
        for (FaultPlan.Fault fault : plan.faults()) {
            long due = startNanos + fault.at().toNanos();
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(Math.min(due - System.nanoTime(), 100_000_000L));
            }
            try {
                inject(fault);
            } catch (RuntimeException e) {
                findings.violation("soak harness ran to the end", "fault " + fault + " could not be injected: " + e);
            }
        }
    }

    private void inject(FaultPlan.Fault fault) {
        SoakNode node = nodes.get(fault.target() % nodes.size());
        switch (fault.kind()) {
            case KILL_POOL_BACKEND -> findings.counters.add("faults.pool backends terminated", admin.terminate(node.applicationName(), false));
            case KILL_ALL_POOL_BACKENDS -> findings.counters.add("faults.pool backends terminated", admin.terminate(node.applicationName(), true));
            case KILL_LISTENER -> findings.counters.add("faults.listener backends terminated", admin.terminate(node.listenerApplicationName(), true));
            case REDIS_RESTART -> {
                redis.stop();
                sleep(fault.pause());
                redis.start();
                findings.counters.inc("faults.redis restarts");
            }
            case REDIS_CLIENT_KILL -> findings.counters.add("faults.redis clients killed", killRedisClients());
            case SUBSCRIBER_CANCEL -> subscribers.get(fault.target() % subscribers.size()).cancelAndResume(fault.pause());
            case STATEMENT_TIMEOUT -> statementTimeoutMidBatch();
            case DURABLE_CRASH -> durable.crashAndRestart(fault.target(), fault.pause());
        }
    }

    private long killRedisClients() {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            // SKIPME yes is the default: our own admin connection survives, every store client is dropped
            return connection.sync().clientKill(KillArgs.Builder.typeNormal());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * Holds the counter row of one stream locked past the timeout node's statement timeout, and
     * meanwhile appends a batch spanning another stream and the locked one through that node: the
     * batch reserves the other stream's numbers, then waits on the lock until the timeout cancels
     * it, and must leave nothing behind. {@link Appends} then retries it until it is stored.
     */
    private void statementTimeoutMidBatch() {
        StreamId locked = streamWithEvents();
        if (locked == null) {
            return;
        }
        StreamId other = StreamId.of("a-" + UUID.randomUUID(), "aaa-first");
        Mono<Void> hold = admin.holdCounterLock(locked.aggregateId(), locked.aggregateType(), statementTimeout.plusMillis(1500))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnSubscribe(s -> findings.counters.inc("faults.counter locks held"));
        hold.subscribe(v -> { }, e -> findings.counters.inc("faults.counter lock hold failed"));
        sleep(Duration.ofMillis(300));
        List<NewEvent> batch = List.of(event(other), event(other), event(locked), event(locked));
        findings.counters.inc("faults.batches appended against a held lock");
        appends.append(timeoutNode.store(), "batch against held lock", batch, ExpectedVersion.any());
    }

    private @org.jspecify.annotations.Nullable StreamId streamWithEvents() {
        for (int i = 0; i < 20; i++) {
            StreamId stream = streams.pick(random);
            if (ledger.length(stream) > 0) {
                return stream;
            }
        }
        return null;
    }

    private NewEvent event(StreamId stream) {
        return NewEvent.builder().eventId(UUID.randomUUID()).stream(stream).type("Locked").createdBy("faults")
                .payload(Map.of("fault", "statement timeout")).build();
    }

    private static void sleep(Duration pause) {
        LockSupport.parkNanos(pause.toNanos());
    }
}
