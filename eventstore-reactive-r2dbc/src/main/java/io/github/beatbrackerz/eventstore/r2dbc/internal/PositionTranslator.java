package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.model.Position;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Readable;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Translates a checkpoint taken before a {@link PositionRebase} into today's position of the same
 * event, so that a subscriber resuming from it gets exactly the events after it: no skip, no
 * duplicate.
 *
 * <p>A position is current when the event at its global position carries its transaction id; it
 * is returned as it is, and so is every position of a store that was never rebased. Otherwise
 * the recorded rebases ({@code position_rebases}) must lead from its transaction id to the
 * event's current one, through every rebase after it was taken; several moves in a row are fine.
 */
public final class PositionTranslator {

    private static final String UNDEFINED_TABLE = "42P01";

    private final R2dbcSql sql;
    private final String query;

    /**
     * @param connectionFactory where to read (a pool is fine)
     * @param schema the store's schema
     */
    public PositionTranslator(ConnectionFactory connectionFactory, SchemaName schema) {
        this.sql = new R2dbcSql(connectionFactory);
        String rebases = schema.table("position_rebases");
        this.query = "WITH RECURSIVE chain(rebase_id, tx) AS ("
                + " SELECT r.rebase_id, r.new_transaction_id FROM " + rebases + " r"
                + " WHERE r.old_transaction_id = $1::text::xid8 AND $2 BETWEEN r.first_position AND r.last_position"
                + " UNION ALL SELECT r.rebase_id, r.new_transaction_id FROM chain c JOIN " + rebases + " r"
                + " ON r.rebase_id = c.rebase_id + 1 AND r.old_transaction_id = c.tx AND $2 BETWEEN r.first_position AND r.last_position),"
                + " newest AS (SELECT max(rebase_id) AS id FROM " + rebases + "),"
                + " stored AS (SELECT transaction_id FROM " + schema.table("events") + " WHERE global_position = $2)"
                + " SELECT (SELECT id FROM newest) AS last_rebase, (SELECT transaction_id::text FROM stored) AS current_tx,"
                + " EXISTS (SELECT 1 FROM chain c, newest l, stored s WHERE c.rebase_id = l.id AND c.tx = s.transaction_id) AS translated";
    }

    /**
     * Translates a position. Lazy: one query on subscription, none for {@link Position#BEGINNING}.
     *
     * @param position a checkpoint, from before or after a rebase
     * @return the position to resume from: the same one when it is current or no rebase happened;
     *     errors with {@link ValidationException} (field {@code position}) when the store was
     *     rebased and the position names no stored event or does not lead to it, and with a
     *     {@link io.github.beatbrackerz.eventstore.error.StorageException} when the query fails
     */
    public Mono<Position> translate(Position position) {
        if (position.equals(Position.BEGINNING)) {
            return Mono.just(position);
        }
        return sql.select(query, List.of(Long.toString(position.transactionId()), position.globalPosition()),
                        row -> translate(position, row)).single()
                .onErrorResume(PositionTranslator::noRebaseTable, error -> Mono.just(position));
    }

    /** A schema migrated before {@code position_rebases} existed was never rebased. */
    private static boolean noRebaseTable(Throwable error) {
        return error.getCause() instanceof R2dbcException cause && UNDEFINED_TABLE.equals(cause.getSqlState());
    }

    private static Position translate(Position position, Readable row) {
        String current = row.get("current_tx", String.class);
        if (row.get("last_rebase", Integer.class) == null
                || (current != null && Long.parseLong(current) == position.transactionId())) {
            return position;
        }
        if (current == null) {
            throw new ValidationException("position", position + " names no stored event (no global position "
                    + position.globalPosition() + "), so it cannot be translated across the position rebase: it was taken"
                    + " on a database this one was not restored from, or after the copy was made");
        }
        if (!Boolean.TRUE.equals(row.get("translated", Boolean.class))) {
            throw new ValidationException("position", position + " does not lead, through the recorded position rebases,"
                    + " to the event at global position " + position.globalPosition() + " (now " + current + "-"
                    + position.globalPosition() + "), so it was not taken on this store");
        }
        return Position.of(Long.parseLong(current), position.globalPosition());
    }
}
