package io.github.beatbrackerz.eventstore.memory;

import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.spi.CheckpointStore;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetter;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.DurableStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
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
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The durable subscription storage in local memory, with the PostgreSQL storage's semantics:
 * fencing tokens that are never reused, leases and member heartbeats that expire by the clock,
 * fair-share claims, checkpoints that never move backwards, parked events with replay holds.
 * Every operation holds this object's monitor briefly. Lazy: each runs on subscription.
 */
final class InMemoryDurableStore implements DurableStore, SegmentRegistry, SegmentLeaseStore, CheckpointStore, DeadLetterStore {

    private final Clock clock;
    private final Map<String, TreeMap<Integer, SegmentRow>> segments = new TreeMap<>();
    private final Map<String, Map<String, Instant>> members = new TreeMap<>();
    private final TreeMap<Long, ParkedEvent> parked = new TreeMap<>();
    private final Map<Long, Long> replayTokens = new TreeMap<>();
    private long tokens;
    private long parkedIds;

    InMemoryDurableStore(Clock clock) {
        this.clock = clock;
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
        return this;
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
                parked.values().removeIf(event -> event.subscription().equals(subscription));
            }
            return count;
        });
    }

    @Override
    public Mono<Integer> delete(String subscription) {
        return locked(() -> {
            TreeMap<Integer, SegmentRow> rows = segments.remove(subscription);
            members.remove(subscription);
            parked.values().removeIf(event -> event.subscription().equals(subscription));
            return rows == null ? 0 : rows.size();
        });
    }

    @Override
    public Flux<SegmentStatus> status(String subscription) {
        return lockedMany(() -> {
            Instant now = now();
            List<SegmentStatus> statuses = new ArrayList<>();
            for (SegmentRow row : rows(subscription)) {
                long parkedHere = parked.values().stream()
                        .filter(event -> event.subscription().equals(subscription) && event.segment() == row.segment).count();
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

    // ---- dead letters

    @Override
    public Mono<Boolean> park(Lease lease, DeadLetter letter) {
        Require.notNull("letter", letter);
        return locked(() -> {
            if (heldRow(lease, now()) == null) {
                return false;
            }
            ParkedEvent existing = parked.values().stream()
                    .filter(event -> event.subscription().equals(lease.subscription()) && event.eventId().equals(letter.eventId()))
                    .findFirst().orElse(null);
            long id = existing != null ? existing.id() : ++parkedIds;
            parked.put(id, new ParkedEvent(id, lease.subscription(), lease.segment(), letter.position(), letter.eventId(),
                    letter.error(), letter.attempts(), now(), null));
            replayTokens.remove(id);
            return true;
        });
    }

    @Override
    public Flux<ParkedEvent> list(String subscription) {
        return lockedMany(() -> parked.values().stream().filter(event -> event.subscription().equals(subscription)).toList());
    }

    @Override
    public Mono<Boolean> skip(String subscription, long id) {
        return locked(() -> {
            ParkedEvent event = parked.get(id);
            if (event == null || !event.subscription().equals(subscription)) {
                return false;
            }
            parked.remove(id);
            replayTokens.remove(id);
            return true;
        });
    }

    @Override
    public Mono<ReplayClaim> takeForReplay(String subscription, long id, Duration holdTime) {
        return Mono.defer(() -> {
            synchronized (this) {
                ParkedEvent event = parked.get(id);
                Instant now = now();
                if (event == null || !event.subscription().equals(subscription)
                        || (event.replayUntil() != null && event.replayUntil().isAfter(now))) {
                    return Mono.empty();
                }
                long token = ++tokens;
                ParkedEvent held = withHold(event, now.plus(holdTime));
                parked.put(id, held);
                replayTokens.put(id, token);
                return Mono.just(new ReplayClaim(held, token, now.plus(holdTime)));
            }
        });
    }

    @Override
    public Mono<Boolean> replayed(ReplayClaim claim) {
        return locked(() -> {
            long id = claim.parked().id();
            ParkedEvent event = parked.get(id);
            if (event == null || !Long.valueOf(claim.token()).equals(replayTokens.get(id)) || event.replayUntil() == null
                    || !event.replayUntil().isAfter(now())) {
                return false;
            }
            parked.remove(id);
            replayTokens.remove(id);
            return true;
        });
    }

    @Override
    public Mono<Boolean> replayFailed(ReplayClaim claim, String error) {
        String text = DeadLetter.cut(Require.notNull("error", error));
        return locked(() -> {
            long id = claim.parked().id();
            ParkedEvent event = parked.get(id);
            if (event == null || !Long.valueOf(claim.token()).equals(replayTokens.get(id))) {
                return false;
            }
            parked.put(id, new ParkedEvent(id, event.subscription(), event.segment(), event.position(), event.eventId(), text,
                    event.attempts() + 1, event.parkedAt(), null));
            replayTokens.remove(id);
            return true;
        });
    }

    private static ParkedEvent withHold(ParkedEvent event, @Nullable Instant until) {
        return new ParkedEvent(event.id(), event.subscription(), event.segment(), event.position(), event.eventId(), event.error(),
                event.attempts(), event.parkedAt(), until);
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
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return work.get();
            }
        });
    }

    private <T> Flux<T> lockedMany(Supplier<List<T>> work) {
        return Flux.defer(() -> {
            List<T> result;
            synchronized (this) {
                result = work.get();
            }
            return Flux.fromIterable(result);
        });
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
