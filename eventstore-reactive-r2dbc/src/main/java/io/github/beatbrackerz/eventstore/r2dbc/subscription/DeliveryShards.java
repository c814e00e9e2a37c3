package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Hands the shared reader's pages to subscriber slots on a few delivery threads instead of one
 * thread hop per subscriber. Slots are spread over one {@link Scheduler.Worker} per core of {@link
 * Schedulers#parallel()}; each worker runs its tasks one at a time in submission order, so every
 * slot sees pages in order, and a page costs one task per worker whatever the number of
 * subscribers. Within a shard, {@link ShardSlots} offers each page only to the slots whose filter
 * can want it.
 *
 * <p>Not thread-safe: the feed calls it under its lock, which also orders {@link #publish} with
 * registration. Tasks snapshot the slots of their shard when they are submitted, so a slot
 * registered later never receives an earlier page.
 */
final class DeliveryShards {

    private static final Logger LOG = Loggers.getLogger(DeliveryShards.class);
    private final Scheduler.Worker[] workers;
    private final ShardSlots[] slots;

    DeliveryShards(int count) {
        this.workers = new Scheduler.Worker[count];
        this.slots = new ShardSlots[count];
        for (int i = 0; i < count; i++) {
            workers[i] = Schedulers.parallel().createWorker();
            slots[i] = ShardSlots.EMPTY;
        }
    }

    /** Adds a slot to the shard with the fewest slots. */
    void add(SubscriberSlot slot) {
        int target = 0;
        for (int i = 1; i < slots.length; i++) {
            if (slots[i].size() < slots[target].size()) {
                target = i;
            }
        }
        slots[target] = slots[target].plus(slot);
        slot.shard = target;
    }

    /** Removes a slot; tasks already submitted may still offer it their page, which it ignores once terminated. */
    void remove(SubscriberSlot slot) {
        slots[slot.shard] = slots[slot.shard].minus(slot);
    }

    /**
     * Submits the page to every shard that has slots.
     *
     * @param whenDelivered runs once every shard has offered the page to its slots (at once when there are none)
     */
    void publish(List<RecordedEvent> page, Runnable whenDelivered) {
        int busy = 0;
        for (ShardSlots shard : slots) {
            busy += shard.size() > 0 ? 1 : 0;
        }
        if (busy == 0) {
            whenDelivered.run();
            return;
        }
        AtomicInteger pending = new AtomicInteger(busy);
        for (int i = 0; i < workers.length; i++) {
            ShardSlots snapshot = slots[i];
            if (snapshot.size() > 0) {
                run(i, () -> {
                    deliver(snapshot, page);
                    if (pending.decrementAndGet() == 0) {
                        whenDelivered.run();
                    }
                });
            }
        }
    }

    /** Runs an action for one slot on its shard, after every page submitted before. */
    void run(SubscriberSlot slot, Runnable action) {
        run(slot.shard, action);
    }

    /** Lets every task submitted so far run, then releases the workers. */
    void dispose() {
        for (Scheduler.Worker worker : workers) {
            try {
                worker.schedule(worker::dispose);
            } catch (RejectedExecutionException e) {
                worker.dispose();
            }
        }
    }

    private void run(int shard, Runnable task) {
        try {
            workers[shard].schedule(task);
        } catch (RejectedExecutionException e) {
            // only after dispose(): the feed is closed and its slots completed
            LOG.debug("delivery shard {} rejected a task after close", shard);
        }
    }

    private static void deliver(ShardSlots targets, List<RecordedEvent> page) {
        targets.deliver(page, DeliveryShards::offer);
    }

    private static void offer(SubscriberSlot slot, List<RecordedEvent> events) {
        try {
            slot.offer(events);
        } catch (RuntimeException | Error e) {
            // A subscriber that throws from onNext must not cost the others in its shard their delivery.
            LOG.warn("a live subscriber failed while receiving events; it is skipped", e);
            slot.complete();
        }
    }
}
