package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.durable.DurableStatus;
import io.github.beatbrackerz.eventstore.durable.ParkedEvent;
import io.github.beatbrackerz.eventstore.durable.Segments;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.github.beatbrackerz.eventstore.reliability.Admin.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import reactor.core.publisher.Mono;

/**
 * What the soak's durable subscriptions ({@link SoakDurable}) should have done, and what they did.
 * <ul>
 *   <li>At-least-once: every acknowledged event but the poison ones handled at least once, nothing
 *       handled that is not stored, each stream's first deliveries in sequence order (1, 2, 3, …);
 *       duplicates are counted, and each redelivery ({@link Redeliveries}: after a segment was
 *       resumed from its stored checkpoint, the run of calls for events handled before) must stay
 *       within {@code 10 x checkpointEvery + 1} events: the bound {@code DurableSubscriptionSpec}
 *       documents (the handler runs at most {@code 10 x checkpointEvery} events ahead of the stored
 *       checkpoint, plus one batch, here one event).</li>
 *   <li>Transactional: the read model equals what the ledger implies, stream by stream: as many
 *       events as acknowledged, the last acknowledged sequence, and no event that did not follow
 *       its stream's previous one (an effect applied twice or skipped).</li>
 *   <li>Both, once drained: every segment leased by one running instance, its checkpoint on the
 *       segment's last stored event, no lag; parked exactly the poison events (at-least-once) and
 *       nothing (transactional).</li>
 * </ul>
 */
