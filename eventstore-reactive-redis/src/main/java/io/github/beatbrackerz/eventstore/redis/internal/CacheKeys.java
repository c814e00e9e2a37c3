package io.github.beatbrackerz.eventstore.redis.internal;

import io.github.beatbrackerz.eventstore.model.StreamId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The key layout. Every key starts with the prefix. A stream's keys share one hash tag, so scripts
 * and multi-key commands on them work on Redis Cluster:
 * {@code <prefix>{<type>:<id>}:events|snapshot|sequence|stats|gen}, and single events live at
 * {@code <prefix>event:<uuid>}. Ids and types are percent-encoded (UTF-8, everything outside
 * {@code [A-Za-z0-9._~-]}), so any string maps to one key and no id can close the hash tag,
 * escape the prefix or collide with another stream.
 */
public final class CacheKeys {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String HEX_DIGIT = "[0-9a-f]";
    /** Exactly one {@link UUID#toString()}: 8-4-4-4-12 lower-case hex digits. */
    private static final String UUID_PATTERN = HEX_DIGIT.repeat(8) + "-" + HEX_DIGIT.repeat(4) + "-" + HEX_DIGIT.repeat(4) + "-"
            + HEX_DIGIT.repeat(4) + "-" + HEX_DIGIT.repeat(12);

    private static final List<String> KINDS = List.of("events", "snapshot", "sequence", "stats", "gen");

    private final String prefix;

    /** @param prefix the key prefix; must not contain braces (checked by the options) */
    public CacheKeys(String prefix) {
        this.prefix = prefix;
    }

    /** @return the prefix every key starts with */
    public String prefix() {
        return prefix;
    }

    /**
     * The {@code SCAN MATCH} patterns that match this layout's keys and no key of a cache whose prefix
     * merely starts with this one: <code>&lt;prefix&gt;&#123;*</code> for the stream keys and {@code
     * <prefix>event:} followed by exactly one lower-case UUID for the events. So prefixes may nest
     * ({@code es:} beside {@code es:t2:}, even {@code es:event:}): a prefix cannot contain a brace,
     * so a nested cache's keys never have one right after this prefix, and its event keys are longer
     * than {@code event:<uuid>}. Rejecting nested prefixes instead would need to know the prefixes of
     * every other cache on the same Redis, which no instance does.
     *
     * @return the patterns, glob characters of the prefix escaped
     */
    public List<String> patterns() {
        return List.of(escapedPrefix() + "{*", escapedPrefix() + "event:" + UUID_PATTERN);
    }

    /** @return the prefix with its glob characters (star, question mark, brackets, backslash) escaped, for a {@code SCAN MATCH} pattern */
    public String escapedPrefix() {
        StringBuilder out = new StringBuilder(prefix.length() + 2);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The key of a stream's cached prefix.
     *
     * @param stream the stream
     * @return the list holding its cached prefix
     */
    public String events(StreamId stream) {
        return streamKey(stream, "events");
    }

    /**
     * The key of a stream's latest snapshot.
     *
     * @param stream the stream
     * @return the hash holding its latest snapshot
     */
    public String snapshot(StreamId stream) {
        return streamKey(stream, "snapshot");
    }

    /**
     * The key of a stream's sequence counter.
     *
     * @param stream the stream
     * @return the string holding its sequence counter
     */
    public String sequence(StreamId stream) {
        return streamKey(stream, "sequence");
    }

    /**
     * The key of a stream's statistics.
     *
     * @param stream the stream
     * @return the hash holding its statistics
     */
    public String stats(StreamId stream) {
        return streamKey(stream, "stats");
    }

    /**
     * @param stream the stream
     * @return the string holding the token of its current generation, which fences fills (see
     *         {@link CacheScript})
     */
    public String generation(StreamId stream) {
        return streamKey(stream, "gen");
    }

    /**
     * @param stream the stream
     * @return all of its keys, generation included, to remove together in one command
     */
    public String[] all(StreamId stream) {
        return new String[] {events(stream), snapshot(stream), sequence(stream), stats(stream), generation(stream)};
    }

    /**
     * @param streamKey a key of a stream under this prefix, as a scan finds it
     * @return all keys of the same stream, generation included; just the key itself if it is not
     *         shaped as a stream key
     */
    public List<String> siblings(String streamKey) {
        int end = streamKey.indexOf("}:", prefix.length());
        if (!streamKey.startsWith(prefix + "{") || end < 0) {
            return List.of(streamKey);
        }
        String base = streamKey.substring(0, end + 2);
        return KINDS.stream().map(kind -> base + kind).toList();
    }

    /**
     * The key of one event cached by id.
     *
     * @param eventId the event id
     * @return the string holding the event
     */
    public String event(UUID eventId) {
        return prefix + "event:" + eventId;
    }

    /**
     * The key recording the store epoch the entries were written under. {@code clearCache}'s
     * patterns do not match it (no brace, not {@code event:<uuid>}), so a clear keeps it, and no
     * key of a cache with another prefix equals it.
     *
     * @return {@code <prefix>epoch}
     */
    public String epoch() {
        return prefix + "epoch";
    }

    private String streamKey(StreamId stream, String kind) {
        return prefix + '{' + encode(stream.aggregateType()) + ':' + encode(stream.aggregateId()) + "}:" + kind;
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '~' || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
