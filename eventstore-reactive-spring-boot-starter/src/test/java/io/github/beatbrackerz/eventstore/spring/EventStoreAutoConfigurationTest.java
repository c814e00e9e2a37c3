package io.github.beatbrackerz.eventstore.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.beatbrackerz.eventstore.EventStore;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventCache;
import io.github.beatbrackerz.eventstore.memory.InMemoryEventStore;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcDurableSubscriptions;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStoreBuilder;
import io.github.beatbrackerz.eventstore.r2dbc.R2dbcEventStores;
import io.github.beatbrackerz.eventstore.r2dbc.SubscriptionMode;
import io.github.beatbrackerz.eventstore.r2dbc.subscription.PostgresSubscriptions;
import io.github.beatbrackerz.eventstore.redis.RedisEventCache;
import io.github.beatbrackerz.eventstore.redis.RedisEventCaches;
import io.github.beatbrackerz.eventstore.spi.EventCache;
import io.github.beatbrackerz.eventstore.spring.health.EventStoreHealthAutoConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Conditions, overrides and the starter's own resources. Nothing here opens a connection: the
 * schema set-up is off and no subscription is declared, so no server is needed.
 */
class EventStoreAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataRedisAutoConfiguration.class,
                    EventStoreAutoConfiguration.class, EventStoreHealthAutoConfiguration.class))
            .withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://postgres@127.0.0.1:1/none", "eventstore.initialize-schema=false");

    @Test
    void buildsTheStoreOnBootsConnectionFactoryWithListenNotifyAndNoCache() {
        runner.run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(EventStore.class)
                    .hasSingleBean(R2dbcEventStoreBuilder.class)
                    .hasSingleBean(PostgresSubscriptions.class)
                    .hasSingleBean(R2dbcDurableSubscriptions.class)
                    .hasSingleBean(EventStoreLifecycle.class)
                    .doesNotHaveBean(EventCache.class)
                    .doesNotHaveBean(SchemaReadyWebFilter.class);
            assertThat(context.getBean(R2dbcEventStoreBuilder.class).connectionFactory())
                    .isSameAs(context.getBean(io.r2dbc.spi.ConnectionFactory.class));
            assertThat(context.getBean(OwnedResources.class).names()).containsExactly("durable subscriptions", "event store");
        });
    }

    @Test
    void backsOffWithoutAConnectionFactoryOrWhenDisabled() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStore.class));
        runner.withPropertyValues("eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStore.class).doesNotHaveBean(EventStoreLifecycle.class));
    }

    @Test
    void disabledModeHasNoEngine() {
        runner.withPropertyValues("eventstore.subscriptions.mode=disabled")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStore.class).doesNotHaveBean(PostgresSubscriptions.class));
    }

    @Test
    void usersBeansOverrideEachPartAndAreNeverClosedByTheStarter() {
        runner.withUserConfiguration(UserBeans.class).withPropertyValues("eventstore.cache.enabled=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EventCache.class)).isSameAs(context.getBean(UserBeans.class).cache);
            assertThat(context).doesNotHaveBean(RedisEventCache.class).doesNotHaveBean(PostgresSubscriptions.class);
            assertThat(context.getBean(OwnedResources.class).names()).containsExactly("durable subscriptions", "event store");
            EventStore store = context.getBean(EventStore.class);
            assertThat(store.getCacheStats().block(Duration.ofSeconds(5)).enabled()).isTrue();
        });
        runner.withBean(EventStore.class, () -> InMemoryEventStore.create()).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(EventStore.class);
            assertThat(context.getBean(OwnedResources.class).names()).containsExactly("durable subscriptions");
        });
    }

    @Test
    void listenerUrlGivesTheEngineItsOwnListenConnection() {
        runner.withPropertyValues("eventstore.subscriptions.listener-url=r2dbc:postgresql://postgres@127.0.0.1:2/direct")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(PostgresSubscriptions.class));
        runner.withPropertyValues("eventstore.subscriptions.listener-url=r2dbc:pool:postgresql://postgres@127.0.0.1:2/direct")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("eventstore.subscriptions.listener-url must be an unpooled r2dbc-postgresql ConnectionFactory"));
        runner.withPropertyValues("eventstore.subscriptions.listener-url=r2dbc:nosuchdriver://127.0.0.1/x")
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining("eventstore.subscriptions.listener-url cannot be used"));
    }

    @Test
    void anApplicationsOwnBuilderGetsNoEngineOfTheStarters() {
        runner.withBean(R2dbcEventStoreBuilder.class,
                        () -> R2dbcEventStores.builder(ConnectionFactories.get("r2dbc:postgresql://postgres@127.0.0.1:1/own")))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStore.class).doesNotHaveBean(PostgresSubscriptions.class));
    }

    @Test
    void customizersAdjustTheBuilder() {
        runner.withBean(EventStoreBuilderCustomizer.class, () -> builder -> builder.subscriptions(SubscriptionMode.disabled()))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    EventStore store = context.getBean(EventStore.class);
                    assertThat(store.subscribeToEvents().collectList().map(list -> "completed").onErrorResume(e -> reactor.core.publisher.Mono.just("error"))
                            .block(Duration.ofSeconds(5))).isEqualTo("error");
                });
    }

    @Test
    void redisCacheFromBootsRedisSettingsWhenEnabled() {
        runner.withPropertyValues("eventstore.cache.enabled=true", "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6390",
                "eventstore.cache.key-prefix=app:", "eventstore.cache.events-ttl=10m").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisEventCache.class);
                    RedisEventCache cache = context.getBean(RedisEventCache.class);
                    assertThat(cache.options().keyPrefix()).isEqualTo("app:");
                    assertThat(cache.options().eventsTtl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(context.getBean(OwnedResources.class).names())
                            .containsExactly("durable subscriptions", "event store", "event store Redis cache");
                });
    }

    @Test
    void noCacheWhenDisabledOrTheRedisAdapterIsMissing() {
        runner.run(context -> assertThat(context).doesNotHaveBean(EventCache.class));
        runner.withPropertyValues("eventstore.cache.enabled=true").withClassLoader(new FilteredClassLoader(RedisEventCaches.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStore.class).doesNotHaveBean(EventCache.class));
    }

    @Test
    void healthContributorOnlyWithBootsHealthSupportAndWhenEnabled() {
        runner.run(context -> assertThat(context).hasBean("eventStoreHealthContributor"));
        runner.withPropertyValues("management.health.eventstore.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("eventStoreHealthContributor"));
        runner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EventStore.class).doesNotHaveBean("eventStoreHealthContributor"));
    }

    @Test
    void reactiveWebApplicationsHoldRequestsUntilTheSchemaIsReady() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, EventStoreAutoConfiguration.class))
                .withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://postgres@127.0.0.1:1/none", "eventstore.initialize-schema=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SchemaReadyWebFilter.class));
    }

    /** An application's own cache and subscription mode. */
    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        final InMemoryEventCache cache = new InMemoryEventCache();

        @Bean
        EventCache userCache() {
            return cache;
        }

        @Bean
        SubscriptionMode userSubscriptionMode() {
            return SubscriptionMode.disabled();
        }
    }
}
