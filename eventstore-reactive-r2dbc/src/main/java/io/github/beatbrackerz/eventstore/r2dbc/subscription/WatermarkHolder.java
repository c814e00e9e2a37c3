package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.internal.Require;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An open transaction that holds the commit-safe watermark back: no event written after it
 * started is delivered until it ends. It may run in any database of the PostgreSQL cluster.
 *
 * <p>Columns that the database role may not read (other users' sessions, without {@code
 * pg_read_all_stats}) are {@code null}.
 *
 * @param kind a session's open transaction, or a prepared (two-phase) transaction, which no
 *     session shows and which only {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED} ends
 * @param pid the backend's process id ({@code pg_terminate_backend(pid)} ends it); {@code null} for a prepared transaction
 * @param gid the prepared transaction's global id; {@code null} for a session
 * @param database the database it runs in
 * @param user the role that runs or owns it
 * @param applicationName the session's {@code application_name}
 * @param state the session's state, for example {@code idle in transaction}; {@code prepared} for a prepared transaction
 * @param age how long the transaction has been open (a session) or prepared
 * @param query the session's current or last statement, cut to 200 characters
 */
public record WatermarkHolder(
        Kind kind,
        @Nullable Integer pid,
        @Nullable String gid,
        @Nullable String database,
        @Nullable String user,
        @Nullable String applicationName,
        @Nullable String state,
        Duration age,
        @Nullable String query) {

    /** Where the transaction lives. */
    public enum Kind {
        /** A session's open transaction: it shows in {@code pg_stat_activity}. */
        SESSION,
        /** A prepared transaction: it shows in {@code pg_prepared_xacts}, not in {@code pg_stat_activity}. */
        PREPARED
    }

    /**
     * Validates the parts that are always known.
     *
     * @param kind a session's open transaction, or a prepared (two-phase) transaction, which no
     *     session shows and which only {@code COMMIT PREPARED} or {@code ROLLBACK PREPARED} ends
     * @param pid the backend's process id ({@code pg_terminate_backend(pid)} ends it); {@code null} for a prepared transaction
     * @param gid the prepared transaction's global id; {@code null} for a session
     * @param database the database it runs in
     * @param user the role that runs or owns it
     * @param applicationName the session's {@code application_name}
     * @param state the session's state, for example {@code idle in transaction}; {@code prepared} for a prepared transaction
     * @param age how long the transaction has been open (a session) or prepared
     * @param query the session's current or last statement, cut to 200 characters
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException if {@code kind} or {@code age} is null
     */
    public WatermarkHolder {
        Require.notNull("kind", kind);
        Require.notNull("age", age);
    }

    @Override
    public String toString() {
        return kind == Kind.PREPARED
                ? "prepared transaction '" + gid + "' in database " + database + " (owner " + user + "), prepared " + age.toSeconds() + " s ago"
                : "session pid " + pid + " in database " + database + " (user " + user + ", application '" + applicationName + "', "
                        + state + "), transaction open " + age.toSeconds() + " s, query: " + query;
    }
}
