package io.github.beatbrackerz.eventstore.model;

import io.github.beatbrackerz.eventstore.internal.Require;

/**
 * Identifies one aggregate's event stream: the aggregate id within its aggregate type.
 * The argument order follows the specification's calls, {@code (aggregateId, aggregateType)}.
 *
 * <p>What the two names must satisfy depends on what the stream id is for:
 * <ul>
 *   <li>{@link #of} makes one to append to: the write rules, not blank, at most 255 characters
 *   (UTF-16 units), no NUL and no unpaired surrogate. Appending checks them again, however the
 *   stream id was made.</li>
 *   <li>{@link #lookup} makes one to read: anything storage can hold except a blank name, so
 *   streams that another program wrote with longer names can be read too.</li>
 *   <li>The constructor takes a stream as stored, checking only that both names are present.
 *   Adapters read rows this way, so a row written by another program (raw SQL, the TypeScript
 *   library) with a blank or overlong name is read as it is.</li>
 * </ul>
 *
 * @param aggregateId the aggregate's id
 * @param aggregateType the aggregate's type
 */
public record StreamId(String aggregateId, String aggregateType) {

    /**
     * A stream id as stored: both names present, nothing else checked.
     *
     * @param aggregateId the aggregate's id
     * @param aggregateType the aggregate's type
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if a name is null
     */
    public StreamId {
        Require.notNull("aggregateId", aggregateId);
        Require.notNull("aggregateType", aggregateType);
    }

    /**
     * Creates a stream id to append to, checking the write rules.
     *
     * @param aggregateId the aggregate's id: not blank, at most 255 characters
     * @param aggregateType the aggregate's type: not blank, at most 255 characters
     * @return the stream id
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming the bad field
     */
    public static StreamId of(String aggregateId, String aggregateType) {
        return new StreamId(Require.name("aggregateId", aggregateId), Require.name("aggregateType", aggregateType));
    }

    /**
     * Creates a stream id to read, accepting every name storage can hold except a blank one: an
     * aggregate id of any length, an aggregate type of at most 255 characters as PostgreSQL counts
     * them (code points). Streams with a blank name are read through queries, replays and
     * subscriptions that do not name them.
     *
     * @param aggregateId the aggregate's id
     * @param aggregateType the aggregate's type
     * @return the stream id
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException naming the bad field
     */
    public static StreamId lookup(String aggregateId, String aggregateType) {
        return new StreamId(Require.lookupId("aggregateId", aggregateId), Require.lookupName("aggregateType", aggregateType));
    }

    /** Checks the write rules of {@link #of}, for the append path. */
    StreamId requireWritable() {
        Require.name("aggregateId", aggregateId);
        Require.name("aggregateType", aggregateType);
        return this;
    }

    /** Checks the read rules of {@link #lookup}, for what names a stored stream. */
    StreamId requireReadable() {
        Require.lookupId("aggregateId", aggregateId);
        Require.lookupName("aggregateType", aggregateType);
        return this;
    }

    @Override
    public String toString() {
        return aggregateType + "/" + aggregateId;
    }
}
