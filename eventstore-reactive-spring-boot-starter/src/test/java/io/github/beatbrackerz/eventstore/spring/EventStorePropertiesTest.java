package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.CacheConsistency;
import io.github.beatbrackerz.eventstore.EventStoreOptions;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.SubscriptionOptions;
import io.github.beatbrackerz.eventstore.redis.RedisCacheOptions;
import java.time.Duration;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Binding of {@code eventstore.*}: defaults, set values, and failures that name the property. */
class EventStorePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

    @Test
    void defaultsKeepTheLibrarysDefaults() {
        runner.run(context -> {
            EventStoreProperties properties = context.getBean(EventStoreProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.schema()).isEqualTo("public");
            assertThat(properties.initializeSchema()).isTrue();
            assertThat(properties.subscriptions().mode()).isEqualTo(EventStoreProperties.Mode.LISTEN_NOTIFY);
            assertThat(properties.subscriptions().options().pollInterval()).isEqualTo(SubscriptionOptions.defaults().pollInterval());
            assertThat(properties.cache().enabled()).isFalse();
            assertThat(RedisCacheSettings.options(properties.cache()).connectTimeout()).isEqualTo(RedisCacheOptions.defaults().connectTimeout());
            assertThat(properties.cache().storeOptions().cacheBackoffAfterTimeout()).isEqualTo(EventStoreOptions.defaults().cacheBackoffAfterTimeout());
            assertThat(properties.health().lagStatus()).isEqualTo(EventStoreProperties.LagStatus.OUT_OF_SERVICE);
            assertThat(properties.health().timeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void bindsEverySection() {
        runner.withPropertyValues("eventstore.schema=orders", "eventstore.page-size=500", "eventstore.instance-name=pod-1",
                "eventstore.subscriptions.mode=DISABLED", "eventstore.subscriptions.poll-interval=2s", "eventstore.subscriptions.buffer-size=64",
                "eventstore.subscriptions.listener-url=r2dbc:postgresql://db:5432/app", "eventstore.cache.consistency=trust-cache",
                "eventstore.cache.timeout=80ms", "eventstore.cache.sequences-ttl=1m", "eventstore.cache.backoff-after-timeout=0",
                "eventstore.cache.near-cache-bytes=0",
                "eventstore.health.lag-threshold=5", "eventstore.health.lag-status=down").run(context -> {
                    EventStoreProperties properties = context.getBean(EventStoreProperties.class);
                    assertThat(properties.schema()).isEqualTo("orders");
                    assertThat(properties.pageSize()).isEqualTo(500);
                    assertThat(properties.instanceName()).isEqualTo("pod-1");
                    assertThat(properties.subscriptions().mode()).isEqualTo(EventStoreProperties.Mode.DISABLED);
                    assertThat(properties.subscriptions().options().pollInterval()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(properties.subscriptions().options().bufferSize()).isEqualTo(64);
                    assertThat(properties.subscriptions().listenerUrl()).isEqualTo("r2dbc:postgresql://db:5432/app");
                    assertThat(properties.cache().storeOptions().cacheConsistency()).isEqualTo(CacheConsistency.TRUST_CACHE);
                    assertThat(properties.cache().storeOptions().cacheTimeout()).isEqualTo(Duration.ofMillis(80));
                    RedisCacheOptions redis = RedisCacheSettings.options(properties.cache());
                    assertThat(redis.sequencesTtl()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(redis.nearCacheBytes()).isZero();
                    assertThat(properties.cache().storeOptions().cacheBackoffAfterTimeout()).isZero();
                    assertThat(properties.health().lagThreshold()).isEqualTo(5);
                    assertThat(properties.health().lagStatus()).isEqualTo(EventStoreProperties.LagStatus.DOWN);
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "eventstore.subscriptions.mode=sometimes | eventstore.subscriptions.mode",
        "eventstore.page-size=0 | eventstore.page-size must be 1 to 100,000",
        "eventstore.schema=Bad-Schema | eventstore.schema must match",
        "eventstore.subscriptions.page-size=0 | eventstore.subscriptions.page-size must be",
        "eventstore.subscriptions.reconnect-backoff-min=20s | eventstore.subscriptions.reconnect-backoff-min must not exceed",
        "eventstore.subscriptions.channel=Bad Channel | eventstore.subscriptions.channel must match",
        "eventstore.cache.key-prefix={tag} | eventstore.cache.key-prefix must not contain braces",
        "eventstore.cache.backoff-after-timeout=-1s | eventstore.cache.backoff-after-timeout must not be negative",
        "eventstore.cache.near-cache-bytes=-1 | eventstore.cache.near-cache-bytes must not be negative",
        "eventstore.cache.command-timeout=40ms | eventstore.cache.command-timeout",
        "eventstore.cache.timeout=0s | eventstore.cache.timeout must be positive",
        "eventstore.cache.consistency=eventual | eventstore.cache.consistency",
        "eventstore.health.lag-status=panic | eventstore.health.lag-status",
        "eventstore.health.timeout=0s | eventstore.health.timeout must be positive",
        "eventstore.page-sise=10 | eventstore.page-sise",
    })
    void badOrUnknownValuesFailBindingNamingTheProperty(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            failure(context.getStartupFailure()).hasStackTraceContaining(message);
        });
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failure(Throwable failure) {
        return assertThat(failure).hasStackTraceContaining("eventstore");
    }

    /** Binds the properties alone. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EventStoreProperties.class)
    static class Binding {
    }
}
