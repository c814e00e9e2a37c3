package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.StorageException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.spi.AppendRequest;
import io.r2dbc.spi.Readable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events with one statement ({@link AppendSql#appendOneEvent} for a single event,
 * {@link AppendSql#append} for a batch), which returns only what the server generates, completes the
 * recorded events from the request, and resolves what an empty
 * result or a duplicate event id means: an idempotent retry, a concurrency conflict or a
 * duplicate.
 */
final class R2dbcEventAppender {

    private final R2dbcSql sql;
    private final SchemaName schema;
    private final String appendAny;
    private final String appendExpected;
    private final String appendOneAny;
    private final String appendOneExpected;
    private final String groupStatement;

    R2dbcEventAppender(R2dbcSql sql, SchemaName schema) {
        this.sql = sql;
        this.schema = schema;
        this.appendAny = AppendSql.append(schema, false);
        this.appendExpected = AppendSql.append(schema, true);
        this.appendOneAny = AppendSql.appendOneEvent(schema, false);
        this.appendOneExpected = AppendSql.appendOneEvent(schema, true);
        this.groupStatement = AppendSql.appendGroup(schema);
    }

    Flux<RecordedEvent> append(AppendRequest request) {
        boolean oneEvent = request.events().size() == 1;
        String statement = statementFor(oneEvent, request.expectedVersion().isAny());
        return Mono.fromCallable(() -> oneEvent ? oneEventArguments(request) : batchArguments(request))
                .flatMapMany(args -> sql.select(statement, args, oneEvent ? R2dbcEventAppender::generatedOfOne : R2dbcEventAppender::generated))
                .collectList()
                .flatMap(stored -> stored.isEmpty() ? resolveStored(request, null) : Mono.just(written(request, stored)))
                .onErrorResume(PostgresErrors::isDuplicateEventId, error -> resolveStored(request, error))
                .flatMapIterable(Function.identity());
    }

    /**
     * Appends a coalesced group in one statement ({@link AppendSql#appendGroup}) and gives each request its own outcome,
     * exactly as if it had been appended alone: its events, or its own conflict, duplicate or idempotent-retry result,
     * resolved for that request only. If the statement fails on a unique violation (a duplicate event id in one
     * request), nothing of the group was written, and every request is appended again on its own, so only the
     * duplicate's caller fails. Any other failure is every request's (nothing or everything of the group committed;
     * a retry with the same event ids is idempotent either way). The streams of the requests must be disjoint.
     *
     * @param requests the group, at least two
     * @return each request's outcome, in order; never errors itself
     */
    Mono<List<Outcome>> appendGroup(List<AppendRequest> requests) {
        List<Object> arguments;
        try {
            arguments = groupArguments(requests);
        } catch (RuntimeException invalid) {
            // a payload jsonb cannot hold is its own caller's error: each request goes alone and meets its own
            return eachAlone(requests);
        }
        return sql.select(groupStatement, arguments, R2dbcEventAppender::generated)
                .collectList()
                .flatMap(stored -> {
                    Map<UUID, Generated> byId = new HashMap<>();
                    for (Generated generated : stored) {
                        byId.put(generated.id(), generated);
                    }
                    return Flux.fromIterable(requests).concatMap(request -> outcome(request, byId)).collectList();
                })
                .onErrorResume(error -> PostgresErrors.isDuplicateEventId(error) || PostgresErrors.violates(error, PostgresErrors.STREAM_SEQUENCE_CONSTRAINT),
                        error -> eachAlone(requests))
                .onErrorResume(error -> Mono.just(requests.stream().map(request -> Outcome.failed(error)).toList()));
    }

    /** Appends each request of a group that could not go as one, one after the other, each with its own outcome. */
    private Mono<List<Outcome>> eachAlone(List<AppendRequest> requests) {
        return Flux.fromIterable(requests)
                .concatMap(request -> append(request).collectList().map(Outcome::written).onErrorResume(e -> Mono.just(Outcome.failed(e))))
                .collectList();
    }

    /** One request's result within a group: its recorded events, or its error. */
    record Outcome(@Nullable List<RecordedEvent> events, @Nullable Throwable error) {

        static Outcome written(List<RecordedEvent> events) {
            return new Outcome(events, null);
        }

        static Outcome failed(Throwable error) {
            return new Outcome(null, error);
        }
    }

    private Mono<Outcome> outcome(AppendRequest request, Map<UUID, Generated> byId) {
        List<Generated> own = new ArrayList<>(request.events().size());
        for (NewEvent event : request.events()) {
            Generated generated = byId.get(event.eventId());
            if (generated != null) {
                own.add(generated);
            }
        }
        Mono<List<RecordedEvent>> result;
        if (own.isEmpty()) {
            result = resolveStored(request, null);
        } else if (own.size() == request.events().size()) {
            result = Mono.fromCallable(() -> written(request, own));
        } else {
            result = Mono.error(new StorageException("a coalesced append wrote " + own.size() + " of " + request.events().size()
                    + " events of one request", null, false));
        }
        return result.map(Outcome::written).onErrorResume(e -> Mono.just(Outcome.failed(e)));
    }

    /** The parameters of {@link AppendSql#appendGroup}: the requests' events as one batch, each with its request's expected version. */
    private static List<Object> groupArguments(List<AppendRequest> requests) {
        List<NewEvent> events = new ArrayList<>();
        List<Integer> places = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (AppendRequest request : requests) {
            events.addAll(request.events());
            places.addAll(List.of(placesInStream(request.events())));
            Long version = request.expectedVersion().isAny() ? null : request.expectedVersion().value();
            for (int i = 0; i < request.events().size(); i++) {
                expected.add(version);
            }
        }
        List<Object> args = batchArguments(events);
        args.set(8, places.toArray(Integer[]::new));
        args.add(expected.toArray(Long[]::new));
        return args;
    }

    /**
     * What the server generated for one stored event ({@link AppendSql#GENERATED_COLUMNS}).
     *
     * @param id the event's id, or {@code null} from the single-event statement, which does not return it
     */
    private record Generated(@Nullable UUID id, long sequenceNumber, long createdAtMicros, String transactionId, long globalPosition) {

        RecordedEvent of(NewEvent event) {
            return new RecordedEvent(event.eventId(), event.type(), event.stream(), sequenceNumber, event.version(), event.payload(),
                    event.metadata(), EventRowMapper.createdAt(createdAtMicros), event.createdBy(),
                    Position.of(EventRowMapper.transactionId(transactionId), globalPosition));
        }
    }

    private static Generated generatedOfOne(Readable row) {
        return generated(row, null, AppendSql.GENERATED_SEQUENCE);
    }

    private static Generated generated(Readable row) {
        return generated(row, Objects.requireNonNull(row.get(0, UUID.class), "id"), AppendSql.GENERATED_SEQUENCE + 1);
    }

    private static Generated generated(Readable row, @Nullable UUID id, int from) {
        return new Generated(id, Objects.requireNonNull(row.get(from, Long.class), "sequence_number"),
                Objects.requireNonNull(row.get(from + 1, Long.class), "created_at_micros"),
                Objects.requireNonNull(row.get(from + 2, String.class), "transaction_id_text"),
                Objects.requireNonNull(row.get(from + 3, Long.class), "global_position"));
    }

    /** A single event takes the scalar statement (pgbench: about 1.3 times the array statement's rate). */
    private String statementFor(boolean oneEvent, boolean any) {
        if (oneEvent) {
            return any ? appendOneAny : appendOneExpected;
        }
        return any ? appendAny : appendExpected;
    }

    /**
     * The recorded events of a written request: each event as the caller sent it, with what the server generated. The
     * payload and metadata are the caller's {@code Json}, equal to what a read returns, though their text may be laid
     * out differently from PostgreSQL's {@code jsonb} output.
     */
    private static List<RecordedEvent> written(AppendRequest request, List<Generated> stored) {
        List<NewEvent> events = request.events();
        if (stored.size() != events.size()) {
            throw new StorageException("the append returned " + stored.size() + " rows for " + events.size() + " events", null, false);
        }
        List<RecordedEvent> recorded = new ArrayList<>(events.size());
        if (stored.size() == 1 || sameIds(events, stored)) {
            for (int i = 0; i < events.size(); i++) {
                recorded.add(stored.get(i).of(events.get(i)));
            }
            return recorded;
        }
        Map<UUID, Generated> byId = new HashMap<>();
        for (Generated generated : stored) {
            byId.put(generated.id(), generated);
        }
        for (NewEvent event : events) {
            recorded.add(Objects.requireNonNull(byId.get(event.eventId()), "no row returned for event " + event.eventId()).of(event));
        }
        return recorded;
    }

    /** True for what the batch statement returns ({@code ORDER BY i.ord}): spares building a map per batch. */
    private static boolean sameIds(List<NewEvent> events, List<Generated> stored) {
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).eventId().equals(stored.get(i).id())) {
                return false;
            }
        }
        return true;
    }

    private Mono<List<RecordedEvent>> resolveStored(AppendRequest request, @Nullable Throwable cause) {
        String[] ids = request.events().stream().map(event -> String.valueOf(event.eventId())).toArray(String[]::new);
        return sql.select(AppendSql.findByIds(schema), List.<Object>of((Object) ids), EventRowMapper::map)
                .collectList()
                .flatMap(stored -> {
                    Map<UUID, RecordedEvent> byId = stored.stream().collect(Collectors.toMap(RecordedEvent::id, e -> e));
                    return request.retriedAs(byId::get).map(Mono::just).orElseGet(() -> conflictOrError(request, cause));
                });
    }

    private Mono<List<RecordedEvent>> conflictOrError(AppendRequest request, @Nullable Throwable cause) {
        if (cause != null) {
            return Mono.error(cause);
        }
        ExpectedVersion expected = request.expectedVersion();
        StreamId stream = request.events().get(0).stream();
        return sql.select(AppendSql.currentSequence(schema), List.of(stream.aggregateId(), stream.aggregateType()),
                        row -> row.get(0, Long.class))
                .next()
                .defaultIfEmpty(0L)
                .flatMap(actual -> expected.isAny()
                        ? Mono.error(new StorageException("append wrote nothing", null, false))
                        : Mono.error(PostgresErrors.conflict(stream, expected.value(), actual)));
    }

    /** The parameters of {@link AppendSql#appendOneEvent}: the event's fields as scalars. */
    private static List<Object> oneEventArguments(AppendRequest request) {
        NewEvent event = request.events().get(0);
        List<Object> args = new ArrayList<>(9);
        args.add(String.valueOf(event.eventId()));
        args.add(event.type());
        args.add(event.aggregateId());
        args.add(event.aggregateType());
        args.add(event.version());
        args.add(event.payload().text());
        args.add(event.metadata().text());
        args.add(event.createdBy());
        addExpectedVersion(request, args);
        return args;
    }

    /** The parameters of {@link AppendSql#append}: one array per column. */
    private static List<Object> batchArguments(AppendRequest request) {
        List<Object> args = batchArguments(request.events());
        addExpectedVersion(request, args);
        return args;
    }

    /** The parameters of {@link AppendSql#append}, {@code $1..$9}, mutable. */
    static List<Object> batchArguments(List<NewEvent> events) {
        int n = events.size();
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] aggregateIds = new String[n];
        String[] aggregateTypes = new String[n];
        Integer[] versions = new Integer[n];
        String[] createdBy = new String[n];
        Integer[] places = placesInStream(events);
        for (int i = 0; i < n; i++) {
            NewEvent event = events.get(i);
            ids[i] = String.valueOf(event.eventId());
            types[i] = event.type();
            aggregateIds[i] = event.aggregateId();
            aggregateTypes[i] = event.aggregateType();
            versions[i] = event.version();
            createdBy[i] = event.createdBy();
        }
        return new ArrayList<>(List.of(ids, types, aggregateIds, aggregateTypes, versions, jsonArray(events, NewEvent::payload),
                jsonArray(events, NewEvent::metadata), createdBy, places));
    }

    /** @return one column's JSON texts joined into a JSON array; each text is valid JSON, so nothing is escaped */
    private static String jsonArray(List<NewEvent> events, Function<NewEvent, Json> column) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        events.forEach(event -> array.add(column.apply(event).text()));
        return array.toString();
    }

    /** @return each event's place among the events of its own stream in the batch, from 1 */
    private static Integer[] placesInStream(List<NewEvent> events) {
        Integer[] places = new Integer[events.size()];
        StreamId first = events.get(0).stream();
        Map<StreamId, Integer> seen = null;
        for (int i = 0; i < places.length; i++) {
            StreamId stream = events.get(i).stream();
            if (seen == null && stream.equals(first)) {
                places[i] = i + 1;
                continue;
            }
            if (seen == null) {
                seen = new HashMap<>();
                seen.put(first, i);
            }
            places[i] = seen.merge(stream, 1, Integer::sum);
        }
        return places;
    }

    private static void addExpectedVersion(AppendRequest request, List<Object> args) {
        if (!request.expectedVersion().isAny()) {
            args.add(request.expectedVersion().value());
        }
    }
}
