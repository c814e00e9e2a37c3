package io.github.beatbrackerz.eventstore.redis;

import io.github.beatbrackerz.eventstore.model.AggregateStats;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.Snapshot;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

/** Recorded events, snapshots and stats with awkward content, for cache tests. */
final class TestEvents {

    static final List<String> HOSTILE_IDS = List.of(
            "plain", "with:colons:", "{braces}", "}{", "quote\"s and 'single'", "back\\slash", "glob*?[x]",
            "per%cent%41", "spaces and\ttab", "ünïcödé-日本語", "emoji 🎉", "es:prefix:look-alike", "a}:events");

    private TestEvents() {
    }

    static StreamId stream(String id) {
        return StreamId.of(id, "order");
    }

    static List<RecordedEvent> events(StreamId stream, long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> event(stream, seq)).toList();
    }

    static RecordedEvent event(StreamId stream, long seq) {
        UUID id = UUID.nameUUIDFromBytes((stream + "#" + seq).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String payload = "{\"n\":" + seq + ",\"text\":\"line\\nbreak \\\"quoted\\\" ü 🎉 }{\",\"nested\":{\"list\":[1,2.5,null,true]}}";
        return new RecordedEvent(id, seq % 2 == 0 ? "ItemAdded" : "OrderCreated", stream, seq, 1 + (int) (seq % 3),
                Json.trusted(payload), Json.trusted("{\"user\":\"u-" + seq + "\",\"ip\":\"::1\"}"),
                Instant.parse("2026-11-26T10:15:30.123456Z").plusNanos(seq * 1000), "creator \"x\" 😀",
                Position.of(700 + seq, 40 + seq));
    }

    static Snapshot snapshot(StreamId stream, long seq) {
        return new Snapshot(UUID.randomUUID(), stream, seq, Json.trusted("{\"total\":" + seq + ",\"s\":\"}{\\\"\"}"), 2,
                Instant.parse("2026-11-26T11:00:00.000001Z"));
    }

    static AggregateStats stats(StreamId stream, long total) {
        return new AggregateStats(stream, total, event(stream, 1), event(stream, total),
                Map.of("OrderCreated", (total + 1) / 2, "ItemAdded", total / 2));
    }
}
