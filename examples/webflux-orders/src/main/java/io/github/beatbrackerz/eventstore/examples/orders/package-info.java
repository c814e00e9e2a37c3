/**
 * An orders service on Spring Boot WebFlux, built on the event store through its Spring Boot
 * starter: the application, its own settings and beans, and the newcomer's defaults (an embedded
 * PostgreSQL when no URL is given, the {@code EVENTSTORE_*} variables).
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.orders;

import org.jspecify.annotations.NullMarked;
