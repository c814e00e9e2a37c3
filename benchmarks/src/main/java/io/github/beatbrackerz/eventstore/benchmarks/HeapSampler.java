package io.github.beatbrackerz.eventstore.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Samples used heap every 20 ms on a daemon thread and keeps the peak above the level at start
 * (taken after a {@code System.gc()}), to show whether a stream holds what it has passed.
 */
final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long start;
    private final Thread thread;
    private volatile long peak;
    private volatile boolean running = true;

    HeapSampler() {
        System.gc();
        start = memory.getHeapMemoryUsage().getUsed();
        peak = start;
        thread = new Thread(this::sample, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * @return the peak used heap above the start level, in MiB; can be 0 for a pass shorter than the 20 ms sampling
     *     interval that a collection ended
     */
    double peakMib() {
        return Math.max(0, Math.max(peak, memory.getHeapMemoryUsage().getUsed()) - start) / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
