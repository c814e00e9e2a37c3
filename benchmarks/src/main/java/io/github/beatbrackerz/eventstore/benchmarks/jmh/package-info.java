/**
 * JMH micro-benchmarks: library and raw-R2DBC baseline as sibling {@code @Benchmark} methods on
 * one fixture. Run through {@link io.github.beatbrackerz.eventstore.benchmarks.jmh.JmhRuns}.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
