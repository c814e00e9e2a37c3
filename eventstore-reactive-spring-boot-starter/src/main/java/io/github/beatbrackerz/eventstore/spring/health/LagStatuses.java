package io.github.beatbrackerz.eventstore.spring.health;

import io.github.beatbrackerz.eventstore.spring.EventStoreProperties;
import org.springframework.boot.health.contributor.Status;

/** The health status {@code eventstore.health.lag-status} names. */
final class LagStatuses {

    private LagStatuses() {
    }

    static Status of(EventStoreProperties.Health settings) {
        return settings.lagStatus() == EventStoreProperties.LagStatus.DOWN ? Status.DOWN : Status.OUT_OF_SERVICE;
    }
}
