/**
 * A read model built by a transactional durable subscription: order counts and confirmed totals
 * per customer, kept in PostgreSQL beside the events.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.orders.readmodel;

import org.jspecify.annotations.NullMarked;
