package io.github.beatbrackerz.eventstore.examples.orders;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Holds requests that arrive while the schema is still being set up, instead of blocking startup
 * on it. Once the setup has completed, requests pass straight through.
 */
@Component
public final class SchemaReadyFilter implements WebFilter {

    private final EventStoreLifecycle lifecycle;

    SchemaReadyFilter(EventStoreLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * @param exchange the request
     * @param chain the rest of the chain
     * @return the chain's result once the schema is ready; errors if the setup failed
     */
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return lifecycle.ready().then(Mono.defer(() -> chain.filter(exchange)));
    }
}
