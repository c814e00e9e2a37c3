/**
 * PostgreSQL storage over R2DBC: {@link io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores}
 * builds a ready {@link io.github.beatbrackerz.eventstore.EventStore} from a
 * {@code ConnectionFactory} or a connection URL, and initializes the schema on request.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.r2dbc;

import org.jspecify.annotations.NullMarked;
