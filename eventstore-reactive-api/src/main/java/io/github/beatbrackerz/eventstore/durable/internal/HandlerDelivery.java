package io.github.beatbrackerz.eventstore.durable.internal;

import io.github.beatbrackerz.eventstore.durable.EventBatchHandler;
import io.github.beatbrackerz.eventstore.durable.EventHandler;
import io.github.beatbrackerz.eventstore.durable.spi.DeadLetterStore;
import io.github.beatbrackerz.eventstore.durable.spi.Lease;
import io.github.beatbrackerz.eventstore.durable.spi.ReplayClaim;
import io.github.beatbrackerz.eventstore.error.LeaseLostException;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** At-least-once delivery to a per-event or per-batch handler; the runner stores checkpoints in batches. */
public final class HandlerDelivery implements Delivery {

    private final Function<List<RecordedEvent>, Mono<Void>> handler;
    private final boolean batched;

    private HandlerDelivery(Function<List<RecordedEvent>, Mono<Void>> handler, boolean batched) {
        this.handler = handler;
        this.batched = batched;
    }

    /**
     * Delivers one event per handler call.
     *
     * @param handler called per event
     * @return the delivery
     */
    public static Delivery perEvent(EventHandler handler) {
        return new HandlerDelivery(events -> handler.handle(events.get(0)), false);
    }

    /**
     * Delivers one batch of events per handler call.
     *
     * @param handler called per batch
     * @return the delivery
     */
    public static Delivery batches(EventBatchHandler handler) {
        return new HandlerDelivery(handler::handle, true);
    }

    @Override
    public boolean batched() {
        return batched;
    }

    @Override
    public boolean checkpointsWithBatch() {
        return false;
    }

    @Override
    public Mono<Void> apply(List<RecordedEvent> events, Lease lease) {
        return call(events);
    }

    @Override
    public Mono<Void> replay(RecordedEvent event, ReplayClaim claim, DeadLetterStore deadLetters) {
        return call(List.of(event)).then(deadLetters.replayed(claim)).flatMap(done -> done ? Mono.<Void>empty()
                : Mono.error(new LeaseLostException(claim.parked().subscription(), claim.parked().segment(),
                        "replay of parked event " + claim.parked().id(), claim.token())));
    }

    /** Calls the handler; a thrown exception or a null result becomes an error signal. */
    private Mono<Void> call(List<RecordedEvent> events) {
        return Mono.defer(() -> Objects.requireNonNull(handler.apply(events), "the handler returned null instead of a Mono"));
    }
}
