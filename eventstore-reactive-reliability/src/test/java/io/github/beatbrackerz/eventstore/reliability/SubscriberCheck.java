package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.reliability.Admin.StoredEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.github.beatbrackerz.eventstore.model.Position;

/**
 * What one subscriber should have received, and what it did. A catch-up subscriber must receive
 * exactly the stored events after its start position that match its filter. A live one must
 * receive every matching event whose append started after it was attached (its first event), and
 * nothing that is not stored. Both: no duplicate, and strictly increasing {@code Position}s
 * ({@code outOfOrder} counts violations).
 *
 * <p>{@code sequenceInversions} counts events whose sequence number is not the previous one of
 * their aggregate plus one: the engine promises per-aggregate sequence order, and the append path
 * takes its per-stream locks before any write so that transaction ids follow sequence numbers.
 */
record SubscriberCheck(String name, int received, int expected, int missing, int duplicates, int phantoms, int outOfOrder,
        int sequenceInversions, List<String> examples) {

    static SubscriberCheck of(SoakSubscriber subscriber, List<StoredEvent> stored, Collection<Ledger.Ack> acked) {
        Set<UUID> required = required(subscriber, stored, acked);
        Set<UUID> storedIds = new HashSet<>();
        stored.forEach(e -> storedIds.add(e.id()));
        List<SoakSubscriber.Received> received = subscriber.received();
        Set<UUID> seen = new LinkedHashSet<>();
        Map<String, Long> lastSequence = new HashMap<>();
        int duplicates = 0;
        int phantoms = 0;
        int outOfOrder = 0;
        int inversions = 0;
        Position lastPosition = null;
        List<String> examples = new java.util.ArrayList<>();
        Set<UUID> receivedIds = new HashSet<>();
        received.forEach(r -> receivedIds.add(r.event().id()));
        Position lastReceived = received.isEmpty() ? null : received.get(received.size() - 1).event().position();
        Map<UUID, StoredEvent> byId = new HashMap<>();
        stored.forEach(e -> byId.put(e.id(), e));
        int missing = 0;
        for (UUID id : required) {
            if (!receivedIds.contains(id)) {
                missing++;
                StoredEvent event = byId.get(id);
                note(examples, "missing " + id + (event == null ? "" : " " + event.streamKey() + "#" + event.sequence() + " at " + event.position()
                        + (lastReceived != null && event.position().isAfter(lastReceived) ? " (after the last delivered " + lastReceived + ")"
                        : " (before the last delivered " + lastReceived + ")")));
            }
        }
        for (SoakSubscriber.Received r : received) {
            UUID id = r.event().id();
            if (!seen.add(id)) {
                duplicates++;
                note(examples, "duplicate " + id);
            }
            if (!storedIds.contains(id)) {
                phantoms++;
                note(examples, "not stored " + id);
            }
            if (lastPosition != null && !r.event().position().isAfter(lastPosition)) {
                outOfOrder++;
                note(examples, "position " + r.event().position() + " after " + lastPosition);
            }
            lastPosition = r.event().position();
            String key = r.event().stream().toString();
            Long last = lastSequence.put(key, r.event().sequenceNumber());
            if (last != null && r.event().sequenceNumber() != last + 1) {
                inversions++;
                note(examples, key + ": sequence " + r.event().sequenceNumber() + " after " + last);
            }
        }
        return new SubscriberCheck(subscriber.name(), received.size(), required.size(), missing, duplicates, phantoms, outOfOrder, inversions, examples);
    }

    /** @return whether everything required has arrived (used to wait for delivery to finish) */
    static boolean complete(SoakSubscriber subscriber, List<StoredEvent> stored, Collection<Ledger.Ack> acked) {
        Set<UUID> seen = new HashSet<>();
        subscriber.received().forEach(r -> seen.add(r.event().id()));
        return seen.containsAll(required(subscriber, stored, acked));
    }

    boolean ok() {
        return missing == 0 && duplicates == 0 && phantoms == 0 && outOfOrder == 0 && sequenceInversions == 0;
    }

    private static Set<UUID> required(SoakSubscriber subscriber, List<StoredEvent> stored, Collection<Ledger.Ack> acked) {
        Set<UUID> required = new HashSet<>();
        if (subscriber.live()) {
            long attached = subscriber.attachedNanos();
            for (Ledger.Ack ack : acked) {
                if (attached != 0 && ack.startedNanos() > attached && matches(subscriber, ack.stream().aggregateType(), ack.stream().aggregateId())) {
                    required.add(ack.id());
                }
            }
        } else {
            for (StoredEvent event : stored) {
                if (event.position().isAfter(subscriber.startPosition()) && matches(subscriber, event.aggregateType(), event.aggregateId())) {
                    required.add(event.id());
                }
            }
        }
        return required;
    }

    private static boolean matches(SoakSubscriber subscriber, String aggregateType, String aggregateId) {
        var filter = subscriber.filter();
        return (filter.aggregateType() == null || filter.aggregateType().equals(aggregateType))
                && (filter.aggregateId() == null || filter.aggregateId().equals(aggregateId));
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < 5) {
            examples.add(example);
        }
    }
}
