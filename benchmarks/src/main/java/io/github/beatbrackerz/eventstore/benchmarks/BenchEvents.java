package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events every benchmark writes: a JSONB payload of about 120 bytes (as DESIGN.md's
 * measurements), small metadata, one aggregate type. Library and baseline get the very same
 * {@link NewEvent}s.
 */
public final class BenchEvents {

    /** The aggregate type of every benchmark event. */
    public static final String AGGREGATE_TYPE = "Cart";
    /** The event type of every benchmark event. */
    public static final String TYPE = "ItemAdded";
    /** The payload text (about 120 bytes). */
    public static final String PAYLOAD =
            "{\"sku\":\"SKU-000123\",\"quantity\":3,\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"note\":\"benchmark payload, ~120 bytes\"}";
    /** The metadata text. */
    public static final String METADATA = "{\"correlationId\":\"c-42\",\"ip\":\"10.0.0.1\"}";

    private static final Json PAYLOAD_JSON = Json.parse(PAYLOAD);
    private static final Json METADATA_JSON = Json.parse(METADATA);

    private BenchEvents() {
    }

    /**
     * @param aggregateId the stream's aggregate id
     * @return a new event with a fresh id
     */
    public static NewEvent event(String aggregateId) {
        return event(aggregateId, AGGREGATE_TYPE);
    }

    /**
     * @param aggregateId the stream's aggregate id
     * @param aggregateType the stream's aggregate type
     * @return a new event with a fresh id
     */
    public static NewEvent event(String aggregateId, String aggregateType) {
        return new NewEvent(UUID.randomUUID(), TYPE, StreamId.of(aggregateId, aggregateType), "bench", PAYLOAD_JSON, METADATA_JSON, 1);
    }

    /**
     * @param aggregateId the stream's aggregate id
     * @param count how many
     * @return new events of one stream
     */
    public static List<NewEvent> batch(String aggregateId, int count) {
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(event(aggregateId));
        }
        return events;
    }

    /** @return a fresh aggregate id */
    public static String newAggregateId() {
        return "cart-" + UUID.randomUUID();
    }

    /**
     * SQL that bulk-loads events server-side (for large tables, where appending through a client
     * would dominate the run): aggregates {@code agg-<n>} of {@code perAggregate} events, numbered
     * from {@code from} (inclusive) to {@code to} (exclusive), and their counters.
     *
     * @param schema the schema
     * @param from the first event number
     * @param to the end event number
     * @param perAggregate events per aggregate
     * @return the statements
     */
    public static String seedSql(String schema, long from, long to, int perAggregate) {
        return "INSERT INTO " + schema + ".events (id, type, aggregate_id, aggregate_type, sequence_number, version, payload, metadata, created_by)"
                + " SELECT gen_random_uuid(), '" + TYPE + "', 'agg-' || (g / " + perAggregate + "), '" + AGGREGATE_TYPE + "', (g % " + perAggregate + ") + 1, 1,"
                + " '" + PAYLOAD + "'::jsonb, '" + METADATA + "'::jsonb, 'bench' FROM generate_series(" + from + ", " + (to - 1) + ") g;"
                + " INSERT INTO " + schema + ".aggregate_sequences (aggregate_id, aggregate_type, last_sequence)"
                + " SELECT 'agg-' || (g / " + perAggregate + "), '" + AGGREGATE_TYPE + "', max((g % " + perAggregate + ") + 1)"
                + " FROM generate_series(" + from + ", " + (to - 1) + ") g GROUP BY 1"
                + " ON CONFLICT (aggregate_id, aggregate_type) DO UPDATE SET last_sequence = GREATEST(aggregate_sequences.last_sequence, EXCLUDED.last_sequence);"
                + " ANALYZE " + schema + ".events; ANALYZE " + schema + ".aggregate_sequences";
    }
}
