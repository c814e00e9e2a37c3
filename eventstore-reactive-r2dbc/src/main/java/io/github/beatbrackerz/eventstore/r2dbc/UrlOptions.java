package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.r2dbc.pool.PoolingConnectionFactoryProvider;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Parses and checks the query options of an R2DBC URL: the event store's own ({@code schema},
 * {@code pageSize}, {@code publisher}) and every option the PostgreSQL driver and r2dbc-pool
 * declare. An unknown option or a malformed value raises a {@link ValidationException} naming it.
 *
 * @param driverUrl the URL to hand to {@code ConnectionFactories}, pooled, without the store's own options
 * @param options every option of the URL, in order
 */
record UrlOptions(String driverUrl, Map<String, String> options) {

    static final Set<String> STORE_OPTIONS = Set.of("pageSize", "publisher");
    /** r2dbc-pool's {@code maxSize} when the URL gives none. */
    static final int DEFAULT_POOL_SIZE = 10;
    private static final Set<String> KNOWN = knownOptions();
    private static final Set<String> INTEGERS = Set.of("port", "initialSize", "maxSize", "minIdle", "acquireRetry",
            "preparedStatementCacheQueries", "fetchSize", "validationDepth", "pageSize");
    private static final Set<String> BOOLEANS = Set.of("ssl", "tcpKeepAlive", "tcpNoDelay", "autodetectExtensions", "forceBinary",
            "registerJmx", "preferAttachedBuffers", "compatibilityMode", "publisher");
    private static final Set<String> DURATIONS = Set.of("connectTimeout", "statementTimeout", "lockWaitTimeout", "maxIdleTime",
            "maxLifeTime", "maxAcquireTime", "maxCreateConnectionTime", "maxValidationTime", "backgroundEvictionInterval");

    static UrlOptions parse(String url) {
        if (url == null || !url.startsWith("r2dbc:")) {
            throw new ValidationException("url", "must be an R2DBC URL such as r2dbc:postgresql://user@host:5432/database");
        }
        int question = url.indexOf('?');
        String base = question < 0 ? url : url.substring(0, question);
        Map<String, String> options = new LinkedHashMap<>();
        if (question >= 0 && question < url.length() - 1) {
            for (String pair : url.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                check(key, value);
                options.put(key, value);
            }
        }
        String pooled = base.startsWith("r2dbc:postgresql:") ? "r2dbc:pool:postgresql:" + base.substring("r2dbc:postgresql:".length()) : base;
        Map<String, String> driver = new LinkedHashMap<>(options);
        driver.keySet().removeAll(STORE_OPTIONS);
        // After a server restart or killed backends every idle connection fails validation once at its next
        // acquire; r2dbc-pool's default of one retry would hand that failure to the caller's first statements.
        if (pooled.startsWith("r2dbc:pool:")) {
            driver.putIfAbsent("acquireRetry", options.getOrDefault("maxSize", String.valueOf(DEFAULT_POOL_SIZE)));
        }
        String driverOptions = driver.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new UrlOptions(driverOptions.isEmpty() ? pooled : pooled + "?" + driverOptions, Map.copyOf(options));
    }

    private static void check(String key, String value) {
        if (!KNOWN.contains(key)) {
            throw new ValidationException(key, "is not a known URL option; known options: " + new TreeSet<>(KNOWN));
        }
        if (INTEGERS.contains(key) && !value.matches("-?\\d{1,9}")) {
            throw new ValidationException(key, "must be an integer, was '" + value + "'");
        }
        if (BOOLEANS.contains(key) && !value.equals("true") && !value.equals("false")) {
            throw new ValidationException(key, "must be true or false, was '" + value + "'");
        }
        if (DURATIONS.contains(key)) {
            try {
                Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw new ValidationException(key, "must be an ISO-8601 duration such as PT10S, was '" + value + "'");
            }
        }
    }

    private static Set<String> knownOptions() {
        Set<String> names = new TreeSet<>(STORE_OPTIONS);
        for (Class<?> holder : new Class<?>[] {ConnectionFactoryOptions.class, PostgresqlConnectionFactoryProvider.class,
                PoolingConnectionFactoryProvider.class}) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && Option.class.isAssignableFrom(field.getType())) {
                    try {
                        names.add(((Option<?>) field.get(null)).name());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return Set.copyOf(names);
    }
}
