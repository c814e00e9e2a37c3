package io.github.beatbrackerz.eventstore.memory;

import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs work under a monitor on subscription, emitting its result outside the monitor. */
final class Locked {

    private Locked() {
    }

    static <T> Mono<T> mono(Object lock, Supplier<T> work) {
        return Mono.fromCallable(() -> {
            synchronized (lock) {
                return work.get();
            }
        });
    }

    static <T> Flux<T> flux(Object lock, Supplier<List<T>> work) {
        return Flux.defer(() -> {
            List<T> result;
            synchronized (lock) {
                result = work.get();
            }
            return Flux.fromIterable(result);
        });
    }
}
