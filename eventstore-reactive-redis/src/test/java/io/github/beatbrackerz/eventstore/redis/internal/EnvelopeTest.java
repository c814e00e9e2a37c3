package io.github.beatbrackerz.eventstore.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class EnvelopeTest {

    private static final StreamId STREAM = StreamId.of("id \"with\" {braces} ü 🎉", "type:with:colons");

    private static RecordedEvent event(String payload, String metadata) {
        return new RecordedEvent(UUID.randomUUID(), "Type \"x\"", STREAM, 42, 3, Json.trusted(payload), Json.trusted(metadata),
                Instant.parse("2026-01-02T03:04:05.123456789Z"), "user \\ \"me\"", Position.of(Long.MAX_VALUE - 1, 99));
    }

    @Test
    void eventRoundTripsExactlyKeepingPayloadTextAsStored() {
        RecordedEvent event = event("{ \"a\" : [1, 2.50, \"}\\\",\\\"m\\\":{\"] ,\"n\":null }", "{\"ip\":\"::1\"}");
        RecordedEvent decoded = EventEnvelope.decode(EventEnvelope.encode(event));
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.payload().text()).isEqualTo(event.payload().text());
        assertThat(decoded.metadata().text()).isEqualTo(event.metadata().text());
        assertThat(decoded.createdAt()).isEqualTo(event.createdAt());
        assertThat(decoded.position()).isEqualTo(event.position());
    }

    @Test
    void creationTimeRoundTripsToTheNanosecondAsTwoNumbers() {
        for (Instant createdAt : new Instant[] {Instant.parse("2026-01-02T03:04:05.000000001Z"),
                Instant.parse("2026-01-02T03:04:05.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"), Instant.EPOCH}) {
            RecordedEvent event = new RecordedEvent(UUID.randomUUID(), "T", STREAM, 1, 1, Json.trusted("{}"),
                    Json.trusted("{}"), createdAt, "u", Position.of(1, 1));
            String envelope = EventEnvelope.encode(event);
            assertThat(envelope).contains("\"cs\":" + createdAt.getEpochSecond() + ",\"cn\":" + createdAt.getNano() + ",")
                    .doesNotContain("\"c\":");
            assertThat(EventEnvelope.decode(envelope).createdAt()).isEqualTo(createdAt);
            Snapshot snapshot = new Snapshot(UUID.randomUUID(), STREAM, 1, Json.trusted("{}"), 1, createdAt);
            assertThat(SnapshotEnvelope.decode(SnapshotEnvelope.encode(snapshot)).createdAt()).isEqualTo(createdAt);
        }
    }

    @Test
    void envelopesWrittenByOlderVersionsWithTextCreationTimeStillDecode() {
        // As written before the creation time became two numbers; such entries live until their TTL.
        String oldEvent = "{\"i\":\"3f1c9e2a-7b4d-4e8f-9a01-23456789abcd\",\"t\":\"ItemAdded\",\"a\":\"cart-1\","
                + "\"at\":\"Cart\",\"s\":5,\"v\":2,\"c\":\"2026-01-02T03:04:05.123456789Z\",\"b\":\"u1\",\"x\":7,\"g\":3,"
                + "\"pl\":9,\"ml\":2,\"p\":{\"a\":[1]},\"m\":{}}";
        assertThat(EventEnvelope.decode(oldEvent)).isEqualTo(new RecordedEvent(
                UUID.fromString("3f1c9e2a-7b4d-4e8f-9a01-23456789abcd"), "ItemAdded", StreamId.of("cart-1", "Cart"), 5, 2,
                Json.trusted("{\"a\":[1]}"), Json.trusted("{}"), Instant.parse("2026-01-02T03:04:05.123456789Z"), "u1",
                Position.of(7, 3)));
        String oldSnapshot = "{\"i\":\"3f1c9e2a-7b4d-4e8f-9a01-23456789abcd\",\"a\":\"cart-1\",\"at\":\"Cart\",\"s\":5,"
                + "\"v\":2,\"c\":\"2026-01-02T03:04:05.000001Z\",\"sl\":9,\"st\":{\"s\":\"}\"}}";
        assertThat(SnapshotEnvelope.decode(oldSnapshot)).isEqualTo(new Snapshot(
                UUID.fromString("3f1c9e2a-7b4d-4e8f-9a01-23456789abcd"), StreamId.of("cart-1", "Cart"), 5,
                Json.trusted("{\"s\":\"}\"}"), 2, Instant.parse("2026-01-02T03:04:05.000001Z")));
    }

    @Test
    void scalarAndArrayPayloadsRoundTrip() {
        for (String payload : new String[] {"1", "\"text\"", "[]", "null", "true", "{}"}) {
            RecordedEvent event = event(payload, "{}");
            assertThat(EventEnvelope.decode(EventEnvelope.encode(event)).payload().text()).isEqualTo(payload);
        }
    }

    @Test
    void decodingNeverTokenizesThePayload() {
        // Not JSON at all: only a reader that slices by length gets it back unchanged.
        String notJson = "{\"unclosed\": [1, 2";
        RecordedEvent event = event(notJson, "{}");
        assertThat(EventEnvelope.decode(EventEnvelope.encode(event)).payload().text()).isEqualTo(notJson);
    }

    @Test
    void snapshotAndStatsRoundTrip() {
        Snapshot snapshot = new Snapshot(UUID.randomUUID(), STREAM, 7, Json.trusted("{\"s\":\"}\"}"), 2, Instant.now());
        assertThat(SnapshotEnvelope.decode(SnapshotEnvelope.encode(snapshot))).isEqualTo(snapshot);
        AggregateStats stats = new AggregateStats(STREAM, 42, event("{}", "{}"), event("{\"x\":1}", "{}"),
                Map.of("A", 40L, "B \"2\"", 2L));
        assertThat(StatsEnvelope.decode(StatsEnvelope.encode(stats))).isEqualTo(stats);
        AggregateStats empty = new AggregateStats(STREAM, 0, null, null, Map.of());
        assertThat(StatsEnvelope.decode(StatsEnvelope.encode(empty))).isEqualTo(empty);
    }

    @Test
    void valuesWrittenByOtherProgramsRoundTrip() {
        // Rows that PostgreSQL holds and the write rules refuse: blank and overlong names, odd numbers, infinite times.
        for (StreamId stream : new StreamId[] {new StreamId(" ", ""), new StreamId("x".repeat(300), "\uD83C\uDF89".repeat(200))}) {
            for (Instant createdAt : new Instant[] {Instant.MIN, Instant.MAX}) {
                RecordedEvent event = new RecordedEvent(UUID.randomUUID(), " ", stream, -3, -2, Json.trusted("null"),
                        Json.trusted("[]"), createdAt, "", Position.of(Long.MAX_VALUE, -7));
                assertThat(EventEnvelope.decode(EventEnvelope.encode(event))).isEqualTo(event);
                AggregateStats stats = new AggregateStats(stream, 1, event, event, Map.of(" ", 1L));
                assertThat(StatsEnvelope.decode(StatsEnvelope.encode(stats))).isEqualTo(stats);
                Snapshot snapshot = new Snapshot(UUID.randomUUID(), stream, -3, Json.trusted("0"), -1, createdAt);
                assertThat(SnapshotEnvelope.decode(SnapshotEnvelope.encode(snapshot))).isEqualTo(snapshot);
            }
        }
    }

    @Test
    void currentEnvelopesDecodeWithoutAParserAndShareWhatTheEnvelopeBeforeNamedToo() {
        StreamId plain = StreamId.of("cart-ü-🎉", "Cart");
        RecordedEvent event = new RecordedEvent(UUID.randomUUID(), "ItemAdded", plain, 7, 1, Json.trusted("{\"a\":\"}\\\"\"}"),
                Json.trusted("[]"), Instant.parse("1969-12-31T23:59:59.5Z"), "u1", Position.of(Long.MAX_VALUE, -7));
        String envelope = EventEnvelope.encode(event);
        assertThat(new EnvelopeScanner().scan(envelope)).isEqualTo(event);
        RecordedEvent previous = new RecordedEvent(UUID.randomUUID(), "ItemAdded", new StreamId("cart-ü-🎉", "Cart"), 6, 1,
                Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "u1", Position.of(1, 1));
        EnvelopeScanner scanner = new EnvelopeScanner();
        RecordedEvent first = EventEnvelope.decode(EventEnvelope.encode(previous), scanner);
        RecordedEvent shared = EventEnvelope.decode(envelope, scanner);
        assertThat(shared).isEqualTo(event);
        assertThat(shared.stream()).isSameAs(first.stream());
        assertThat(shared.type()).isSameAs(first.type());
        assertThat(shared.createdBy()).isSameAs(first.createdBy());
        RecordedEvent other = new RecordedEvent(UUID.randomUUID(), "ItemAdde", StreamId.of("cart", "Cart"), 6, 1,
                Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "u10", Position.of(1, 1));
        EnvelopeScanner afterOther = new EnvelopeScanner();
        EventEnvelope.decode(EventEnvelope.encode(other), afterOther);
        assertThat(EventEnvelope.decode(envelope, afterOther)).isEqualTo(event);
    }

    @Test
    void idsAndNumbersAreReadInPlaceExactlyAsTheParserReadsThem() {
        UUID upper = UUID.fromString("ABCDEF01-2345-6789-ABCD-EF0123456789");
        for (long number : new long[] {0, 1, -1, 999_999_999_999_999_999L, -999_999_999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            RecordedEvent event = new RecordedEvent(upper, "T", StreamId.of("a", "b"), number, (int) Math.max(Integer.MIN_VALUE,
                    Math.min(Integer.MAX_VALUE, number)), Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "u",
                    Position.of(Math.abs(number / 2), number));
            String envelope = EventEnvelope.encode(event);
            assertThat(new EnvelopeScanner().scan(envelope)).as(envelope).isEqualTo(event);
            String upperCase = envelope.replace(upper.toString(), upper.toString().toUpperCase(java.util.Locale.ROOT));
            assertThat(new EnvelopeScanner().scan(upperCase)).as(upperCase).isEqualTo(event);
        }
        String envelope = EventEnvelope.encode(new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("a", "b"), 42, 1, Json.trusted("{}"),
                Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, 1)));
        for (String notCurrent : new String[] {envelope.replace("\"s\":42", "\"s\":99999999999999999999"),
                envelope.replaceFirst("-", "x"), envelope.replaceFirst("\"i\":\"[0-9a-f]", "\"i\":\"g")}) {
            assertThat(new EnvelopeScanner().scan(notCurrent)).as(notCurrent).isNull();
        }
    }

    @Test
    void oneScannerReadsEnvelopesOfAnyLengthInTurn() {
        EnvelopeScanner scanner = new EnvelopeScanner();
        String bigPayload = "{\"x\":\"" + "y".repeat(5000) + "\"}";
        RecordedEvent longHeader = new RecordedEvent(UUID.randomUUID(), "T", new StreamId("a".repeat(700), "b"), 1, 1,
                Json.trusted("{}"), Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, 1));
        RecordedEvent bigBody = new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("a", "b"), 2, 1, Json.trusted(bigPayload),
                Json.trusted("{\"m\":1}"), Instant.EPOCH, "u", Position.of(1, 2));
        RecordedEvent small = new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("a", "b"), 3, 1, Json.trusted("{}"),
                Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, 3));
        String corrupt = EventEnvelope.encode(small).replace("\"ml\":2", "\"ml\":3");
        assertThat(scanner.scan(EventEnvelope.encode(longHeader))).isEqualTo(longHeader);
        assertThat(scanner.scan(EventEnvelope.encode(bigBody))).isEqualTo(bigBody);
        assertThat(scanner.scan(corrupt)).isNull();
        assertThat(scanner.scan(EventEnvelope.encode(small))).isEqualTo(small);
        assertThat(scanner.scan(EventEnvelope.encode(longHeader))).isEqualTo(longHeader);
    }

    @Test
    void otherFormsFallBackToTheParser() {
        RecordedEvent withEscapes = event("{}", "{}");
        String escaped = EventEnvelope.encode(withEscapes);
        EnvelopeScanner scanner = new EnvelopeScanner();
        assertThat(scanner.scan(escaped)).isNull();
        assertThat(EventEnvelope.decode(escaped, scanner)).isEqualTo(withEscapes);
        // what the parser decoded is not shared: its strings may hold quotes
        assertThat(EventEnvelope.decode(escaped, scanner)).isEqualTo(withEscapes);
        String older = "{\"i\":\"3f1c9e2a-7b4d-4e8f-9a01-23456789abcd\",\"t\":\"ItemAdded\",\"a\":\"cart-1\","
                + "\"at\":\"Cart\",\"s\":5,\"v\":2,\"c\":\"2026-01-02T03:04:05.123456789Z\",\"b\":\"u1\",\"x\":7,\"g\":3,"
                + "\"pl\":9,\"ml\":2,\"p\":{\"a\":[1]},\"m\":{}}";
        assertThat(new EnvelopeScanner().scan(older)).isNull();
        RecordedEvent current = new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("a", "b"), 1, 1, Json.trusted("{}"),
                Json.trusted("{}"), Instant.EPOCH, "u", Position.of(1, 1));
        String envelope = EventEnvelope.encode(current);
        for (String corrupt : new String[] {envelope.substring(0, envelope.length() - 3), envelope.replace("\"pl\":2", "\"pl\":99"),
                envelope.replace("\"cn\":0", "\"cn\":1000000000"), envelope.replace("\"s\":1", "\"s\":x")}) {
            assertThat(new EnvelopeScanner().scan(corrupt)).as(corrupt).isNull();
            assertThatThrownBy(() -> EventEnvelope.decode(corrupt)).as(corrupt).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void corruptValuesFailToDecode() {
        String envelope = EventEnvelope.encode(event("{\"a\":1}", "{}"));
        assertThatThrownBy(() -> EventEnvelope.decode(envelope.substring(0, envelope.length() - 3)))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> EventEnvelope.decode("garbage")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> SnapshotEnvelope.decode("{\"i\":1}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> EventEnvelope.decode(envelope.replaceFirst(",\"cn\":\\d+", "")))
                .isInstanceOf(JacksonException.class);
    }
}
