package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.error.EventStoreException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;

/**
 * Everything the soak observed while running: counters of operations and faults, and violations
 * of the invariants seen on the way (with up to ten examples each). End-of-run checks add theirs.
 */
final class Findings {

    private static final int EXAMPLES = 10;

    final Counters counters = new Counters();
    private final Map<String, Queue<String>> violations = new ConcurrentHashMap<>();

    void violation(String invariant, String example) {
        counters.inc("violation." + invariant);
        Queue<String> examples = violations.computeIfAbsent(invariant, k -> new ConcurrentLinkedQueue<>());
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    long violations(String invariant) {
        return counters.get("violation." + invariant);
    }

    List<String> examples(String invariant) {
        return List.copyOf(violations.getOrDefault(invariant, new ConcurrentLinkedQueue<>()));
    }

    Map<String, List<String>> allViolations() {
        Map<String, List<String>> out = new TreeMap<>();
        violations.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /** Counts an error by kind, and records one that is not a typed {@link EventStoreException}. */
    void error(String operation, Throwable error) {
        counters.inc("errors." + operation + "." + error.getClass().getSimpleName());
        if (isStatementTimeout(error)) {
            counters.inc("faults.statement timeouts fired");
        }
        if (error instanceof TimeoutException) {
            violation("no call hung", operation + " did not finish within its bound");
        } else if (!(error instanceof EventStoreException)) {
            violation("typed errors", operation + ": " + error);
        }
    }

    static boolean isStatementTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("statement timeout")) {
                return true;
            }
        }
        return false;
    }
}
