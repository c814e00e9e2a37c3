package io.github.beatbrackerz.eventstore.examples.orders;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Keeps the example's two variables working on the starter: {@code EVENTSTORE_R2DBC_URL} becomes
 * {@code spring.r2dbc.url} (and the URL's {@code schema} option {@code eventstore.schema}), and
 * {@code EVENTSTORE_REDIS_URL} becomes {@code spring.data.redis.url} with {@code
 * eventstore.cache.enabled=true}. The mapped values have the lowest precedence, so any property set
 * explicitly wins. Registered in {@code META-INF/spring.factories}.
 */
public final class EventStoreEnvironmentVariables implements EnvironmentPostProcessor {

    /** The name of the property source this adds. */
    public static final String SOURCE = "eventstoreEnvironmentVariables";

    private static final Pattern SCHEMA = Pattern.compile("[?&]schema=([^&]*)");

    /**
     * Adds the mapped properties, when either variable is set and not blank.
     *
     * @param environment the application's environment
     * @param application the application
     */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        String r2dbcUrl = environment.getProperty("EVENTSTORE_R2DBC_URL");
        if (StringUtils.hasText(r2dbcUrl)) {
            mapped.put("spring.r2dbc.url", r2dbcUrl.strip());
            Matcher schema = SCHEMA.matcher(r2dbcUrl);
            if (schema.find()) {
                mapped.put("eventstore.schema", schema.group(1));
            }
        }
        String redisUrl = environment.getProperty("EVENTSTORE_REDIS_URL");
        if (StringUtils.hasText(redisUrl)) {
            mapped.put("spring.data.redis.url", redisUrl.strip());
            mapped.put("eventstore.cache.enabled", "true");
        }
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, mapped));
        }
    }
}
