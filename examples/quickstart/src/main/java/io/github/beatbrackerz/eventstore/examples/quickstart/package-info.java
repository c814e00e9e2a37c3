/**
 * The quickstart: a narrated walk-through of every feature of the event store on real
 * PostgreSQL and Redis (embedded by default), and the snippets the README quotes.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.quickstart;

import org.jspecify.annotations.NullMarked;
