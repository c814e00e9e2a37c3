/**
 * Internal: the PostgreSQL repositories, SQL, row mapping, schema scripts and error translation
 * behind {@link io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores}. Unsupported: these
 * types may change in any release without notice. The subscription engine of this module reuses
 * {@link io.github.beatbrackerz.eventstore.r2dbc.internal.EventRowMapper}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.r2dbc.internal;

import org.jspecify.annotations.NullMarked;
