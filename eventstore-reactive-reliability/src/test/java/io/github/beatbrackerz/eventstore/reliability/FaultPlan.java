package io.github.beatbrackerz.eventstore.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seeded fault schedule: which fault, at what offset from the start, against which target
 * (a store instance or a subscriber index). Drawn entirely from the seed before the run, and
 * printed, so a failing run can be replayed.
 */
final class FaultPlan {

    enum Kind {
        KILL_POOL_BACKEND(30), KILL_ALL_POOL_BACKENDS(6), KILL_LISTENER(12), REDIS_RESTART(8), REDIS_CLIENT_KILL(14),
        SUBSCRIBER_CANCEL(18), STATEMENT_TIMEOUT(12), DURABLE_CRASH(6);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** One scheduled fault; {@code target} picks a node or subscriber modulo their number. */
    record Fault(Duration at, Kind kind, int target, Duration pause) {
        @Override
        public String toString() {
            return String.format("+%6.1fs %-22s target=%d pause=%dms", at.toMillis() / 1000.0, kind, target, pause.toMillis());
        }
    }

    private final List<Fault> faults;

    private FaultPlan(List<Fault> faults) {
        this.faults = faults;
    }

    static FaultPlan draw(long seed, Duration length) {
        Random random = new Random(seed ^ 0x5eedfa17L);
        int total = 0;
        for (Kind kind : Kind.values()) {
            total += kind.weight;
        }
        List<Fault> faults = new ArrayList<>();
        long at = 2_000 + random.nextInt(2_000);
        long lastStatementTimeout = -20_000;
        // faults stop 5 s before the end so the last ones settle within the run
        while (at < length.toMillis() - 5_000) {
            Kind kind = pick(random, total);
            if (kind == Kind.STATEMENT_TIMEOUT && at - lastStatementTimeout < 15_000) {
                kind = Kind.KILL_POOL_BACKEND;
            }
            if (kind == Kind.STATEMENT_TIMEOUT) {
                lastStatementTimeout = at;
            }
            faults.add(new Fault(Duration.ofMillis(at), kind, random.nextInt(1000), Duration.ofMillis(100 + random.nextInt(1400))));
            at += 700 + random.nextInt(2_600);
        }
        return new FaultPlan(List.copyOf(faults));
    }

    List<Fault> faults() {
        return faults;
    }

    Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Fault fault : faults) {
            counts.merge(fault.kind(), 1, Integer::sum);
        }
        return counts;
    }

    private static Kind pick(Random random, int total) {
        int roll = random.nextInt(total);
        for (Kind kind : Kind.values()) {
            roll -= kind.weight;
            if (roll < 0) {
                return kind;
            }
        }
        throw new IllegalStateException();
    }
}
