package io.github.beatbrackerz.eventstore.r2dbc.durable;

import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.r2dbc.internal.SchemaName;

/** The durable subscription tables of one schema, and the SQL fragments several statements share. */
final class DurableTables {

    /** The columns of {@code subscription_segments s} that {@link DurableRows#lease} reads. */
    static final String LEASE_COLUMNS = "s.subscription_name, s.segment, s.segment_count, s.owner_id, s.fencing_token,"
            + " s.checkpoint_transaction_id::text AS checkpoint_tx, s.checkpoint_global_position, s.lease_expires_at, s.paused";

    final String segments;
    final String members;
    final String deadLetters;
    /** The expression that draws a new fencing token. */
    final String nextToken;

    DurableTables(SchemaName schema) {
        this.segments = schema.table("subscription_segments");
        this.members = schema.table("subscription_members");
        this.deadLetters = schema.table("subscription_dead_letters");
        this.nextToken = "nextval('" + schema.table("subscription_fencing_tokens") + "')";
    }

    /**
     * The fair share of segments per live member of subscription {@code $1}:
     * {@code ceil(segments / max(live members, 1))}.
     */
    String fairShare() {
        return "(SELECT ceil(max(f.segment_count)::numeric / greatest((SELECT count(*) FROM " + members
                + " m WHERE m.subscription_name = $1 AND m.expires_at > now()), 1))::int FROM " + segments
                + " f WHERE f.subscription_name = $1)";
    }

    /** @return {@code now()} plus parameter {@code $n}, a number of milliseconds */
    static String nowPlusMillis(int parameter) {
        return "now() + $" + parameter + "::float8 * interval '1 millisecond'";
    }

    /** @return the transaction id as the text that binds to {@code $n::text::xid8} */
    static String xid8(Position position) {
        return Long.toString(position.transactionId());
    }
}
