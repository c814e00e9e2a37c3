/**
 * Reliability tests across every adapter: a soak under injected faults ({@code SoakIntegrationTest}),
 * a fuzz of the public API's input ({@code InputFuzzIntegrationTest}) and security checks. Test code
 * only; nothing here is published.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.reliability;

import org.jspecify.annotations.NullMarked;
