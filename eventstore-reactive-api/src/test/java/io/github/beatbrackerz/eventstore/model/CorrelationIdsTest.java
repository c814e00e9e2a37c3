package io.github.beatbrackerz.eventstore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading a metadata member as PostgreSQL's {@code ->>} does, from the text (streaming) and from
 * a parsed tree alike.
 */
class CorrelationIdsTest {

    private static RecordedEvent recorded(Json metadata) {
        return new RecordedEvent(UUID.randomUUID(), "T", StreamId.of("a", "b"), 1, 1, Json.emptyObject(), metadata,
                Instant.EPOCH, "me", Position.of(1, 1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "{}                                                        | NONE",
        "{\"correlationId\":\"c-1\"}                                | c-1",
        "{\"correlation\\u0049d\":\"c-\\u0031\"}                     | c-1",
        "{\"correlationId\":\"a\",\"x\":1,\"correlationId\":\"b\"}    | b",
        "{\"n\":{\"correlationId\":\"no\"},\"correlationId\":\"yes\"} | yes",
        "{\"n\":{\"correlationId\":\"no\"},\"l\":[\"correlationId\"]} | NONE",
        "{\"correlationId\":42}                                     | 42",
        "{\"correlationId\":true}                                   | true",
        "{\"correlationId\":null}                                   | NONE",
        "{\"correlationId\":{\"a\":1}}                              | NONE",
        "{\"correlationId\":[\"c-1\"]}                              | NONE",
        "[\"correlationId\"]                                        | NONE",
        "\"correlationId\"                                          | NONE",
    })
    void readsTheTopLevelMemberAsPostgresDoes(String metadata, String expected) {
        assertThat(recorded(Json.trusted(metadata)).correlationId()).as("streamed").isEqualTo(expected);
        assertThat(recorded(Json.parse(metadata)).correlationId()).as("from the tree").isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} matches c-1: {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"correlationId\":\"c-1\"}                  | true",
        "{\"correlationId\":\"c-10\"}                 | false",
        "{\"causationId\":\"c-1\"}                    | false",
        "{\"n\":{\"correlationId\":\"c-1\"}}          | false",
        "{\"correlationId\":\"\\u0063-1\"}            | true",
        "{}                                          | false",
    })
    void aFilterMatchesTheTopLevelCorrelationIdOnly(String metadata, boolean matches) {
        EventFilter filter = EventFilter.correlationId("c-1");
        assertThat(filter.matches(recorded(Json.trusted(metadata)))).isEqualTo(matches);
        assertThat(filter.matches(recorded(Json.parse(metadata)))).isEqualTo(matches);
        assertThat(filter.withTypes("T").matches(recorded(Json.trusted(metadata)))).isEqualTo(matches);
        assertThat(filter.withTypes("U").matches(recorded(Json.trusted(metadata)))).isFalse();
        assertThat(new EventFilter(null, null, Set.of(), null).matches(recorded(Json.trusted(metadata)))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"causationId\":\"k\"}  | k",
        "{\"correlationId\":\"k\"} | NONE",
    })
    void causationIdsReadLikeCorrelationIds(String metadata, String expected) {
        String causation = "NONE".equals(expected) ? null : expected;
        assertThat(recorded(Json.trusted(metadata)).causationId()).isEqualTo(causation);
        assertThat(NewEvent.builder().type("T").aggregateId("a").aggregateType("b").createdBy("me").metadataJson(metadata).build()
                .causationId()).isEqualTo(causation);
    }
}
