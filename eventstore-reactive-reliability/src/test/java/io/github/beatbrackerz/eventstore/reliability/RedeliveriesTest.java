package io.github.beatbrackerz.eventstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.Position;
import io.github.beatbrackerz.eventstore.model.StreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How {@link Redeliveries} cuts a delivery log into redeliveries (pure logic, no database). */
class RedeliveriesTest {

    private final List<UUID> ids = new ArrayList<>();
    private final List<SoakDurable.Delivery> log = new ArrayList<>();

    @Test
    void aTakeoverAndAResumeBySameInstanceAreTwoRedeliveriesNotOneRun() {
        deliver(0, "a#1", 1, 2, 3, 4, 5, 6);
        deliver(0, "b#1", 3, 4, 5, 6, 7, 8);     // b took over from the checkpoint after 2: 4 events again
        deliver(0, "b#1", 7, 8, 9);              // b resumed from its checkpoint after 6: 2 events again
        deliver(1, "a#1", 20, 21);               // another segment, nothing again

        Redeliveries r = Redeliveries.of(log);

        assertThat(r.duplicates()).isEqualTo(6);
        assertThat(r.episodes()).isEqualTo(2);
        assertThat(r.sameInstance()).isEqualTo(1);
        assertThat(r.longest()).isEqualTo(4);
        assertThat(r.withoutRewind()).isZero();
        assertThat(r.longestEpisodes().get(0)).isEqualTo(new Redeliveries.Episode(0, "a#1", "b#1", 4, position(3), position(6)));
    }

    @Test
    void anEventHandledAgainWithoutARewindIsCountedApart() {
        // 5 before 2 is out of position order; 5 again then follows a first delivery at a lower position: no rewind
        deliver(0, "a#1", 5, 2, 5);

        Redeliveries r = Redeliveries.of(log);

        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.withoutRewind()).isEqualTo(1);
        assertThat(r.episodes()).isZero();
    }

    private void deliver(int segment, String instance, int... events) {
        for (int n : events) {
            log.add(new SoakDurable.Delivery(id(n), StreamId.of("s" + segment, "t"), n, position(n), segment, instance));
        }
    }

    private UUID id(int n) {
        while (ids.size() <= n) {
            ids.add(UUID.randomUUID());
        }
        return ids.get(n);
    }

    private static Position position(int n) {
        return Position.of(1000 + n, n);
    }
}
