/**
 * Actuator health of the event store, as one {@code eventStore} component with the parts {@code
 * postgres}, {@code subscriptions}, {@code durable} and {@code cache}; active when {@code
 * spring-boot-health} (brought by {@code spring-boot-starter-actuator}) is on the class path.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.spring.health;

import org.jspecify.annotations.NullMarked;
