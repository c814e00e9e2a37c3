package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySqlTest {

    private static final SchemaName ES = new SchemaName("es");

    private final QuerySql.Statements statements = new QuerySql.Statements(ES);

    @Test
    void bindsEveryValueAndKeysSingleStreamPagesBySequenceNumber() {
        QuerySql sql = statements.of(EventQuery.builder().aggregateType("o'; --").aggregateId("100%").type("a_b").fromSequence(2L).build());

        assertThat(sql.sql()).doesNotContain("o'; --", "100%", "a_b", "LIKE")
                .isEqualTo("SELECT " + EventRowMapper.COLUMNS + " FROM es.events WHERE true AND aggregate_type = $1 AND aggregate_id = $2"
                        + " AND type = ANY($3::text[]) AND sequence_number >= $4"
                        + " AND sequence_number > $5 ORDER BY sequence_number ASC LIMIT $6");
        assertThat(sql.pageArgs(40L, 10)).hasSize(6).endsWith(40L, 10);
    }

    @Test
    void theFirstPageHasNoKeyBoundSinceAnotherProgramMayHaveWrittenAnyKey() {
        QuerySql sql = statements.of(EventQuery.builder().aggregateType("order").aggregateId("o-1").build());

        assertThat(sql.firstSql()).isEqualTo("SELECT " + EventRowMapper.COLUMNS + " FROM es.events WHERE true AND aggregate_type = $1"
                + " AND aggregate_id = $2 ORDER BY sequence_number ASC LIMIT $3");
        assertThat(sql.firstPageArgs(10)).isEqualTo(List.of("order", "o-1", 10));
        assertThat(statements.of(EventQuery.builder().order(SortOrder.DESC).build()).firstSql())
                .endsWith(" FROM es.events WHERE true ORDER BY global_position DESC LIMIT $1");
    }

    @Test
    void pagesOtherQueriesByGlobalPositionAndDescendsFromTheTop() {
        QuerySql sql = statements.of(EventQuery.builder().aggregateType("order").order(SortOrder.DESC).build());

        assertThat(sql.sql()).contains("global_position < $2 ORDER BY global_position DESC LIMIT $3");
        assertThat(sql.pageArgs(Long.MAX_VALUE, 5)).isEqualTo(List.of("order", Long.MAX_VALUE, 5));
    }

    @Test
    void numbersTimeRangesAfterTheOtherCriteria() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        QuerySql sql = statements.of(EventQuery.builder().type("a").toSequence(9L).fromTime(from).toTime(from.plusSeconds(1)).build());

        assertThat(sql.sql()).contains("type = ANY($1::text[]) AND sequence_number <= $2 AND created_at >= $3 AND created_at < $4"
                + " AND global_position > $5 ORDER BY global_position ASC LIMIT $6");
        assertThat(sql.args()).hasSize(4).element(2).isEqualTo(from.atOffset(java.time.ZoneOffset.UTC));
    }

    @Test
    void comparesTheCorrelationIdAsTheMetadataMemberItIsStoredIn() {
        QuerySql sql = statements.of(EventQuery.builder().aggregateType("order").correlationId("c-1%").build());

        assertThat(sql.sql()).contains("aggregate_type = $1 AND metadata->>'correlationId' = $2"
                + " AND global_position > $3 ORDER BY global_position ASC LIMIT $4").doesNotContain("c-1%");
        assertThat(sql.args()).isEqualTo(List.of("order", "c-1%"));
        assertThat(SchemaInitializer.load("db/eventstore/V7__correlation_index.sql"))
                .as("the index is on the very expression the statements compare").contains("((" + EventRowMapper.CORRELATION_ID + "))");
    }

    @Test
    void reusesTheTextOfAShapeWhateverTheValues() {
        QuerySql first = statements.of(EventQuery.builder().aggregateType("a").aggregateId("1").build());
        QuerySql second = statements.of(EventQuery.builder().aggregateType("b").aggregateId("2").build());
        QuerySql descending = statements.of(EventQuery.builder().aggregateType("b").aggregateId("2").order(SortOrder.DESC).build());

        assertThat(second.sql()).isSameAs(first.sql());
        assertThat(second.args()).containsExactly("b", "2");
        assertThat(descending.sql()).isNotEqualTo(first.sql()).contains("sequence_number < $3 ORDER BY sequence_number DESC");
    }
}
