package io.github.beatbrackerz.eventstore.model;

/** The order of query results. */
public enum SortOrder {
    /** Oldest first. */
    ASC,
    /** Newest first. */
    DESC
}
