/**
 * An orders service on Spring Boot WebFlux, built on the event store: the application, its
 * database source (a URL or an embedded PostgreSQL) and the store's wiring and lifecycle.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.orders;

import org.jspecify.annotations.NullMarked;
