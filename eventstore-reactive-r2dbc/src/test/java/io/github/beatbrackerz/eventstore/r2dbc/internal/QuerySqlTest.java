package io.github.beatbrackerz.eventstore.r2dbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.model.EventQuery;
import io.github.beatbrackerz.eventstore.model.SortOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySqlTest {

    private static final SchemaName ES = new SchemaName("es");

    @Test
    void bindsEveryValueAndKeysSingleStreamPagesBySequenceNumber() {
        QuerySql sql = QuerySql.of(ES, EventQuery.builder().aggregateType("o'; --").aggregateId("100%").type("a_b").fromSequence(2L).build());

        assertThat(sql.sql()).doesNotContain("o'; --", "100%", "a_b", "LIKE")
                .contains("aggregate_type = $1", "aggregate_id = $2", "type = ANY($3::text[])", "sequence_number >= $4",
                        "sequence_number > $5 ORDER BY sequence_number ASC LIMIT $6", "FROM es.events");
        assertThat(sql.pageArgs(sql.startKey(), 10)).hasSize(6).endsWith(0L, 10);
    }

    @Test
    void pagesOtherQueriesByGlobalPositionAndDescendsFromTheTop() {
        QuerySql sql = QuerySql.of(ES, EventQuery.builder().aggregateType("order").order(SortOrder.DESC).build());

        assertThat(sql.sql()).contains("global_position < $2 ORDER BY global_position DESC LIMIT $3");
        assertThat(sql.pageArgs(sql.startKey(), 5)).isEqualTo(List.of("order", Long.MAX_VALUE, 5));
    }
}
