package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.durable.spi.CheckpointStore;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentLeaseStore;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentRegistry;
import io.github.beatbrackerz.eventstore.durable.spi.SegmentStatus;
import io.github.beatbrackerz.eventstore.error.SegmentCountMismatchException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Position;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable subscription storage in local memory, with the PostgreSQL storage's semantics:
 * fencing tokens that are never reused, leases and member heartbeats that expire by the clock,
 * fair-share claims, checkpoints that never move backwards, and ({@link InMemoryDeadLetters}) parked
 * events with replay holds. Every operation holds this object's monitor briefly. Lazy: each runs on
 * subscription.
 */
final class InMemoryDurableStore implements DurableStore, SegmentRegistry, SegmentLeaseStore, CheckpointStore {

    private final Clock clock;
    private final Map<String, TreeMap<Integer, SegmentRow>> segments = new TreeMap<>();
    private final Map<String, Map<String, Instant>> members = new TreeMap<>();
    private final InMemoryDeadLetters deadLetters;
    private long tokens;

    InMemoryDurableStore(Clock clock) {
        this.clock = clock;
        this.deadLetters = new InMemoryDeadLetters(this, clock, () -> ++tokens, (lease, now) -> heldRow(lease, now) != null);
    }

    @Override
    public SegmentRegistry registry() {
        return this;
    }

    @Override
    public SegmentLeaseStore leases() {
        return this;
    }

