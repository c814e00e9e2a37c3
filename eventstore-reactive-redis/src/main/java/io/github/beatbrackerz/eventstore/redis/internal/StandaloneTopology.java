package io.github.beatbrackerz.eventstore.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A standalone Redis, or the master a Sentinel names. */
public final class StandaloneTopology implements RedisTopology {

    private final StatefulRedisConnection<String, String> main;
    private final StatefulRedisConnection<String, String> pipelined;

    private StandaloneTopology(StatefulRedisConnection<String, String> main, StatefulRedisConnection<String, String> pipelined) {
        this.main = main;
        this.pipelined = pipelined;
        pipelined.setAutoFlushCommands(false);
    }

    /**
     * Opens both connections, without blocking.
     *
     * @param client the client
     * @param uri where to connect (a Sentinel URI resolves the master)
     * @return emits the topology once both connections are open
     */
    public static Mono<RedisTopology> connect(RedisClient client, RedisURI uri) {
        return Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
                .flatMap(main -> Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture())
                        .<RedisTopology>map(pipe -> new StandaloneTopology(main, pipe))
                        .onErrorResume(e -> Mono.fromFuture(main.closeAsync()).then(Mono.error(e))));
    }

    @Override
    public RedisClusterReactiveCommands<String, String> commands() {
        return main.reactive();
    }

    @Override
    public void dispatch(Collection<? extends RedisCommand<String, String, ?>> commands) {
        main.dispatch(commands);
    }

    @Override
    public RedisClusterAsyncCommands<String, String> pipeline() {
        return pipelined.async();
    }

    @Override
    public void flushPipeline() {
        pipelined.flushCommands();
    }

    @Override
    public Flux<RedisClusterReactiveCommands<String, String>> masters() {
        return Flux.just(main.reactive());
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromFuture(main.closeAsync()).then(Mono.fromFuture(pipelined.closeAsync()));
    }
}
