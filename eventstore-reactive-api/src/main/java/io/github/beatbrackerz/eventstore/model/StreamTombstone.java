package io.github.beatbrackerz.eventstore.model;

/**
 * The event a hard delete ({@code StreamLifecycle.deleteStream}) leaves in place of a stream's
 * events: the documented signal by which queries, live subscriptions, catch-up reads and durable
 * subscriptions learn that a stream was deleted. It is an ordinary stored event of the deleted
 * stream, numbered after the last removed event and placed in global position order like any
 * other, with type {@value #TYPE}, created by {@value #CREATED_BY}, empty metadata, and a payload
 * that holds no personal data: {@code {"lastSequence": n, "eventsRemoved": k}}, {@code n} being
 * the highest sequence number reserved before the delete.
 *
 * <p>Appends of this type are refused ({@code ValidationException} on field {@code type}): only a
 * delete writes it.
 */
public final class StreamTombstone {

    /** The tombstone's event type. */
    public static final String TYPE = "$stream-deleted";

    /** The tombstone's {@code createdBy}. */
    public static final String CREATED_BY = "eventstore";

    private StreamTombstone() {
    }

    /**
     * @param event an event
     * @return whether it is the tombstone of a deleted stream
     */
    public static boolean isTombstone(RecordedEvent event) {
        return TYPE.equals(event.type());
    }

    /**
     * The payload a tombstone carries.
     *
     * @param lastSequence the highest sequence number the stream had reserved before the delete
     * @param eventsRemoved how many events the delete removed
     * @return the JSON payload
     */
    public static Json payload(long lastSequence, long eventsRemoved) {
        return Json.trusted("{\"lastSequence\":" + lastSequence + ",\"eventsRemoved\":" + eventsRemoved + "}");
    }
}
