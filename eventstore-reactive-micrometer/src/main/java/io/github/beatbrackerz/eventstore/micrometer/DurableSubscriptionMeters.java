package io.github.beatbrackerz.eventstore.micrometer;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptions;
import io.github.beatbrackerz.eventstore.internal.Require;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;

/**
 * Gauges of durable subscriptions, tagged {@value #TAG_SUBSCRIPTION} with the subscription's name
 * (a low-cardinality tag: names are few and fixed):
 * <ul>
 *   <li>{@value #LAG} (events): matching events after the checkpoints, summed over the segments
 *   whose lag this instance measures (those of a subscription started here; see {@link
 *   DurableSubscriptions#status(String)}); a lower bound when counting stopped at its limit;</li>
 *   <li>{@value #LAG_TIME} (seconds): the largest age of the oldest unhandled event over those segments;</li>
 *   <li>{@value #PARKED} (events): parked events, summed over all segments.</li>
 * </ul>
 * Each gauge reads {@code NaN} until the first reading that finds the subscription registered, and {@code NaN} for the lag while no
 * segment is measured. Every instance reports the whole subscription, so aggregate across instances
 * with a maximum, not a sum.
 *
 * <p>The readings come from {@link DurableSubscriptions#statusEvery(String, Duration)}: one
 * pipeline, started by the first {@link #bindTo(MeterRegistry)} and stopped by {@link #dispose()}.
 * A gauge never does I/O when it is read.
 */
public final class DurableSubscriptionMeters implements MeterBinder, Disposable {

    /** Gauge of the events after the checkpoints. */
    public static final String LAG = "eventstore.durable.lag";
    /** Gauge of the age of the oldest unhandled event. */
    public static final String LAG_TIME = "eventstore.durable.lag.time";
    /** Gauge of the parked events. */
    public static final String PARKED = "eventstore.durable.parked";
    /** The tag naming the subscription. */
    public static final String TAG_SUBSCRIPTION = "subscription";

    private final DurableSubscriptions subscriptions;
    private final Duration interval;
    private final Map<String, Reading> readings = new LinkedHashMap<>();
    private final Disposable.Swap polling = Disposables.swap();

    /**
     * Does no I/O.
     *
     * @param subscriptions where the statuses are read
     * @param names the subscriptions to report
     * @param interval the time between two readings, positive
     */
    public DurableSubscriptionMeters(DurableSubscriptions subscriptions, Collection<String> names, Duration interval) {
        this.subscriptions = Require.notNull("subscriptions", subscriptions);
        Require.notNull("names", names).forEach(name -> readings.put(Require.notNull("name", name), new Reading()));
        this.interval = Require.notNull("interval", interval);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
    }

    /**
     * Registers the gauges with a registry and, on the first call, starts the readings: the first
     * at once, then one every interval, on a {@code Schedulers.parallel()} timer and the storage's
     * threads. A failed reading is skipped and leaves the gauges at their last values. Returns at
     * once; after {@link #dispose()} the gauges are registered but no longer updated.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        readings.forEach((name, reading) -> {
            Gauge.builder(LAG, reading, r -> r.lag).tag(TAG_SUBSCRIPTION, name).baseUnit("events")
                    .description("Matching events after the durable subscription's checkpoints").strongReference(true).register(registry);
            TimeGauge.builder(LAG_TIME, reading, TimeUnit.SECONDS, r -> r.lagSeconds).tag(TAG_SUBSCRIPTION, name)
                    .description("Age of the durable subscription's oldest unhandled event").strongReference(true).register(registry);
            Gauge.builder(PARKED, reading, r -> r.parked).tag(TAG_SUBSCRIPTION, name).baseUnit("events")
                    .description("Parked events of the durable subscription").strongReference(true).register(registry);
        });
        synchronized (polling) {
            if (polling.get() == null && !polling.isDisposed()) {
                polling.update(Flux.fromIterable(readings.entrySet())
                        .flatMap(entry -> subscriptions.statusEvery(entry.getKey(), interval).doOnNext(entry.getValue()::update))
                        .subscribe());
            }
        }
    }

    /** Stops the readings; idempotent, returns at once. The gauges keep their last values. */
    @Override
    public void dispose() {
        polling.dispose();
    }

    /** @return whether {@link #dispose()} was called */
    @Override
    public boolean isDisposed() {
        return polling.isDisposed();
    }

    /** The last reading of one subscription. */
    private static final class Reading {
        volatile double lag = Double.NaN;
        volatile double lagSeconds = Double.NaN;
        volatile double parked = Double.NaN;

        void update(List<DurableStatus> segments) {
            if (segments.isEmpty()) {
                return; // not registered (yet): nothing to report
            }
            List<DurableStatus.Lag> measured = segments.stream().map(DurableStatus::lag).filter(Objects::nonNull).toList();
            lag = measured.isEmpty() ? Double.NaN : measured.stream().mapToLong(DurableStatus.Lag::events).sum();
            lagSeconds = measured.isEmpty() ? Double.NaN
                    : measured.stream().mapToDouble(l -> l.time().toNanos() / 1e9).max().orElse(0);
            parked = segments.stream().mapToLong(DurableStatus::parked).sum();
        }
    }
}
