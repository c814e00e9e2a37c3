package io.github.beatbrackerz.eventstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.Projection;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.upcast.Upcaster;
import io.github.beatbrackerz.eventstore.upcast.Upcasters;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Helpers of the upcasting conformance tests. The event type {@value #PLACED} has three schema
 * versions: 1 is {@code {"amount": n}}, 2 renamed it {@code {"total": n}}, 3 added {@code
 * "currency": "EUR"}.
 */
public interface UpcastingSupport extends ConformanceSupport {

    /** The evolving event type. */
    String PLACED = "Placed";

    /** Its current version. */
    int CURRENT = 3;

    /** Brings {@value #PLACED} from version 1 or 2 to 3. */
    Upcasters UPCASTERS = Upcasters.of(
            Upcaster.ofTree(PLACED, 2, tree -> ((ObjectNode) tree).put("currency", "EUR")),
            Upcaster.ofTree(PLACED, 1, tree -> {
                ObjectNode node = (ObjectNode) tree;
                node.set("total", node.remove("amount"));
                return node;
            }));

    /** @return a view of the store under test that upcasts with {@link #UPCASTERS}, over the same storage and cache */
    default EventStore upcasting() {
        return UPCASTERS.applyTo(store());
    }

    /**
     * A {@value #PLACED} event written in one of its versions.
     *
     * @param aggregateId the order id
     * @param version the version the writer states, 1 to 3
     * @param total the amount, under the name that version uses
     * @return the event
     */
    default NewEvent placed(String aggregateId, int version, long total) {
        Map<String, Object> payload = switch (version) {
            case 1 -> Map.of("amount", total);
            case 2 -> Map.of("total", total);
            default -> Map.of("total", total, "currency", "EUR");
        };
        return NewEvent.builder().type(PLACED).aggregateId(aggregateId).aggregateType(ORDER).createdBy("tck")
                .payload(payload).version(version).build();
    }

    /** @return the payload of a {@value #PLACED} event in the current version */
    static Json currentPayload(long total) {
        return Json.parse("{\"total\":" + total + ",\"currency\":\"EUR\"}");
    }

    /**
     * Asserts that read events are the stored ones in the current version: same ids, streams,
     * numbers, metadata and positions, payloads upcast.
     *
     * @param read what a read returned
     * @param stored what the appends returned, in the same order
     * @param totals each event's total
     */
    static void assertUpcast(List<RecordedEvent> read, List<RecordedEvent> stored, long... totals) {
        assertThat(read).extracting(RecordedEvent::id).containsExactlyElementsOf(stored.stream().map(RecordedEvent::id).toList());
        assertThat(read).extracting(RecordedEvent::position).containsExactlyElementsOf(stored.stream().map(RecordedEvent::position).toList());
        assertThat(read).extracting(RecordedEvent::metadata).containsExactlyElementsOf(stored.stream().map(RecordedEvent::metadata).toList());
        assertThat(read).extracting(RecordedEvent::version).containsOnly(CURRENT);
        for (int i = 0; i < read.size(); i++) {
            assertThat(read.get(i).payload()).isEqualTo(currentPayload(totals[i]));
        }
    }

    /** @return a projection summing the current version's {@code total}, snapshot version {@code 3} */
    default Projection<Tally> totals() {
        Projection<Tally> sum = Projection.of(Tally.class, new Tally(0, 0),
                (state, event) -> new Tally(state.sum() + event.payload().node().get("total").asLong(), state.count() + 1));
        return new Projection<>() {
            @Override
            public Tally initialState() {
                return sum.initialState();
            }

            @Override
            public Tally applyEvent(Tally state, RecordedEvent event) {
                return sum.applyEvent(state, event);
            }

            @Override
            public Class<Tally> stateType() {
                return Tally.class;
            }

            @Override
            public int snapshotVersion() {
                return CURRENT;
            }
        };
    }
}
