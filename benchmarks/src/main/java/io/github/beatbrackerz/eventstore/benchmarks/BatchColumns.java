package io.github.beatbrackerz.eventstore.benchmarks;

import io.github.beatbrackerz.eventstore.model.NewEvent;
import java.util.List;

/**
 * A batch of events as one array per column, the shape an {@code unnest} insert binds.
 *
 * @param ids event ids as text
 * @param types event types
 * @param aggregateIds aggregate ids
 * @param aggregateTypes aggregate types
 * @param versions schema versions
 * @param payloads payload JSON texts
 * @param metadata metadata JSON texts
 * @param createdBy creators
 */
record BatchColumns(String[] ids, String[] types, String[] aggregateIds, String[] aggregateTypes, Integer[] versions, String[] payloads,
        String[] metadata, String[] createdBy) {

    static BatchColumns of(List<NewEvent> events) {
        int n = events.size();
        BatchColumns columns = new BatchColumns(new String[n], new String[n], new String[n], new String[n], new Integer[n], new String[n],
                new String[n], new String[n]);
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            columns.ids[i] = String.valueOf(e.eventId());
            columns.types[i] = e.type();
            columns.aggregateIds[i] = e.aggregateId();
            columns.aggregateTypes[i] = e.aggregateType();
            columns.versions[i] = e.version();
            columns.payloads[i] = e.payload().text();
            columns.metadata[i] = e.metadata().text();
            columns.createdBy[i] = e.createdBy();
        }
        return columns;
    }
}
