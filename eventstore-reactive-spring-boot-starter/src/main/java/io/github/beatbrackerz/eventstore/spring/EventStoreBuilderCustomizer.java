package io.github.beatbrackerz.eventstore.spring;

import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;

/**
 * Adjusts the auto-configured store's builder after the {@code eventstore.*} properties were
 * applied, for settings without a property: for example {@code jsonMapper(...)} or further {@code
 * EventStoreOptions} limits. Every such bean is applied, in {@code @Order}.
 */
@FunctionalInterface
public interface EventStoreBuilderCustomizer {

    /**
     * Called once while the builder bean is created; must do no I/O.
     *
     * @param builder the builder to adjust
     */
    void customize(R2dbcEventStoreBuilder builder);
}
