package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.model.ExpectedVersion;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import reactor.core.Exceptions;

/**
 * Appends a batch through a store and settles its outcome. A failed append is checked at once for
 * a partial write (its ids must be all stored or none), then retried with the same event ids
 * until it is acknowledged (an idempotent retry also settles an append whose COMMIT was sent
 * before its connection died) or definitively refused by a concurrency conflict.
 */
final class Appends {

    static final Duration CALL_BOUND = Duration.ofSeconds(60);
    private static final int RETRIES = 8;

    private final Ledger ledger;
    private final Findings findings;
    private final Admin admin;

    Appends(Ledger ledger, Findings findings, Admin admin) {
        this.ledger = ledger;
        this.findings = findings;
        this.admin = admin;
    }

    /** @return the acknowledged events, or an empty list if the append was finally refused or never settled */
    List<RecordedEvent> append(EventStore store, String kind, List<NewEvent> events, ExpectedVersion expected) {
        List<UUID> ids = events.stream().map(NewEvent::eventId).toList();
        long started = System.nanoTime();
        findings.counters.inc("appends." + kind);
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            try {
                List<RecordedEvent> stored = call(store, events, expected);
                check(events, stored);
                ledger.acknowledged(stored, started);
                findings.counters.add("appends.events acknowledged", stored.size());
                if (attempt > 0) {
                    findings.counters.inc("appends.settled by retry");
                }
                return stored;
            } catch (Throwable raw) {
                Throwable error = Exceptions.unwrap(raw);
                findings.error("append", error);
                long present = admin.countIds(ids);
                if (present != 0 && present != ids.size()) {
                    findings.violation("no partial write", kind + " batch " + ids + " has " + present + " of " + ids.size() + " after " + error);
                }
                if (error instanceof ConcurrencyConflictException) {
                    if (present != 0) {
                        findings.violation("no partial write", "conflicted batch " + ids + " is stored");
                    }
                    findings.counters.inc(attempt == 0 ? "appends.conflicts" : "appends.conflicts on retry");
                    ledger.failed(ids);
                    return List.of();
                }
                if (present == ids.size()) {
                    findings.counters.inc("appends.failed but committed (ambiguous)");
                }
                LockSupport.parkNanos(Duration.ofMillis(Math.min(2000, 100L << attempt)).toNanos());
            }
        }
        findings.counters.inc("appends.unsettled after retries");
        ledger.failed(ids);
        return List.of();
    }

    private static List<RecordedEvent> call(EventStore store, List<NewEvent> events, ExpectedVersion expected) throws TimeoutException {
        List<RecordedEvent> stored = (events.size() == 1
                ? store.appendEvent(events.get(0), expected).flux()
                : store.appendEvents(events, expected))
                .collectList()
                .timeout(CALL_BOUND)
                .block(CALL_BOUND.plusSeconds(5));
        if (stored == null) {
            throw new TimeoutException("append returned nothing");
        }
        return stored;
    }

    private void check(List<NewEvent> events, List<RecordedEvent> stored) {
        if (stored.size() != events.size()) {
            findings.violation("acknowledged appends stored", "asked " + events.size() + ", acknowledged " + stored.size());
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            NewEvent asked = events.get(i);
            RecordedEvent got = stored.get(i);
            if (!got.id().equals(asked.eventId()) || !got.stream().equals(asked.stream()) || !got.payload().equals(asked.payload())) {
                findings.violation("acknowledged appends stored", "acknowledged " + got.id() + " differs from what was asked: " + asked.eventId());
            }
        }
    }
}
