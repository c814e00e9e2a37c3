package io.github.beatbrackerz.eventstore.r2dbc.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's setup for this project's tests: the calls it may see on event-loop and Reactor
 * threads, each because it does not block in practice, and {@link BlockingCalls} as the place a
 * violation goes. Loaded through {@code META-INF/services} by every module whose tests put
 * BlockHound and this module's test-jar on the classpath.
 */
public final class NonBlockingAllowances implements BlockHoundIntegration {

    /** Creates the integration; BlockHound's service loader calls this. */
    public NonBlockingAllowances() {
    }

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // SecureRandom reads /dev/urandom, which never blocks once the kernel has seeded it (at boot).
        builder.allowBlockingCallsInside("java.util.UUID", "randomUUID");
        // Netty 4.2's adaptive allocator frees a magazine under a StampedLock held for a few instructions, on the
        // event loop by design; Netty's own BlockHound integration (4.2.7) does not list these two methods yet.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
        // Lettuce serialises writers of a connection with a ReentrantLock held for a few instructions, on its event loop
        // by design (every command our cache sends passes through it).
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
        // Disposing a Flux.interval (the live feed's poll timer, on stop) removes its periodic task from the parallel
        // scheduler's queue under that queue's lock, held for a few instructions. Reactor's own integration allows the
        // same for one-shot tasks (SchedulerTask.dispose) but not for periodic ones; seen once under load in LiveFeed.
        builder.allowBlockingCallsInside("reactor.core.scheduler.PeriodicSchedulerTask", "dispose");
        // Recorded, not thrown: an error thrown inside a driver's event loop can wedge the driver (seen with
        // Lettuce), turning one finding into an unrelated hang. BlockingCallsCheck fails the test instead.
        builder.blockingMethodCallback(BlockingCalls::record);
    }
}