record DurableCheck(int expected, int handled, int calls, int missing, int phantoms, Redeliveries redeliveries, int redeliveryBound,
        int orderBreaks, int streams, int readModelMismatches, long readModelEvents, List<String> examples) {

    static final String AT_LEAST_ONCE = "durable at-least-once handled all";
    static final String REDELIVERY = "durable redelivery within bound";
    static final String READ_MODEL = "durable read model exactly once";
    static final String SEGMENTS = "durable segments owned, at head";
    static final String PARKED = "durable parked only the poison";

    /**
     * Prints how far behind both names were when the workload ended, waits until both have handled
     * everything acknowledged (3 minutes at most each), then until their segments settle (1 minute
     * at most), checks everything and records the violations and the invariants' counts.
     *
     * @return the check, for the report
     */
    static DurableCheck verify(SoakDurable durable, List<StoredEvent> stored, Collection<Ledger.Ack> acked, Admin admin, Findings findings,
            Map<String, String> results) {
        System.out.println("[soak] durable lag when the workload ended (events, counted up to 10,000 per segment): "
                + lag(durable, SoakDurable.AT_LEAST_ONCE) + " " + SoakDurable.AT_LEAST_ONCE + ", "
                + lag(durable, SoakDurable.TRANSACTIONAL) + " " + SoakDurable.TRANSACTIONAL);
        long start = System.nanoTime();
        await("at-least-once caught up", Duration.ofMinutes(3), () -> atLeastOnceDrained(durable, acked), start);
        await("read model caught up", Duration.ofMinutes(3), () -> readModelDrained(durable, acked, admin), start);
        List<String> settled = new ArrayList<>();
        boolean ok = await("segments settled", Duration.ofMinutes(1), () -> {
            settled.clear();
            settled.addAll(segmentProblems(durable, SoakDurable.AT_LEAST_ONCE, SoakDurable.AT_LEAST_ONCE_SEGMENTS, stored));
            settled.addAll(segmentProblems(durable, SoakDurable.TRANSACTIONAL, SoakDurable.TRANSACTIONAL_SEGMENTS, stored));
            return settled.isEmpty();
        }, start);
        if (!ok) {
            settled.forEach(problem -> findings.violation(SEGMENTS, problem));
        }
        parkedProblems(durable).forEach(problem -> findings.violation(PARKED, problem));

        DurableCheck check = of(durable, stored, acked, admin);
        if (!check.handledAll()) {
            findings.violation(AT_LEAST_ONCE, check.toString());
        }
        Redeliveries r = check.redeliveries();
        if (!check.redeliveryBounded()) {
            findings.violation(REDELIVERY, "longest redeliveries " + r.longestEpisodes() + ", bound: fewer than " + check.redeliveryBound()
                    + "; duplicates without a rewind " + r.withoutRewind());
        }
        if (!check.readModelExact()) {
            findings.violation(READ_MODEL, check.readModelMismatches() + " streams differ: " + check.examples());
        }
        results.put(AT_LEAST_ONCE, check.expected() + " acknowledged events, " + check.handled() + " handled in " + check.calls()
                + " calls, first deliveries in per-stream order");
        results.put(REDELIVERY, r.duplicates() + " duplicates in " + r.episodes() + " redeliveries (" + r.sameInstance()
                + " by the same instance), longest " + r.longest() + " (bound: fewer than " + check.redeliveryBound() + ")");
        results.put(READ_MODEL, check.streams() + " streams, " + check.readModelEvents() + " events applied");
        results.put(SEGMENTS, SoakDurable.AT_LEAST_ONCE_SEGMENTS + " + " + SoakDurable.TRANSACTIONAL_SEGMENTS
                + " segments: one running owner each, checkpoint on the last event, no lag");
        results.put(PARKED, durable.poisonIds().size() + " poison events parked by " + SoakDurable.AT_LEAST_ONCE + ", none by "
                + SoakDurable.TRANSACTIONAL);
        return check;
    }

    /** Waits for a condition, polling every 500 ms, and prints when it held (or that it did not). */
    private static boolean await(String what, Duration bound, Callable<Boolean> condition, long since) {
        try {
            Awaitility.await(what).atMost(bound).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(condition);
            System.out.printf("[soak] durable %s %.1f s after the workload%n", what, (System.nanoTime() - since) / 1e9);
            return true;
        } catch (ConditionTimeoutException e) {
            System.out.println("[soak] durable " + what + ": not within " + bound + "; the check below lists what is wrong");
            return false;
        }
    }

    private static String lag(SoakDurable durable, String name) {
        List<DurableStatus> status = durable.anyRunning().status(name).collectList().onErrorResume(e -> Mono.just(List.of()))
                .block(Admin.BOUND);
        return status == null ? "?" : String.valueOf(status.stream().mapToLong(s -> s.lag() == null ? 0 : s.lag().events()).sum());
    }

    /** @return whether at-least-once has handled every acknowledged event but the poison ones */
    static boolean atLeastOnceDrained(SoakDurable durable, Collection<Ledger.Ack> acked) {
        Set<UUID> handled = new HashSet<>();
        durable.deliveries().forEach(d -> handled.add(d.id()));
        Set<UUID> poison = new HashSet<>(durable.poisonIds());
        for (Ledger.Ack ack : acked) {
            if (!poison.contains(ack.id()) && !handled.contains(ack.id())) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the read model has applied as many events as were acknowledged */
    static boolean readModelDrained(SoakDurable durable, Collection<Ledger.Ack> acked, Admin admin) {
        Long applied = admin.query("SELECT coalesce(sum(events), 0)::bigint FROM " + durable.readModelTable(), List.of(),
                row -> row.get(0, Long.class)).blockFirst(Admin.BOUND);
        return applied != null && applied >= acked.size();
    }

    static DurableCheck of(SoakDurable durable, List<StoredEvent> stored, Collection<Ledger.Ack> acked, Admin admin) {
        List<String> examples = new ArrayList<>();
        Set<UUID> poison = new HashSet<>(durable.poisonIds());
        Set<UUID> storedIds = new HashSet<>();
        stored.forEach(e -> storedIds.add(e.id()));
        List<SoakDurable.Delivery> deliveries = durable.deliveries();

        Set<UUID> seen = new HashSet<>();
        Map<StreamId, Long> firstDelivered = new HashMap<>();
        int phantoms = 0;
        int orderBreaks = 0;
        for (SoakDurable.Delivery d : deliveries) {
            if (!storedIds.contains(d.id())) {
                phantoms++;
                note(examples, "handled but not stored: " + d);
            }
            if (seen.add(d.id())) {
                long previous = firstDelivered.getOrDefault(d.stream(), 0L);
                if (d.sequence() != previous + 1) {
                    orderBreaks++;
                    note(examples, d.stream() + ": first delivery of sequence " + d.sequence() + " after " + previous + " (" + d.instance() + ")");
                }
                firstDelivered.put(d.stream(), Math.max(previous, d.sequence()));
            }
        }
        Redeliveries redeliveries = Redeliveries.of(deliveries);
        int expected = 0;
        int missing = 0;
        for (Ledger.Ack ack : acked) {
            if (poison.contains(ack.id())) {
                continue;
            }
            expected++;
            if (!seen.contains(ack.id())) {
                missing++;
                note(examples, "never handled: " + ack);
            }
        }
        int every = SoakDurable.atLeastOnceSpec().checkpointEvery();
        // DurableSubscriptionSpec: never more than 10 x checkpointEvery events plus one batch (one event here)
        int bound = 10 * every + 2;

        Map<String, long[]> implied = new HashMap<>();
        for (Ledger.Ack ack : acked) {
            long[] counts = implied.computeIfAbsent(ack.stream().toString(), k -> new long[2]);
            counts[0]++;
            counts[1] = Math.max(counts[1], ack.sequence());
        }
        Map<String, long[]> model = new HashMap<>();
        admin.query("SELECT stream, events, last_sequence, out_of_order FROM " + durable.readModelTable(), List.of(),
                row -> Map.entry(row.get(0, String.class), new long[] {row.get(1, Long.class), row.get(2, Long.class), row.get(3, Long.class)}))
                .toStream().forEach(e -> model.put(e.getKey(), e.getValue()));
        int mismatches = 0;
        long modelEvents = 0;
        for (Map.Entry<String, long[]> row : model.entrySet()) {
            long[] m = row.getValue();
            long[] want = implied.get(row.getKey());
            modelEvents += m[0];
            if (want == null || m[0] != want[0] || m[1] != want[1] || m[2] != 0) {
                mismatches++;
                note(examples, "read model " + row.getKey() + ": events=" + m[0] + " last=" + m[1] + " outOfOrder=" + m[2]
                        + ", the ledger implies " + (want == null ? "nothing" : "events=" + want[0] + " last=" + want[1]));
            }
        }
        for (String stream : implied.keySet()) {
            if (!model.containsKey(stream)) {
                mismatches++;
                note(examples, "read model has no row for " + stream + " (" + implied.get(stream)[0] + " events acknowledged)");
            }
        }
        return new DurableCheck(expected, seen.size(), deliveries.size(), missing, phantoms, redeliveries, bound, orderBreaks, implied.size(), mismatches, modelEvents, List.copyOf(examples));
    }

    /**
     * @return what is wrong with a name's segments right now (empty when each is leased by a running
     *     instance of this soak, exactly one instance holds it, its checkpoint is its last stored
     *     event and it has no lag)
     */
    static List<String> segmentProblems(SoakDurable durable, String name, int count, List<StoredEvent> stored) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Position> head = new HashMap<>();
        for (StoredEvent event : stored) {
            head.merge(Segments.of(StreamId.of(event.aggregateId(), event.aggregateType()), count), event.position(),
                    (x, y) -> x.isAfter(y) ? x : y);
        }
        List<DurableStatus> status = durable.anyRunning().status(name).collectList().block(Admin.BOUND);
        List<String> owners = durable.owners(name);
        if (status == null || status.size() != count) {
            problems.add(name + ": status has " + (status == null ? 0 : status.size()) + " segments, expected " + count);
            return problems;
        }
        for (DurableStatus segment : status) {
            Position want = head.getOrDefault(segment.segment(), Position.BEGINNING);
            if (!segment.leaseHeld() || !owners.contains(segment.owner())) {
                problems.add(name + " segment " + segment.segment() + ": owner " + segment.owner() + " held=" + segment.leaseHeld()
                        + ", running owners " + owners);
            }
            if (!segment.checkpoint().equals(want)) {
                problems.add(name + " segment " + segment.segment() + ": checkpoint " + segment.checkpoint() + ", last stored event " + want);
            }
            if (segment.lag() != null && segment.lag().events() != 0) {
                problems.add(name + " segment " + segment.segment() + ": lag " + segment.lag());
            }
        }
        Map<String, Set<Integer>> held = durable.heldSegments(name);
        Map<Integer, Integer> holders = new HashMap<>();
        held.values().forEach(segments -> segments.forEach(s -> holders.merge(s, 1, Integer::sum)));
        for (int s = 0; s < count; s++) {
            if (holders.getOrDefault(s, 0) != 1) {
                problems.add(name + " segment " + s + " is held by " + holders.getOrDefault(s, 0) + " running instances " + held);
            }
        }
        return problems;
    }

    /** @return what is wrong with the parked events: at-least-once parks exactly the poison events, transactional nothing */
    static List<String> parkedProblems(SoakDurable durable) {
        List<String> problems = new ArrayList<>();
        List<ParkedEvent> parked = durable.anyRunning().parked(SoakDurable.AT_LEAST_ONCE).collectList().block(Admin.BOUND);
        Set<UUID> ids = new HashSet<>();
        for (ParkedEvent event : parked == null ? List.<ParkedEvent>of() : parked) {
            if (!ids.add(event.eventId())) {
                problems.add(SoakDurable.AT_LEAST_ONCE + " parked " + event.eventId() + " twice");
            }
        }
        if (!ids.equals(new HashSet<>(durable.poisonIds()))) {
            problems.add(SoakDurable.AT_LEAST_ONCE + " parked " + ids + ", expected the poison events " + durable.poisonIds());
        }
        List<ParkedEvent> transactional = durable.anyRunning().parked(SoakDurable.TRANSACTIONAL).collectList().block(Admin.BOUND);
        if (transactional != null && !transactional.isEmpty()) {
            problems.add(SoakDurable.TRANSACTIONAL + " parked " + transactional.size() + " events, e.g. " + transactional.get(0));
        }
        return problems;
    }

    boolean handledAll() {
        return missing == 0 && phantoms == 0 && orderBreaks == 0;
    }

    boolean redeliveryBounded() {
        return redeliveries.longest() < redeliveryBound && redeliveries.withoutRewind() == 0;
    }

    boolean readModelExact() {
        return readModelMismatches == 0;
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < 10) {
            examples.add(example);
        }
    }
}