    @Override
    public CheckpointStore checkpoints() {
        return this;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    // ---- registry

    @Override
    public Mono<Boolean> register(String subscription, int segmentCount, Position start) {
        Require.positive("segmentCount", segmentCount);
        Require.notNull("start", start);
        return locked(() -> {
            TreeMap<Integer, SegmentRow> rows = segments.get(subscription);
            if (rows != null) {
                if (rows.size() != segmentCount) {
                    throw new SegmentCountMismatchException(subscription, segmentCount, rows.size());
                }
                return false;
            }
            rows = new TreeMap<>();
            for (int segment = 0; segment < segmentCount; segment++) {
                rows.put(segment, new SegmentRow(segment, segmentCount, start, ++tokens, now()));
            }
            segments.put(subscription, rows);
            return true;
        });
    }

    @Override
    public Mono<Integer> pause(String subscription) {
        return paused(subscription, true);
    }

    @Override
    public Mono<Integer> resume(String subscription) {
        return paused(subscription, false);
    }

    private Mono<Integer> paused(String subscription, boolean paused) {
        return locked(() -> {
            Collection<SegmentRow> rows = rows(subscription);
            rows.forEach(row -> {
                row.paused = paused;
                row.updatedAt = now();
            });
            return rows.size();
        });
    }

    @Override
    public Mono<Integer> reset(String subscription, Position position, int segmentCount, boolean discardParked) {
        Require.notNull("position", position);
        return locked(() -> {
            TreeMap<Integer, SegmentRow> rows = segments.get(subscription);
            if (rows == null) {
                return 0;
            }
            int count = segmentCount > 0 ? segmentCount : rows.size();
            boolean paused = rows.values().stream().anyMatch(row -> row.paused);
            TreeMap<Integer, SegmentRow> fresh = new TreeMap<>();
            for (int segment = 0; segment < count; segment++) {
                SegmentRow row = new SegmentRow(segment, count, position, ++tokens, now());
                row.paused = paused;
                fresh.put(segment, row);
            }
            segments.put(subscription, fresh);
            if (discardParked) {
                deadLetters.discard(subscription);
            }
            return count;
        });
    }

    @Override
    public Mono<Integer> delete(String subscription) {
        return locked(() -> {
            TreeMap<Integer, SegmentRow> rows = segments.remove(subscription);
            members.remove(subscription);
            deadLetters.discard(subscription);
            return rows == null ? 0 : rows.size();
        });
    }

    @Override
    public Flux<SegmentStatus> status(String subscription) {
        return lockedMany(() -> {
            Instant now = now();
            List<SegmentStatus> statuses = new ArrayList<>();
            for (SegmentRow row : rows(subscription)) {
                long parkedHere = deadLetters.count(subscription, row.segment);
                statuses.add(new SegmentStatus(subscription, row.segment, row.segmentCount, row.owner, row.token, row.checkpoint,
                        row.expiresAt, row.held(now), age(row.heartbeatAt, now), age(row.checkpointedAt, now), row.paused, parkedHere,
                        row.updatedAt));
            }
            return statuses;
        });
    }

    // ---- leases

    @Override
    public Mono<Integer> heartbeat(String subscription, String member, Duration ttl) {
        return locked(() -> {
            Instant now = now();
            Map<String, Instant> live = members.computeIfAbsent(subscription, name -> new TreeMap<>());
            live.put(member, now.plus(ttl));
            live.values().removeIf(expiry -> !expiry.isAfter(now));
            return live.size();
        });
    }

    @Override
    public Mono<Boolean> leave(String subscription, String member) {
        return locked(() -> members.getOrDefault(subscription, Map.of()).remove(member) != null);
    }

    @Override
    public Flux<Lease> claim(String subscription, String owner, Duration leaseTime, int max) {
        Require.positive("max", max);
        return lockedMany(() -> {
            Instant now = now();
            Collection<SegmentRow> rows = rows(subscription);
            long owned = rows.stream().filter(row -> owner.equals(row.owner) && row.held(now)).count();
            long wanted = Math.min(Math.max(fairShare(subscription, rows.size(), now) - owned, 0), max);
            List<Lease> claimed = new ArrayList<>();
            for (SegmentRow row : rows) {
                if (claimed.size() >= wanted) {
                    break;
                }
                if (!row.held(now)) {
                    row.owner = owner;
                    row.token = ++tokens;
                    row.expiresAt = now.plus(leaseTime);
                    row.heartbeatAt = now;
                    row.updatedAt = now;
                    claimed.add(row.lease(subscription));
                }
            }
            return claimed;
        });
    }

    @Override
    public Flux<Lease> renew(Collection<Lease> leases, Duration leaseTime) {
        Require.notNull("leases", leases);
        return lockedMany(() -> {
            Instant now = now();
            List<Lease> kept = new ArrayList<>();
            for (Lease lease : leases) {
                SegmentRow row = heldRow(lease, now);
                if (row != null) {
                    row.expiresAt = now.plus(leaseTime);
                    row.heartbeatAt = now;
                    kept.add(row.lease(lease.subscription()));
                }
            }
            return kept;
        });
    }

    @Override
    public Mono<Boolean> release(Lease lease) {
        return locked(() -> {
            SegmentRow row = row(lease);
            if (row == null || !lease.owner().equals(row.owner) || row.token != lease.token()) {
                return false;
            }
            row.owner = null;
            row.expiresAt = now();
            row.updatedAt = now();
            return true;
        });
    }

    @Override
    public Flux<Lease> surplus(String subscription, String owner) {
        return lockedMany(() -> {
            Instant now = now();
            Collection<SegmentRow> rows = rows(subscription);
            return rows.stream().filter(row -> owner.equals(row.owner) && row.held(now))
                    .skip(fairShare(subscription, rows.size(), now))
                    .map(row -> row.lease(subscription))
                    .toList();
        });
    }

    private long fairShare(String subscription, int segmentCount, Instant now) {
        long live = members.getOrDefault(subscription, Map.of()).values().stream().filter(expiry -> expiry.isAfter(now)).count();
        return (segmentCount + Math.max(live, 1) - 1) / Math.max(live, 1);
    }

    // ---- checkpoints

    @Override
    public Mono<Boolean> checkpoint(Lease lease, Position position) {
        Require.notNull("position", position);
        return locked(() -> {
            SegmentRow row = heldRow(lease, now());
            if (row == null) {
                return false;
            }
            if (position.isAfter(row.checkpoint)) {
                row.checkpoint = position;
            }
            row.checkpointedAt = now();
            row.updatedAt = now();
            return true;
        });
    }

    // ---- helpers; callers hold the monitor

    private Collection<SegmentRow> rows(String subscription) {
        TreeMap<Integer, SegmentRow> rows = segments.get(subscription);
        return rows == null ? List.of() : rows.values();
    }

    private @Nullable SegmentRow row(Lease lease) {
        TreeMap<Integer, SegmentRow> rows = segments.get(lease.subscription());
        return rows == null ? null : rows.get(lease.segment());
    }

    private @Nullable SegmentRow heldRow(Lease lease, Instant now) {
        SegmentRow row = row(lease);
        return row != null && lease.owner().equals(row.owner) && row.token == lease.token() && row.held(now) ? row : null;
    }

    private Instant now() {
        return clock.instant();
    }

    private static @Nullable Duration age(@Nullable Instant then, Instant now) {
        return then == null ? null : Duration.between(then, now);
    }

    private <T> Mono<T> locked(Supplier<T> work) {
        return Locked.mono(this, work);
    }

    private <T> Flux<T> lockedMany(Supplier<List<T>> work) {
        return Locked.flux(this, work);
    }

    /** One segment's stored state. */
    private static final class SegmentRow {
        final int segment;
        final int segmentCount;
        Position checkpoint;
        @Nullable String owner;
        long token;
        @Nullable Instant expiresAt;
        @Nullable Instant heartbeatAt;
        @Nullable Instant checkpointedAt;
        boolean paused;
        Instant updatedAt;

        SegmentRow(int segment, int segmentCount, Position checkpoint, long token, Instant now) {
            this.segment = segment;
            this.segmentCount = segmentCount;
            this.checkpoint = checkpoint;
            this.token = token;
            this.checkpointedAt = now;
            this.updatedAt = now;
        }

        boolean held(Instant now) {
            return owner != null && expiresAt != null && expiresAt.isAfter(now);
        }

        Lease lease(String subscription) {
            return new Lease(subscription, segment, segmentCount, String.valueOf(owner), token, checkpoint,
                    expiresAt == null ? Instant.EPOCH : expiresAt, paused);
        }
    }
}
