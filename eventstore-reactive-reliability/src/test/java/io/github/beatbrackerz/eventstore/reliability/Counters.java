package io.github.beatbrackerz.eventstore.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named thread-safe counters, printed sorted by name. */
final class Counters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void inc(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long get(String name) {
        LongAdder adder = counts.get(name);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, Long> snapshot(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v.sum());
            }
        });
        return out;
    }
}
