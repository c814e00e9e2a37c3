package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

/**
 * Runs one API call under a time bound and classifies what came back: values, a
 * {@link ValidationException} (thrown at call time or signalled), or anything else. Collects
 * problems instead of failing at the first, so one run lists every finding.
 */
final class Outcomes {

    static final Duration BOUND = Duration.ofSeconds(20);

    /** What a call did. */
    record Outcome(@Nullable List<Object> values, @Nullable Throwable error) {
        boolean succeeded() {
            return error == null;
        }

        @Nullable String validationField() {
            return error instanceof ValidationException v ? v.field() : null;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private int calls;

    @SuppressWarnings("unchecked")
    Outcome run(Supplier<? extends Publisher<?>> call) {
        calls++;
        try {
            Publisher<?> publisher = call.get();
            List<Object> values = (List<Object>) Flux.from(publisher).collectList().timeout(BOUND).block(BOUND.plusSeconds(5));
            return new Outcome(values, null);
        } catch (Throwable raw) {
            return new Outcome(null, Exceptions.unwrap(raw));
        }
    }

    /** Records a problem unless the call failed with a {@link ValidationException} on {@code field}. */
    void expectValidation(String what, String field, Supplier<? extends Publisher<?>> call) {
        Outcome outcome = run(call);
        if (!field.equals(outcome.validationField())) {
            problem(what + ": expected ValidationException on '" + field + "', got " + describe(outcome));
        }
    }

    /** Records a problem unless the call succeeded; returns its values (empty on failure). */
    List<Object> expectSuccess(String what, Supplier<? extends Publisher<?>> call) {
        Outcome outcome = run(call);
        if (!outcome.succeeded()) {
            problem(what + ": expected success, got " + describe(outcome));
            return List.of();
        }
        return outcome.values();
    }

    void problem(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return problems;
    }

    int calls() {
        return calls;
    }

    static String describe(Outcome outcome) {
        Throwable error = outcome.error();
        if (error == null) {
            return "success with " + outcome.values().size() + " values";
        }
        String kind = error instanceof TimeoutException ? "a hang (no answer within " + BOUND.toSeconds() + " s)" : error.getClass().getName();
        String message = String.valueOf(error.getMessage());
        return kind + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }
}
