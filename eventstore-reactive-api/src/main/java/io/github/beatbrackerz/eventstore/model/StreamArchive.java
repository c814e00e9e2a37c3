package io.github.beatbrackerz.eventstore.model;

/**
 * The event an archive ({@code StreamLifecycle.archiveStream}) leaves in the hot table in place of
 * the events it moved to the archive: how queries and subscribers learn that a stream was archived.
 * Like a {@link StreamTombstone} it is an ordinary stored event, numbered after the archived events,
 * with type {@value #TYPE}, created by {@value StreamTombstone#CREATED_BY}, empty metadata and
 * payload {@code {"lastSequence": n, "eventsArchived": k}}. Appends of this type are refused.
 */
public final class StreamArchive {

    /** The archive marker's event type. */
    public static final String TYPE = "$stream-archived";

    private StreamArchive() {
    }

    /**
     * @param event an event
     * @return whether it marks an archived stream
     */
    public static boolean isArchiveMarker(RecordedEvent event) {
        return TYPE.equals(event.type());
    }

    /**
     * The payload an archive marker carries.
     *
     * @param lastSequence the highest sequence number the stream had reserved before the archive
     * @param eventsArchived how many events were moved to the archive
     * @return the JSON payload
     */
    public static Json payload(long lastSequence, long eventsArchived) {
        return Json.trusted("{\"lastSequence\":" + lastSequence + ",\"eventsArchived\":" + eventsArchived + "}");
    }
}
