/**
 * The HTTP surface: command and query endpoints, the Server-Sent Events stream, and the mapping
 * of the event store's errors to problem responses.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.examples.orders.web;

import org.jspecify.annotations.NullMarked;
