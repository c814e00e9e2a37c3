package io.github.beatbrackerz.eventstore.durable.spi;

/**
 * The storage of durable subscriptions, in four parts. Implementations are thread-safe.
 */
public interface DurableStore {

    /** @return register, pause, resume, reset, delete and status of subscription names */
    SegmentRegistry registry();

    /** @return member heartbeats, claims, renewals, releases and rebalancing */
    SegmentLeaseStore leases();

    /** @return fenced checkpoint writes */
    CheckpointStore checkpoints();

    /** @return parked events: park, list, skip and replay */
    DeadLetterStore deadLetters();
}
