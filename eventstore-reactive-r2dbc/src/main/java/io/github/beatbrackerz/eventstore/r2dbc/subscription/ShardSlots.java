package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The subscriber slots of one delivery shard, indexed by what their filters select, so that a
 * page reaches only the slots that can want its events: a slot filtered to one aggregate sees
 * only that aggregate's events, one filtered to an aggregate type only that type's. With ten
 * thousand subscribers each watching its own aggregate, an event costs one offer, not ten
 * thousand. Immutable: adding or removing a slot makes a new instance.
 *
 * @param all every slot, in registration order
 * @param unindexed slots whose filter names neither an aggregate id nor a type
 * @param byAggregateId slots whose filter names an aggregate id
 * @param byAggregateType slots whose filter names an aggregate type and no id
 */
record ShardSlots(
        SubscriberSlot[] all,
        SubscriberSlot[] unindexed,
        Map<String, SubscriberSlot[]> byAggregateId,
        Map<String, SubscriberSlot[]> byAggregateType) {

    static final ShardSlots EMPTY = new ShardSlots(new SubscriberSlot[0], new SubscriberSlot[0], Map.of(), Map.of());

    /** @return how many slots the shard serves */
    int size() {
        return all.length;
    }

    /** @return these slots and one more */
    ShardSlots plus(SubscriberSlot slot) {
        SubscriberSlot[] grown = Arrays.copyOf(all, all.length + 1);
        grown[all.length] = slot;
        return index(grown);
    }

    /** @return these slots without one (the same instance if it is not here) */
    ShardSlots minus(SubscriberSlot slot) {
        int at = Arrays.asList(all).indexOf(slot);
        if (at < 0) {
            return this;
        }
        SubscriberSlot[] shrunk = new SubscriberSlot[all.length - 1];
        System.arraycopy(all, 0, shrunk, 0, at);
        System.arraycopy(all, at + 1, shrunk, at, all.length - at - 1);
        return index(shrunk);
    }

    /**
     * Offers a page to every slot that may want some of it, each slot the events its index key
     * selects, in page order; the slot's own filter decides the rest.
     */
    void deliver(List<RecordedEvent> page, SlotAction offer) {
        for (SubscriberSlot slot : unindexed) {
            offer.apply(slot, page);
        }
        deliverIndexed(page, byAggregateId, RecordedEvent::aggregateId, offer);
        deliverIndexed(page, byAggregateType, RecordedEvent::aggregateType, offer);
    }

    /** What to do with one slot and its part of a page. */
    @FunctionalInterface
    interface SlotAction {
        void apply(SubscriberSlot slot, List<RecordedEvent> events);
    }

    private static void deliverIndexed(List<RecordedEvent> page, Map<String, SubscriberSlot[]> index,
            Function<RecordedEvent, String> key, SlotAction offer) {
        if (index.isEmpty()) {
            return;
        }
        Map<String, List<RecordedEvent>> parts = new LinkedHashMap<>();
        for (RecordedEvent event : page) {
            String value = key.apply(event);
            if (index.containsKey(value)) {
                parts.computeIfAbsent(value, k -> new ArrayList<>()).add(event);
            }
        }
        parts.forEach((value, events) -> {
            for (SubscriberSlot slot : index.get(value)) {
                offer.apply(slot, events);
            }
        });
    }

    private static ShardSlots index(SubscriberSlot[] slots) {
        List<SubscriberSlot> unindexed = new ArrayList<>();
        Map<String, List<SubscriberSlot>> byId = new HashMap<>();
        Map<String, List<SubscriberSlot>> byType = new HashMap<>();
        for (SubscriberSlot slot : slots) {
            @Nullable String id = slot.filter().aggregateId();
            @Nullable String type = slot.filter().aggregateType();
            if (id != null) {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(slot);
            } else if (type != null) {
                byType.computeIfAbsent(type, k -> new ArrayList<>()).add(slot);
            } else {
                unindexed.add(slot);
            }
        }
        return new ShardSlots(slots, unindexed.toArray(SubscriberSlot[]::new), arrays(byId), arrays(byType));
    }

    private static Map<String, SubscriberSlot[]> arrays(Map<String, List<SubscriberSlot>> lists) {
        Map<String, SubscriberSlot[]> arrays = new HashMap<>();
        lists.forEach((key, list) -> arrays.put(key, list.toArray(SubscriberSlot[]::new)));
        return Map.copyOf(arrays);
    }
}
