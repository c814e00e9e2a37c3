package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.r2dbc.internal.EventRowMapper;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The append statement's alternatives (issue 15, item 3), measured on raw R2DBC in the same run, interleaved: the
 * statements the library used until 2026-12-03 (about 1 kB of SQL each, returning every column), the same statements
 * returning only what the server generates (what the library uses since), and calls of server-side PL/pgSQL functions
 * with the same bodies ({@code append-functions.sql}, installed in the probe's schema; about 150 bytes of SQL a call,
 * returning only generated columns). Single events with 16 callers and one caller's latency; batches of 100 with one
 * caller. Each side decodes what it gets back as the library would: every column with {@link EventRowMapper}, or only
 * the generated ones. Batches also in the form the library uses since 2026-12-04: payloads and metadata as one JSON
 * array each instead of {@code text[]}. Selected with {@code --only statements}; not part of the default set.
 */
final class StatementScenario {

    private static final String GENERATED = "sequence_number, (extract(epoch FROM created_at - TIMESTAMPTZ '2000-01-01 00:00:00+00') * 1000000)::int8,"
            + " transaction_id::text, global_position";

    private StatementScenario() {
    }

    /** The generated columns of one appended event. */
    record Generated(long sequence, long createdAtMicros, String transactionId, long globalPosition) {
    }

    static List<Row> run(BenchServers servers, BenchSettings settings) {
        String schema = servers.newSchema("stmt");
        servers.execute(functions(schema)).block(Duration.ofMinutes(1));
        ConnectionFactory pool = servers.pool();
        String oneBefore = oneEventCte(schema) + " RETURNING " + EventRowMapper.COLUMNS;
        String oneGenerated = oneEventCte(schema) + " RETURNING " + GENERATED;
        String oneFunction = "SELECT * FROM " + schema + ".eventstore_append_one($1::uuid, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, NULL)";
        String batchBefore = batchCte(schema) + " RETURNING " + EventRowMapper.COLUMNS;
        String batchGenerated = batchCte(schema) + " RETURNING id, " + GENERATED;
        String batchFunction = "SELECT * FROM " + schema + ".eventstore_append($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int4[],"
                + " $6::text[], $7::text[], $8::text[], $9::int4[], NULL)";
        List<Row> rows = new ArrayList<>();
        double[] single = Measure.medianThroughputs(16, settings.warmup(), settings.round(), settings.axonRounds(),
                Measure.reactive(() -> one(pool, oneBefore, EventRowMapper::map)),
                Measure.reactive(() -> one(pool, oneGenerated, StatementScenario::generated)),
                Measure.reactive(() -> one(pool, oneFunction, StatementScenario::generated)));
        rows.addAll(rows("single-event append, 16 callers", "events/s", single, false));
        Measure.Percentiles[] latency = Measure.latency(settings.warmup(), settings.readSamples(),
                () -> one(pool, oneBefore, EventRowMapper::map),
                () -> one(pool, oneGenerated, StatementScenario::generated),
                () -> one(pool, oneFunction, StatementScenario::generated));
        rows.addAll(rows("single-event append, 1 caller", "p50 ms", new double[] {latency[0].p50(), latency[1].p50(), latency[2].p50()}, true));
        String batchJsonArrays = batchGenerated.replace("unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::int4[])",
                        "ROWS FROM (unnest($1::uuid[]), unnest($2::text[]), unnest($3::text[]), unnest($4::text[]), unnest($5::int4[]),"
                                + " jsonb_array_elements($6::jsonb), jsonb_array_elements($7::jsonb), unnest($8::text[]), unnest($9::int4[]))")
                .replace("i.payload::jsonb, i.metadata::jsonb", "i.payload, i.metadata");
        if (!batchJsonArrays.contains("jsonb_array_elements") || batchJsonArrays.contains("i.payload::jsonb")) {
            throw new IllegalStateException("the JSON-array form was not derived from the batch statement: it would measure the same statement twice");
        }
        double[] batch = Measure.medianThroughputs(1, settings.warmup(), settings.round(), settings.axonRounds(),
                Measure.reactive(() -> batch(pool, batchBefore, EventRowMapper::map, false)),
                Measure.reactive(() -> batch(pool, batchGenerated, StatementScenario::generatedWithId, false)),
                Measure.reactive(() -> batch(pool, batchFunction, StatementScenario::generatedWithId, false)),
                Measure.reactive(() -> batch(pool, batchJsonArrays, StatementScenario::generatedWithId, true)));
        rows.addAll(rows("batch append, 100 events/call, 1 caller", "events/s", batch, false));
        rows.add(Row.info("append statement: batch append, 100 events/call, 1 caller, payloads as one JSON array (baseline: text[] payloads)",
                "events/s", batch[3], batch[1], batch[3] / batch[1]));
        return rows;
    }

