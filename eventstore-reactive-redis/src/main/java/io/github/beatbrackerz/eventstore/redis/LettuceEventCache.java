package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.CacheStats;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.CacheFill;
import io.github.beatbrackerz.eventstore.spi.CachedPrefix;
import io.github.beatbrackerz.eventstore.spi.FillTicket;
import io.github.beatbrackerz.eventstore.spi.SequencedPrefix;
import io.github.beatbrackerz.eventstore.redis.internal.CacheKeys;
import io.github.beatbrackerz.eventstore.redis.internal.CacheScript;
import io.github.beatbrackerz.eventstore.redis.internal.EventEnvelope;
import io.github.beatbrackerz.eventstore.redis.internal.KeyspaceAdmin;
import io.github.beatbrackerz.eventstore.redis.internal.NearPrefixes;
import io.github.beatbrackerz.eventstore.redis.internal.PrefixRead;
import io.github.beatbrackerz.eventstore.redis.internal.RedisErrors;
import io.github.beatbrackerz.eventstore.redis.internal.RedisTopology;
import io.github.beatbrackerz.eventstore.redis.internal.ScriptCall;
import io.github.beatbrackerz.eventstore.redis.internal.SnapshotEnvelope;
import io.github.beatbrackerz.eventstore.redis.internal.StatsEnvelope;
import io.github.beatbrackerz.eventstore.redis.internal.StoredPrefix;
import io.github.beatbrackerz.eventstore.redis.internal.WheelTimeouts;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The Lettuce implementation of the cache port. Stream prefixes, snapshots, counters and stats
 * change only through {@link CacheScript}s that keep them monotonic and fence fills with a
 * per-stream generation token (see {@link CacheScript}); batches of single events and warm-up
 * batches go out as one pipeline. Every call is lazy and reports failures as
 * {@link io.github.beatbrackerz.eventstore.error.StorageException}. Calls set no time budget of
 * their own: the store times each one and cancels it ({@code EventStoreOptions}); a command
 * nobody waits for any more ends at the client's safety net ({@link RedisEventCaches#COMMAND_SAFETY_TIMEOUT}).
 */
final class LettuceEventCache implements RedisEventCache {

