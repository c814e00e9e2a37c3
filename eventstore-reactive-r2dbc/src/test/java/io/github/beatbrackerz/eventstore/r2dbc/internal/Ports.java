package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.model.Json;
import io.github.beatbrackerz.eventstore.model.NewEvent;
import io.github.beatbrackerz.eventstore.model.StreamId;
import io.r2dbc.spi.ConnectionFactory;
import java.util.UUID;

/** The three repositories over one schema, for tests. */
record Ports(R2dbcEventRepository events, R2dbcSequenceRepository sequences, R2dbcSnapshotRepository snapshots) {

    static Ports of(ConnectionFactory connectionFactory, String schema, int pageSize) {
        R2dbcSql sql = new R2dbcSql(connectionFactory);
        SchemaName name = new SchemaName(schema);
        return new Ports(new R2dbcEventRepository(sql, name, pageSize),
                new R2dbcSequenceRepository(sql, name), new R2dbcSnapshotRepository(sql, name));
    }

    static Ports of(ConnectionFactory connectionFactory, String schema) {
        return of(connectionFactory, schema, 500);
    }

    static NewEvent event(StreamId stream, String type) {
        return event(stream, type, "{\"n\":1}");
    }

    static NewEvent event(StreamId stream, String type, String payload) {
        return new NewEvent(UUID.randomUUID(), type, stream, "tester", Json.parse(payload), Json.emptyObject(), 1);
    }
}
