package io.github.beatbrackerz.eventstore.examples.orders.readmodel;

import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
import io.github.beatbrackerz.eventstore.spring.DurableSubscriptionDefinition;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.util.Objects;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code customer_summaries} up to date from the order events with a transactional durable
 * subscription: each event's row update commits in the same transaction as the subscription's
 * checkpoint, so a crash, a redelivery or a second instance never counts an order twice.
 *
 * <p>The tables live in the store's schema ({@code eventstore.schema}). {@code order_customers}
 * remembers each order's customer, because only {@code OrderCreated} carries it. The starter
 * starts the subscription from {@link #definition()}: it creates the tables first (its set-up),
 * then applies each order event, and hands it over at shutdown.
 */
public final class CustomerSummaries {

    /** The durable subscription's name: its checkpoints and leases are stored under it. */
    public static final String NAME = "customer-summaries";

    private final ConnectionFactory connections;
    private final String tables;
    private final String created;
    private final String confirmed;
    private final String cancelled;
    private final String find;

    /**
     * @param connections the store's connection factory, for the tables and the queries
     * @param schema the store's schema, where the read model's tables live (a validated SQL identifier)
     */
    public CustomerSummaries(ConnectionFactory connections, String schema) {
        this.connections = connections;
        String summaries = schema + ".customer_summaries";
        String orders = schema + ".order_customers";
        this.tables = "CREATE TABLE IF NOT EXISTS " + summaries + " (customer_id text PRIMARY KEY,"
                + " orders bigint NOT NULL DEFAULT 0, confirmed bigint NOT NULL DEFAULT 0, confirmed_cents bigint NOT NULL DEFAULT 0,"
                + " cancelled bigint NOT NULL DEFAULT 0);"
                + " CREATE TABLE IF NOT EXISTS " + orders + " (order_id text PRIMARY KEY, customer_id text NOT NULL)";
        this.created = "WITH known AS (INSERT INTO " + orders + " (order_id, customer_id) VALUES ($1, $2)"
                + " ON CONFLICT (order_id) DO NOTHING RETURNING customer_id)"
                + " INSERT INTO " + summaries + " AS s (customer_id, orders) SELECT customer_id, 1 FROM known"
                + " ON CONFLICT (customer_id) DO UPDATE SET orders = s.orders + 1";
        this.confirmed = "UPDATE " + summaries + " s SET confirmed = s.confirmed + 1, confirmed_cents = s.confirmed_cents + $2"
                + " FROM " + orders + " o WHERE o.order_id = $1 AND s.customer_id = o.customer_id";
        this.cancelled = "UPDATE " + summaries + " s SET cancelled = s.cancelled + 1"
                + " FROM " + orders + " o WHERE o.order_id = $1 AND s.customer_id = o.customer_id";
        this.find = "SELECT customer_id, orders, confirmed, confirmed_cents, cancelled FROM " + summaries + " WHERE customer_id = $1";
    }

    /**
     * The durable subscription, for the starter to start once the store's schema is ready: from the
     * beginning of the order history, with the tables' creation as its set-up.
     *
     * @return the definition; nothing runs until the starter starts it
     */
    public DurableSubscriptionDefinition definition() {
        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder(NAME)
                .filter(EventFilter.aggregateType(OrderService.AGGREGATE_TYPE))
                .start(StartPosition.beginning())
                .build();
        return DurableSubscriptionDefinition.transactional(spec, TransactionalHandler.perEvent(this::apply))
                .withSetup(Mono.usingWhen(connections.create(), connection -> execute(connection, tables, UnaryOperator.identity()),
                        Connection::close));
    }

    /**
     * One customer's summary. Lazy.
     *
     * @param customerId the customer
     * @return the summary, empty when the customer has no order yet; errors when PostgreSQL fails
     */
    public Mono<CustomerSummary> find(String customerId) {
        return Flux.usingWhen(connections.create(),
                        connection -> Flux.from(connection.createStatement(find).bind(0, customerId).execute())
                                .concatMap(result -> result.map(row -> new CustomerSummary(
                                        Objects.requireNonNull(row.get("customer_id", String.class)), number(row.get("orders", Long.class)),
                                        number(row.get("confirmed", Long.class)), number(row.get("confirmed_cents", Long.class)),
                                        number(row.get("cancelled", Long.class))))),
                        Connection::close)
                .next();
    }

    /** Applies one order event inside the subscription's transaction. */
    private Mono<Void> apply(RecordedEvent event, Connection connection) {
        return switch (event.type()) {
            case "OrderCreated" -> execute(connection, created,
                    s -> s.bind(0, event.aggregateId()).bind(1, event.payload().node().get("customerId").asString()));
            case "OrderConfirmed" -> execute(connection, confirmed,
                    s -> s.bind(0, event.aggregateId()).bind(1, event.payload().node().get("totalCents").asLong()));
            case "OrderCancelled" -> execute(connection, cancelled, s -> s.bind(0, event.aggregateId()));
            default -> Mono.empty();
        };
    }

    private static Mono<Void> execute(Connection connection, String sql, UnaryOperator<Statement> binder) {
        return Flux.from(binder.apply(connection.createStatement(sql)).execute()).concatMap(result -> result.getRowsUpdated()).then();
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }
}
