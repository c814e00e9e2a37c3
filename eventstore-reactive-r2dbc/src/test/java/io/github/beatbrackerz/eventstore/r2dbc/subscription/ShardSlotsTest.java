package io.github.beatbrackerz.eventstore.r2dbc.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShardSlotsTest {

    private final SubscriberSlot everything = SubscriberSlot.live(EventFilter.all(), 10);
    private final SubscriberSlot orders = SubscriberSlot.live(EventFilter.aggregateType("Order"), 10);
    private final SubscriberSlot orderOne = SubscriberSlot.live(EventFilter.forStream(StreamId.of("o-1", "Order")), 10);
    private final SubscriberSlot paidOnly = SubscriberSlot.live(EventFilter.all().withTypes("Paid"), 10);

    @Test
    void eachSlotIsOfferedOnlyThePartOfThePageItsIndexKeySelectsInPageOrder() {
        ShardSlots shard = ShardSlots.EMPTY.plus(everything).plus(orders).plus(orderOne).plus(paidOnly);
        List<RecordedEvent> page = List.of(event("o-1", "Order", 1), event("i-1", "Invoice", 2), event("o-2", "Order", 3),
                event("o-1", "Order", 4));

        Map<SubscriberSlot, List<Long>> offered = offers(shard, page);

        assertThat(offered.get(everything)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(offered.get(paidOnly)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(offered.get(orders)).containsExactly(1L, 3L, 4L);
        assertThat(offered.get(orderOne)).containsExactly(1L, 4L);
        assertThat(shard.size()).isEqualTo(4);
    }

    @Test
    void slotsWithNothingForThemAreNotVisitedAndRemovedSlotsAreGone() {
        ShardSlots shard = ShardSlots.EMPTY.plus(orders).plus(orderOne).plus(everything).minus(everything);

        Map<SubscriberSlot, List<Long>> offered = offers(shard, List.of(event("i-1", "Invoice", 1)));

        assertThat(offered).isEmpty();
        assertThat(shard.size()).isEqualTo(2);
        assertThat(shard.minus(everything)).isSameAs(shard);
    }

    private static Map<SubscriberSlot, List<Long>> offers(ShardSlots shard, List<RecordedEvent> page) {
        Map<SubscriberSlot, List<Long>> offered = new IdentityHashMap<>();
        shard.deliver(page, (slot, events) -> events.forEach(
                event -> offered.computeIfAbsent(slot, s -> new ArrayList<>()).add(event.globalPosition())));
        return offered;
    }

    private static RecordedEvent event(String aggregateId, String aggregateType, long position) {
        return new RecordedEvent(UUID.randomUUID(), "Paid", StreamId.of(aggregateId, aggregateType), position, 1,
                Json.emptyObject(), Json.emptyObject(), Instant.now(), "test", Position.of(position, position));
    }
}
