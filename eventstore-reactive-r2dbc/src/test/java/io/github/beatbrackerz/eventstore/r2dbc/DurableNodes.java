package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The instances of one multi-instance test: made on demand, crashed on request, and the rest
 * closed gracefully after each test. Register it as an instance field with {@code @RegisterExtension}.
 */
final class DurableNodes implements AfterEachCallback {

    private final PostgresTestDatabase db;
    private final List<DurableNode> running = new ArrayList<>();

    DurableNodes(PostgresTestDatabase db) {
        this.db = db;
    }

    /** @return a new instance over the schema, closed after the test unless it crashed */
    DurableNode start(String schema, String name) {
        DurableNode node = new DurableNode(db, schema, name);
        running.add(node);
        return node;
    }

    /** Crashes an instance ({@link DurableNode#crash()}). */
    void crash(DurableNode node) {
        running.remove(node);
        node.crash();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        running.forEach(DurableNode::close);
        running.clear();
    }
}