    /** @return the SQL that creates the functions of {@code append-functions.sql} in {@code schema} */
    private static String functions(String schema) {
        try (InputStream in = StatementScenario.class.getClassLoader().getResourceAsStream("append-functions.sql")) {
            if (in == null) {
                throw new IllegalStateException("append-functions.sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${schema}", schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> rows(String workload, String metric, double[] f, boolean latency) {
        String prefix = "append statement: " + workload;
        return List.of(
                Row.info(prefix + ", generated columns only (baseline: the statement before)", metric, f[1], f[0], latency ? f[0] / f[1] : f[1] / f[0]),
                Row.info(prefix + ", server-side function (baseline: the statement before)", metric, f[2], f[0], latency ? f[0] / f[2] : f[2] / f[0]));
    }

    /** The single-event statement the library used until 2026-12-03 ({@code AppendSql.appendOneEvent}, any version), before its RETURNING. */
    private static String oneEventCte(String schema) {
        return "WITH locked AS (SELECT pg_advisory_xact_lock(hashtextextended($4::text || chr(31) || $3::text, 0))),"
                + " reserved AS (INSERT INTO " + schema + ".aggregate_sequences AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT $3, $4, 1 FROM locked"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + 1"
                + " RETURNING a.last_sequence)"
                + " INSERT INTO " + schema + ".events"
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT $1::uuid, $2, $3, $4, r.last_sequence, $5::int4, $6::jsonb, $7::jsonb, $8 FROM reserved r";
    }

    /** The batch statement the library used until 2026-12-03 ({@code AppendSql.append}, any version), before its RETURNING. */
    private static String batchCte(String schema) {
        return "WITH input AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], $9::int4[])"
                + " WITH ORDINALITY AS i(id, type, aggregate_id, aggregate_type, version, payload, metadata, created_by, nth, ord)),"
                + " counts AS (SELECT aggregate_id, aggregate_type, count(*) AS n FROM input GROUP BY aggregate_id, aggregate_type),"
                + " locked AS (SELECT count(*) AS streams FROM (SELECT pg_advisory_xact_lock(hashtextextended(aggregate_type || chr(31) || aggregate_id, 0))"
                + " FROM (SELECT aggregate_type, aggregate_id FROM counts ORDER BY aggregate_type, aggregate_id) s) l),"
                + " reserved AS (INSERT INTO " + schema + ".aggregate_sequences AS a (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT c.aggregate_id, c.aggregate_type, c.n FROM counts c CROSS JOIN locked"
                + " ORDER BY c.aggregate_type, c.aggregate_id"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = a.last_sequence + EXCLUDED.last_sequence"
                + " RETURNING a.aggregate_id, a.aggregate_type::text AS aggregate_type, a.last_sequence)"
                + " INSERT INTO " + schema + ".events"
                + " (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT i.id, i.type, i.aggregate_id, i.aggregate_type, r.last_sequence - c.n + i.nth,"
                + " i.version, i.payload::jsonb, i.metadata::jsonb, i.created_by"
                + " FROM input i JOIN counts c USING (aggregate_id, aggregate_type) JOIN reserved r USING (aggregate_id, aggregate_type)"
                + " ORDER BY i.ord";
    }

    private static Generated generated(Readable row) {
        return new Generated(row.get(0, Long.class), row.get(1, Long.class), row.get(2, String.class), row.get(3, Long.class));
    }

    private static Generated generatedWithId(Readable row) {
        row.get(0, UUID.class);
        return new Generated(row.get(1, Long.class), row.get(2, Long.class), row.get(3, String.class), row.get(4, Long.class));
    }

    private static Mono<Integer> one(ConnectionFactory pool, String sql, Function<Readable, ?> mapper) {
        NewEvent e = BenchEvents.event(BenchEvents.newAggregateId());
        return rows(pool, c -> c.createStatement(sql).bind(0, String.valueOf(e.eventId())).bind(1, e.type()).bind(2, e.aggregateId())
                .bind(3, e.aggregateType()).bind(4, e.version()).bind(5, e.payload().text()).bind(6, e.metadata().text()).bind(7, e.createdBy()), mapper);
    }

    /** @param jsonArrays whether payloads and metadata go as one JSON array text each (the library since stop 25) instead of {@code text[]} */
    private static Mono<Integer> batch(ConnectionFactory pool, String sql, Function<Readable, ?> mapper, boolean jsonArrays) {
        List<NewEvent> events = BenchEvents.batch(BenchEvents.newAggregateId(), 100);
        BatchColumns b = BatchColumns.of(events);
        Object payloads = jsonArrays ? "[" + String.join(",", b.payloads()) + "]" : b.payloads();
        Object metadata = jsonArrays ? "[" + String.join(",", b.metadata()) + "]" : b.metadata();
        Integer[] nths = new Integer[events.size()];
        for (int i = 0; i < nths.length; i++) {
            nths[i] = i + 1;
        }
        return rows(pool, c -> c.createStatement(sql).bind(0, b.ids()).bind(1, b.types()).bind(2, b.aggregateIds()).bind(3, b.aggregateTypes())
                .bind(4, b.versions()).bind(5, payloads).bind(6, metadata).bind(7, b.createdBy()).bind(8, nths), mapper);
    }

    private static Mono<Integer> rows(ConnectionFactory pool, Function<Connection, Statement> statement, Function<Readable, ?> mapper) {
        return Flux.usingWhen(pool.create(),
                        c -> Flux.from(statement.apply(c).execute()).concatMap(result -> result.map(mapper::apply)),
                        Connection::close)
                .count().map(Long::intValue);
    }
}
