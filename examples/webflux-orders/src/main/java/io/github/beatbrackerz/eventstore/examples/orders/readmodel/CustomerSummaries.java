package io.github.beatbrackerz.eventstore.examples.orders.readmodel;

import io.github.beatbrackerz.eventstore.durable.DurableSubscription;
import io.github.beatbrackerz.eventstore.durable.DurableSubscriptionSpec;
import io.github.beatbrackerz.eventstore.durable.StartPosition;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderService;
import io.github.beatbrackerz.eventstore.model.EventFilter;
import io.github.beatbrackerz.eventstore.model.RecordedEvent;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.TransactionalHandler;
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
 * <p>The tables live in the store's schema (the connection's search path). {@code order_customers}
 * remembers each order's customer, because only {@code OrderCreated} carries it.
 */
public final class CustomerSummaries {

    /** The durable subscription's name: its checkpoints and leases are stored under it. */
    public static final String NAME = "customer-summaries";

    private static final String TABLES = "CREATE TABLE IF NOT EXISTS customer_summaries (customer_id text PRIMARY KEY,"
            + " orders bigint NOT NULL DEFAULT 0, confirmed bigint NOT NULL DEFAULT 0, confirmed_cents bigint NOT NULL DEFAULT 0,"
            + " cancelled bigint NOT NULL DEFAULT 0);"
            + " CREATE TABLE IF NOT EXISTS order_customers (order_id text PRIMARY KEY, customer_id text NOT NULL)";
    private static final String CREATED = "WITH known AS (INSERT INTO order_customers (order_id, customer_id) VALUES ($1, $2)"
            + " ON CONFLICT (order_id) DO NOTHING RETURNING customer_id)"
            + " INSERT INTO customer_summaries (customer_id, orders) SELECT customer_id, 1 FROM known"
            + " ON CONFLICT (customer_id) DO UPDATE SET orders = customer_summaries.orders + 1";
    private static final String CONFIRMED = "UPDATE customer_summaries s SET confirmed = s.confirmed + 1, confirmed_cents = s.confirmed_cents + $2"
            + " FROM order_customers o WHERE o.order_id = $1 AND s.customer_id = o.customer_id";
    private static final String CANCELLED = "UPDATE customer_summaries s SET cancelled = s.cancelled + 1"
            + " FROM order_customers o WHERE o.order_id = $1 AND s.customer_id = o.customer_id";
    private static final String FIND = "SELECT customer_id, orders, confirmed, confirmed_cents, cancelled FROM customer_summaries WHERE customer_id = $1";

    private final R2dbcDurableSubscriptions durable;
    private final ConnectionFactory connections;

    /**
     * @param durable the store's durable subscriptions
     * @param connections the store's connection factory, for the tables and the queries
     */
    public CustomerSummaries(R2dbcDurableSubscriptions durable, ConnectionFactory connections) {
        this.durable = durable;
        this.connections = connections;
    }

    /**
     * Creates the tables if needed, then starts (or joins) the durable subscription from the
     * beginning of the order history. Lazy.
     *
     * @return the running subscription; errors when PostgreSQL fails
     */
    public Mono<DurableSubscription> start() {
        DurableSubscriptionSpec spec = DurableSubscriptionSpec.builder(NAME)
                .filter(EventFilter.aggregateType(OrderService.AGGREGATE_TYPE))
                .start(StartPosition.beginning())
                .build();
        return run(TABLES, UnaryOperator.identity()).then(durable.startTransactional(spec, TransactionalHandler.perEvent(this::apply)));
    }

    /**
     * One customer's summary. Lazy.
     *
     * @param customerId the customer
     * @return the summary, empty when the customer has no order yet
     */
    public Mono<CustomerSummary> find(String customerId) {
        return Flux.usingWhen(connections.create(),
                        connection -> Flux.from(connection.createStatement(FIND).bind(0, customerId).execute())
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
            case "OrderCreated" -> execute(connection, CREATED,
                    s -> s.bind(0, event.aggregateId()).bind(1, event.payload().node().get("customerId").asString()));
            case "OrderConfirmed" -> execute(connection, CONFIRMED,
                    s -> s.bind(0, event.aggregateId()).bind(1, event.payload().node().get("totalCents").asLong()));
            case "OrderCancelled" -> execute(connection, CANCELLED, s -> s.bind(0, event.aggregateId()));
            default -> Mono.empty();
        };
    }

    private Mono<Void> run(String sql, UnaryOperator<Statement> binder) {
        return Mono.usingWhen(connections.create(), connection -> execute(connection, sql, binder), Connection::close);
    }

    private static Mono<Void> execute(Connection connection, String sql, UnaryOperator<Statement> binder) {
        return Flux.from(binder.apply(connection.createStatement(sql)).execute()).concatMap(result -> result.getRowsUpdated()).then();
    }

    private static long number(Long value) {
        return value == null ? 0 : value;
    }
}