    private static final Logger LOG = Loggers.getLogger(LettuceEventCache.class);
    private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);
    private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
    /** What an evicted event's key holds: no envelope (those are JSON objects) can equal it. */
    private static final String EVICTED_EVENT = "evicted";
    /** The shortest life of a tombstone, so that a short {@code eventsTtl} still outlasts a fill in flight. */
    private static final Duration EVICTED_EVENT_MIN_TTL = Duration.ofMinutes(1);

    private final RedisCacheOptions options;
    private final CacheKeys keys;
    private final Mono<RedisTopology> topology;
    private final AtomicReference<@Nullable RedisTopology> connected = new AtomicReference<>();
    private volatile boolean closed;
    private final Supplier<Mono<Void>> shutdownClient;
    private final KeyspaceAdmin admin;
    /** The generation keys' TTL: the longest data TTL, so a generation outlives what was written under it. */
    private final String generationTtl;
    /** The prefixes this instance decoded, so a stream read again costs only what was appended since. */
    private final NearPrefixes near;

    LettuceEventCache(Mono<RedisTopology> connect, Supplier<Mono<Void>> shutdownClient, RedisCacheOptions options) {
        this.options = options;
        this.keys = new CacheKeys(options.keyPrefix());
        // Keep the connections once open (Lettuce reconnects them); after a failed connect, fail
        // fast for a second instead of dialling on every call.
        this.topology = connect.flatMap(this::keepUnlessClosed).cache(t -> FOREVER, e -> RECONNECT_AFTER, () -> Duration.ZERO);
        this.shutdownClient = shutdownClient;
        this.admin = new KeyspaceAdmin(keys);
        this.near = new NearPrefixes(options.nearCacheBytes());
        this.generationTtl = ttl(Stream.of(options.aggregateEventsTtl(), options.snapshotsTtl(), options.sequencesTtl(), options.statsTtl())
                .max(Duration::compareTo).orElseThrow());
    }

    @Override
    public RedisCacheOptions options() {
        return options;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits on the connect that every call shares; the timeout ends this wait only, and the
     * attempt goes on ({@code cache} does not cancel its source when a subscriber leaves).
     */
    @Override
    public Mono<Void> connect() {
        return topology.then()
                .timeout(options.connectTimeout(), WheelTimeouts.SHARED)
                .onErrorMap(e -> RedisErrors.translate("connect", e));
    }

    @Override
    public Mono<List<RecordedEvent>> getAggregateEvents(StreamId stream) {
        Require.notNull("stream", stream);
        return run("getAggregateEvents", t -> t.commands().lrange(keys.events(stream), 0, -1).collectList()
                .flatMap(envelopes -> Mono.justOrEmpty(StoredPrefix.decode(envelopes))));
    }

    /** Reads as {@link #getAggregateEventsAndSequenceToFill} does, leaving the counter aside. */
    @Override
    public Mono<CachedPrefix> getAggregateEventsToFill(StreamId stream) {
        return getAggregateEventsAndSequenceToFill(stream).map(SequencedPrefix::prefix);
    }

    /**
     * Reads the stream's generation and counter ({@code MGET}) and the list ({@code LRANGE}), handed
     * to the connection that serves the stream's slot in one write ({@link PrefixRead}), the
     * generation first: Redis runs one connection's commands in the order they arrive, so the
     * ticket, the generation's token, is never taken after the read. Only when the stream has no
     * generation yet (its first read, or after an eviction or clear) is one opened
     * ({@link CacheScript#OPEN_FILL}) and the list read again, after it; the first list is then never
     * decoded. (Reading the list inside a script would be atomic too, but copying a list through Lua
     * tripled the server time of a 100-event read.)
     *
     * <p>When this instance decoded the stream before ({@link NearPrefixes}, {@link RedisCacheOptions#nearCacheBytes()}),
     * the list is read from that prefix's last element on: when Redis still holds that element under
     * the same generation, only the elements after it are decoded; otherwise the whole list is read
     * again, in a second round trip.
     */
    @Override
    public Mono<SequencedPrefix> getAggregateEventsAndSequenceToFill(StreamId stream) {
        Require.notNull("stream", stream);
        return run("getAggregateEvents", t -> {
            NearPrefixes.Entry known = near.get(stream);
            return known == null ? readPrefix(t, stream) : readAfter(t, stream, known);
        });
    }

    /**
     * Reads the stream's list from the kept prefix's last element on, and decodes only what follows
     * it when Redis confirms the prefix; otherwise drops it and reads the whole list.
     */
    private Mono<SequencedPrefix> readAfter(RedisTopology t, StreamId stream, NearPrefixes.Entry known) {
        return PrefixRead.send(t, keys.generation(stream), keys.sequence(stream), keys.events(stream), known.events().size() - 1)
                .flatMap(read -> {
                    String token = read.heads().get(0).getValueOrElse(null);
                    List<String> from = read.envelopes();
                    if (!known.generation().equals(token) || from.isEmpty() || !from.get(0).equals(known.lastEnvelope())) {
                        near.remove(stream);
                        return readPrefix(t, stream);
                    }
                    List<RecordedEvent> events = StoredPrefix.extend(known.events(), from.subList(1, from.size()));
                    if (from.size() > 1) {
                        remember(stream, token, events, from.get(from.size() - 1));
                    }
                    return Mono.just(sequenced(events, token, sequence(read)));
                });
    }

    /** Reads and decodes the stream's whole list, as described on {@link #getAggregateEventsAndSequenceToFill}. */
    private Mono<SequencedPrefix> readPrefix(RedisTopology t, StreamId stream) {
        String generation = keys.generation(stream);
        String events = keys.events(stream);
        return PrefixRead.send(t, generation, keys.sequence(stream), events, 0).flatMap(read -> {
            KeyValue<String, String> token = read.heads().get(0);
            if (token.hasValue()) {
                return Mono.just(prefix(stream, read.envelopes(), token.getValue(), sequence(read)));
            }
            return CacheScript.OPEN_FILL.<String>run(t.commands(), new String[] {generation}, newToken(), generationTtl)
                    .zipWith(t.commands().lrange(events, 0, -1).collectList(), (opened, again) -> prefix(stream, again, opened, sequence(read)));
        });
    }

    private static long sequence(PrefixRead read) {
        return read.heads().get(1).map(Long::parseLong).getValueOrElse(0L);
    }

    private SequencedPrefix prefix(StreamId stream, List<String> envelopes, String ticket, long sequence) {
        List<RecordedEvent> events = StoredPrefix.decode(envelopes).orElse(List.of());
        if (!events.isEmpty()) {
            remember(stream, ticket, events, envelopes.get(envelopes.size() - 1));
        }
        return sequenced(events, ticket, sequence);
    }

    private static SequencedPrefix sequenced(List<RecordedEvent> events, String ticket, long sequence) {
        return new SequencedPrefix(new CachedPrefix(events, new FillTicket(ticket)), sequence);
    }

    private void remember(StreamId stream, String generation, List<RecordedEvent> events, String lastEnvelope) {
        if (near.enabled()) {
            near.put(stream, generation, events, lastEnvelope);
        }
    }

    @Override
    public Mono<FillTicket> openFill(StreamId stream) {
        Require.notNull("stream", stream);
        return run("openFill", t -> CacheScript.OPEN_FILL.<String>run(t.commands(), new String[] {keys.generation(stream)},
                newToken(), generationTtl).map(FillTicket::new));
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix) {
        return putAggregateEvents(stream, prefix, FillTicket.UNFENCED);
    }

    @Override
    public Mono<Void> putAggregateEvents(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        Require.notNull("stream", stream);
        Require.notNull("prefix", prefix);
        Require.notNull("ticket", ticket);
        return run("putAggregateEvents", t -> Mono.justOrEmpty(putPrefix(stream, prefix, ticket)).flatMap(call -> call.run(t.commands())).then());
    }

    private Optional<ScriptCall> putPrefix(StreamId stream, List<RecordedEvent> prefix, FillTicket ticket) {
        if (!StoredPrefix.isPrefix(stream, prefix) || prefix.size() > options.maxCachedStreamLength()) {
            LOG.debug("Not caching {} events of {}: not a prefix 1..S or longer than the limit", prefix.size(), stream);
            return Optional.empty();
        }
        String[] args = StoredPrefix.withEnvelopes(new String[] {ticket.token(), generationTtl, ttl(options.aggregateEventsTtl())}, prefix);
        return Optional.of(new ScriptCall(CacheScript.PUT_PREFIX, fenced(keys.events(stream), stream), args));
    }

    @Override
    public Mono<Void> appendAggregateEvents(StreamId stream, List<RecordedEvent> appended) {
        Require.notNull("stream", stream);
        Require.notNull("appended", appended);
        return run("appendAggregateEvents", t -> {
            if (!StoredPrefix.isRun(stream, appended)) {
                return Mono.empty();
            }
            String[] head = {FillTicket.UNFENCED.token(), generationTtl, ttl(options.aggregateEventsTtl()),
                    Long.toString(appended.get(0).sequenceNumber()), Integer.toString(options.maxCachedStreamLength())};
            String[] args = StoredPrefix.withEnvelopes(head, appended);
            return CacheScript.APPEND.<Long>run(t.commands(), fenced(keys.events(stream), stream), args).then();
        });
    }

    @Override
    public Mono<RecordedEvent> getEvent(UUID eventId) {
        Require.notNull("eventId", eventId);
        return run("getEvent", t -> t.commands().get(keys.event(eventId)).filter(value -> !EVICTED_EVENT.equals(value)).map(EventEnvelope::decode));
    }

    @Override
    public Mono<Void> putEvents(List<RecordedEvent> events) {
        Require.notNull("events", events);
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return run("putEvents", t -> t.pipelined(commands -> {
            // NX: an event already cached is the same event, and an evicted one holds its tombstone
            SetArgs px = SetArgs.Builder.px(options.eventsTtl().toMillis()).nx();
            return events.stream().map(e -> commands.set(keys.event(e.id()), EventEnvelope.encode(e), px)).toList();
        }));
    }

    @Override
    public Mono<Snapshot> getLatestSnapshot(StreamId stream) {
        Require.notNull("stream", stream);
        return run("getLatestSnapshot", t -> t.commands().hget(keys.snapshot(stream), "d").map(SnapshotEnvelope::decode));
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot) {
        return putLatestSnapshot(snapshot, FillTicket.UNFENCED);
    }

    @Override
    public Mono<Void> putLatestSnapshot(Snapshot snapshot, FillTicket ticket) {
        Require.notNull("snapshot", snapshot);
        Require.notNull("ticket", ticket);
        return run("putLatestSnapshot", t -> putSnapshot(snapshot, ticket).run(t.commands()).then());
    }

    private ScriptCall putSnapshot(Snapshot snapshot, FillTicket ticket) {
        return new ScriptCall(CacheScript.PUT_IF_NOT_OLDER, fenced(keys.snapshot(snapshot.stream()), snapshot.stream()), new String[] {
                ticket.token(), generationTtl, ttl(options.snapshotsTtl()), Long.toString(snapshot.sequenceNumber()),
                SnapshotEnvelope.encode(snapshot)});
    }

    @Override
    public Mono<Long> getSequence(StreamId stream) {
        Require.notNull("stream", stream);
        return run("getSequence", t -> t.commands().get(keys.sequence(stream)).map(Long::parseLong));
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence) {
        Require.notNull("stream", stream);
        Require.notNegative("sequence", sequence);
        return putSequence(stream, sequence, FillTicket.UNFENCED);
    }

    @Override
    public Mono<Void> putSequence(StreamId stream, long sequence, FillTicket ticket) {
        Require.notNull("stream", stream);
        Require.notNegative("sequence", sequence);
        Require.notNull("ticket", ticket);
        return run("putSequence", t -> putCounter(stream, sequence, ticket).run(t.commands()).then());
    }

    private ScriptCall putCounter(StreamId stream, long sequence, FillTicket ticket) {
        return new ScriptCall(CacheScript.PUT_MAX, fenced(keys.sequence(stream), stream),
                new String[] {ticket.token(), generationTtl, ttl(options.sequencesTtl()), Long.toString(sequence)});
    }

    /**
     * Sends the whole batch as one pipeline on the manually flushed connection: one flush, one
     * round trip.
     */
    @Override
    public Mono<Void> putFills(List<CacheFill> fills) {
        Require.notNull("fills", fills);
        if (fills.isEmpty()) {
            return Mono.empty();
        }
        return run("putFills", t -> {
            List<ScriptCall> calls = new ArrayList<>(fills.size() * 3);
            for (CacheFill fill : fills) {
                putPrefix(fill.stream(), fill.prefix(), fill.ticket()).ifPresent(calls::add);
                if (fill.snapshot() != null) {
                    calls.add(putSnapshot(fill.snapshot(), fill.ticket()));
                }
                if (fill.sequence() > 0) {
                    calls.add(putCounter(fill.stream(), fill.sequence(), fill.ticket()));
                }
            }
            return t.pipelined(pipeline -> calls.stream().map(call -> call.issue(pipeline, t.commands())).toList());
        });
    }

    @Override
    public Mono<AggregateStats> getStats(StreamId stream) {
        Require.notNull("stream", stream);
        return run("getStats", t -> t.commands().hget(keys.stats(stream), "d").map(StatsEnvelope::decode));
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats) {
        return putStats(stats, FillTicket.UNFENCED);
    }

    @Override
    public Mono<Void> putStats(AggregateStats stats, FillTicket ticket) {
        Require.notNull("stats", stats);
        Require.notNull("ticket", ticket);
        return run("putStats", t -> CacheScript.PUT_IF_NOT_OLDER.<Long>run(t.commands(), fenced(keys.stats(stats.stream()), stats.stream()),
                ticket.token(), generationTtl, ttl(options.statsTtl()), Long.toString(stats.lastSequence()), StatsEnvelope.encode(stats)).then());
    }

    /** Unlinks the stream's keys and its generation in one command: fills with an older ticket are refused from then on. */
    @Override
    public Mono<Void> evictAggregate(StreamId stream) {
        Require.notNull("stream", stream);
        return run("evictAggregate", t -> t.commands().unlink(keys.all(stream)).then(Mono.fromRunnable(() -> near.remove(stream))));
    }

    /**
     * Overwrites each event's key with a tombstone that lives as long as the event's entry would
     * ({@code eventsTtl}, at least a minute), in one pipeline (on Cluster the keys
     * lie in different slots): {@link #putEvents} writes only absent keys, so a fill that read the event
     * before it was removed cannot bring it back, and {@link #getEvent} reads the tombstone as a miss.
     * The key holds the tombstone itself, so the fence needs no second key and no cross-slot script.
     */
    @Override
    public Mono<Void> evictEvents(Collection<UUID> eventIds) {
        Require.notNull("eventIds", eventIds);
        if (eventIds.isEmpty()) {
            return Mono.empty();
        }
        SetArgs px = SetArgs.Builder.px(Math.max(options.eventsTtl().toMillis(), EVICTED_EVENT_MIN_TTL.toMillis()));
        return run("evictEvents", t -> t.pipelined(commands -> eventIds.stream().map(id -> commands.set(keys.event(id), EVICTED_EVENT, px)).toList()));
    }

    @Override
    public Mono<Void> clear() {
        return run("clear", admin::clear).then(Mono.fromRunnable(near::clear));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code GET} of {@code <prefix>epoch}.
     */
    @Override
    public Mono<String> epoch() {
        return run("epoch", t -> t.commands().get(keys.epoch()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code SET <prefix>epoch NX}; when the key exists, one {@code GET} compares it.
     */
    @Override
    public Mono<Boolean> recordEpoch(String epoch) {
        Require.notNull("epoch", epoch);
        return run("recordEpoch", t -> t.commands().set(keys.epoch(), epoch, SetArgs.Builder.nx())
                .map(ok -> Boolean.TRUE)
                .switchIfEmpty(Mono.defer(() -> t.commands().get(keys.epoch()).map(epoch::equals).defaultIfEmpty(Boolean.FALSE))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Clears as {@link #clear()} does (SCAN and UNLINK, every stream's {@code …:gen} included),
     * then {@code SET}s {@code <prefix>epoch} without expiry. When the
     * clear fails the epoch is not recorded, so the next read tries again.
     */
    @Override
    public Mono<Void> changeEpoch(String epoch) {
        Require.notNull("epoch", epoch);
        return clear().then(run("changeEpoch", t -> t.commands().set(keys.epoch(), epoch)).then());
    }

    @Override
    public Mono<CacheStats> stats() {
        return run("stats", admin::stats);
    }

    /** {@inheritDoc} A wheel timer with 1 ms ticks ({@link WheelTimeouts}), cheaper than the parallel scheduler's. */
    @Override
    public Scheduler timeoutScheduler() {
        return WheelTimeouts.SHARED;
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            closed = true;
            near.clear();
            return closeConnections();
        }).then(Mono.defer(shutdownClient));
    }

    /**
     * Keeps what a connect opened, unless the cache was closed meanwhile: a close that ran while the
     * connect was under way found nothing to close, so the connections are closed here, and with a
     * client the user owns (which close leaves open) they would otherwise stay open for good.
     */
    private Mono<RedisTopology> keepUnlessClosed(RedisTopology opened) {
        connected.set(opened);
        if (!closed) {
            return Mono.just(opened);
        }
        return closeConnections().then(Mono.error(new StorageException("the Redis cache is closed", null, false)));
    }

    private Mono<Void> closeConnections() {
        RedisTopology open = connected.getAndSet(null);
        return open == null ? Mono.empty() : open.close().onErrorResume(e -> Mono.empty());
    }

    private <T> Mono<T> run(String operation, Function<RedisTopology, Mono<T>> call) {
        return topology.flatMap(call).onErrorMap(e -> RedisErrors.translate(operation, e));
    }

    private String[] fenced(String key, StreamId stream) {
        return new String[] {key, keys.generation(stream)};
    }

    /** @return a fresh generation token: 128 random bits, so a re-created generation never repeats an old one */
    private static String newToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private static String ttl(Duration ttl) {
        return Long.toString(ttl.toMillis());
    }
}
