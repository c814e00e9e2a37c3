package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which segment a stream's events belong to. Every implementation uses this one rule, so a
 * stream always goes to the same segment, in memory and in PostgreSQL, and any language can
 * compute it:
 *
 * <pre>
 * key     = aggregateType + "/" + aggregateId            (UTF-8)
 * hash    = first 4 bytes of MD5(key), big-endian, unsigned (0 to 2^32 - 1)
 * segment = hash mod segmentCount
 * </pre>
 *
 * In SQL: {@code ('x' || lpad(substr(md5(aggregate_type || '/' || aggregate_id), 1, 8), 16, '0'))::bit(64)::bigint % n}.
 * MD5 serves only to spread streams evenly here, not as a security measure.
 */
public final class Segments {

    private Segments() {
    }

    /**
     * @param stream the stream
     * @param segmentCount how many segments, 1 or more
     * @return the stream's segment, from 0 to {@code segmentCount - 1}
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if the count is below 1
     */
    public static int of(StreamId stream, int segmentCount) {
        Require.positive("segmentCount", segmentCount);
        if (segmentCount == 1) {
            return 0;
        }
        return (int) (hash(stream) % segmentCount);
    }

    /**
     * @param stream the stream
     * @return the first 4 bytes of the MD5 of {@code aggregateType/aggregateId}, unsigned
     */
    public static long hash(StreamId stream) {
        byte[] digest = md5().digest((stream.aggregateType() + "/" + stream.aggregateId()).getBytes(StandardCharsets.UTF_8));
        return ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8) | (digest[3] & 0xffL);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
