/**
 * Benchmarks of eventstore-reactive against raw R2DBC and raw Lettuce baselines: a load driver
 * ({@link io.github.beatbrackerz.eventstore.benchmarks.BenchmarkMain}) and JMH micro-benchmarks
 * (sub-package {@code jmh}). Not a library: nothing here is a supported API, and the driver blocks
 * on its own threads by design.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.benchmarks;

import org.jspecify.annotations.NullMarked;
