package io.github.beatbrackerz.eventstore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The peer of the write-path comparison (issue 15): Axon Framework 4.13's {@code JdbcEventStorageEngine}, what a
 * Java team would otherwise pick, on HikariCP and pgjdbc, against the same PostgreSQL as the library, its tables
 * made by Axon's own {@link PostgresEventTableFactory} in a schema of their own. Configured as Axon's documentation
 * configures it without Spring: a {@link DataSourceConnectionProvider} on the pool, {@link NoTransactionManager}
 * (each append is one JDBC batch on an autocommit connection, which PostgreSQL runs as one implicit transaction up to
 * the batch's Sync), the {@link JacksonSerializer} for payloads and metadata, and the engine's defaults otherwise.
 * Blocking, as JDBC is: its calls run on platform threads of their own, never on an event loop.
 */
final class AxonPeer implements AutoCloseable {

    /** The payload the library's benchmark events carry as JSON text, as a Java object for Axon's serializer. */
    record ItemAdded(String sku, int quantity, Price price, String note) {
    }

    /** Part of {@link ItemAdded}. */
    record Price(long amount, String currency) {
    }

    private static final ItemAdded PAYLOAD = new ItemAdded("SKU-000123", 3, new Price(1999, "EUR"), "benchmark payload, ~120 bytes");
    private static final Map<String, String> METADATA = Map.of("correlationId", "c-42", "ip", "10.0.0.1");

    private final HikariDataSource dataSource;
    private final JdbcEventStorageEngine engine;
    private final ExecutorService callers;

    private AxonPeer(HikariDataSource dataSource, JdbcEventStorageEngine engine, int maxCallers) {
        this.dataSource = dataSource;
        this.engine = engine;
        AtomicInteger n = new AtomicInteger();
        this.callers = Executors.newFixedThreadPool(maxCallers, r -> {
            Thread t = new Thread(r, "axon-caller-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a pool and an engine on the server of {@code r2dbcUrl} and creates Axon's tables in {@code schema}.
     *
     * @param r2dbcUrl the library's R2DBC URL (host, port, database, user and password are taken from it)
     * @param schema an existing, empty schema
     * @param poolSize connections in the Hikari pool (the library's pool has 20)
     * @param maxCallers the most concurrent callers a throughput run will ask for
     * @return the peer
     */
    static AxonPeer start(String r2dbcUrl, String schema, int poolSize, int maxCallers) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(r2dbcUrl);
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + options.getRequiredValue(ConnectionFactoryOptions.HOST) + ":" + (port == null ? 5432 : port)
                + "/" + options.getRequiredValue(ConnectionFactoryOptions.DATABASE) + "?currentSchema=" + schema);
        Object user = options.getValue(ConnectionFactoryOptions.USER);
        if (user != null) {
            config.setUsername(user.toString());
        }
        Object password = options.getValue(ConnectionFactoryOptions.PASSWORD);
        if (password != null) {
            config.setPassword(password.toString());
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("axon-peer");
        HikariDataSource dataSource = new HikariDataSource(config);
        Serializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return new AxonPeer(dataSource, engine, maxCallers);
    }

    /**
     * Appends {@code count} events of a fresh aggregate, numbered from 0 as Axon numbers them, in one call.
     *
     * @param aggregateId the aggregate id
     * @param count how many
     * @return {@code count}
     */
    int appendBatch(String aggregateId, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new GenericDomainEventMessage<>(BenchEvents.AGGREGATE_TYPE, aggregateId, i, PAYLOAD, METADATA));
        }
        engine.appendEvents(events);
        return count;
    }

    /**
     * Reads a whole aggregate from sequence 0 (no snapshot look-up, as the library's read has none) into a list,
     * leaving the payloads serialized, as the library leaves them unparsed until asked.
     *
     * @param aggregateId the aggregate id
     * @return the events
     */
    List<DomainEventMessage<?>> read(String aggregateId) {
        DomainEventStream stream = engine.readEvents(aggregateId, 0L);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        while (stream.hasNext()) {
            events.add(stream.next());
        }
        return events;
    }

    /**
     * Runs {@code concurrency} back-to-back callers on threads of their own until {@code duration} has passed.
     *
     * @param call one blocking call; returns how many events it wrote or read
     * @param concurrency callers, at most the {@code maxCallers} of {@link #start}
     * @param duration how long
     * @return events written or read by all callers
     */
    long run(CallCount call, int concurrency, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<Long>> workers = new ArrayList<>(concurrency);
        for (int i = 0; i < concurrency; i++) {
            workers.add(callers.submit(() -> {
                long events = 0;
                while (System.nanoTime() < deadline) {
                    events += call.call();
                }
                return events;
            }));
        }
        long total = 0;
        try {
            for (Future<Long> worker : workers) {
                total += worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an Axon call failed", e.getCause());
        }
        return total;
    }

    /** One blocking call of the peer. */
    @FunctionalInterface
    interface CallCount {
        /** @return events written or read */
        int call();
    }

    @Override
    public void close() {
        callers.shutdownNow();
        dataSource.close();
    }
}
