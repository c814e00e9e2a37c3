package io.github.beatbrackerz.eventstore.spring;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Holds requests that arrive while the schema is still being set up or the cache still connecting
 * ({@link EventStoreLifecycle#ready()}), instead of blocking the application's start on them; once
 * both are done, requests pass straight through. When the
 * set-up failed, requests pass too (so that {@code /actuator/health} can say why), and handlers
 * using the store get its errors.
 */
public final class SchemaReadyWebFilter implements WebFilter, Ordered {

    private final EventStoreLifecycle lifecycle;

    /** @param lifecycle tells when the schema is ready */
    public SchemaReadyWebFilter(EventStoreLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * @param exchange the request
     * @param chain the rest of the chain
     * @return the chain's result, subscribed once the schema set-up has ended
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (lifecycle.isReady()) {
            return chain.filter(exchange);
        }
        return lifecycle.ready().onErrorResume(error -> Mono.empty()).then(Mono.defer(() -> chain.filter(exchange)));
    }

    /** @return first, before security and application filters */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
