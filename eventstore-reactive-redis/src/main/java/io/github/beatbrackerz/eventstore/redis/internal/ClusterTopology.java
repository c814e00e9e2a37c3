package io.github.beatbrackerz.eventstore.redis.internal;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.RedisCommand;
import java.util.Collection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A Redis Cluster: commands route by key slot; scans visit every master. */
public final class ClusterTopology implements RedisTopology {

    private final StatefulRedisClusterConnection<String, String> main;
    private final StatefulRedisClusterConnection<String, String> pipelined;

    private ClusterTopology(StatefulRedisClusterConnection<String, String> main,
            StatefulRedisClusterConnection<String, String> pipelined) {
        this.main = main;
        this.pipelined = pipelined;
        pipelined.setAutoFlushCommands(false);
    }

    /**
     * Opens both connections, without blocking.
     *
     * @param client the client, created with the seed URIs
     * @return emits the topology once both connections are open
     */
    public static Mono<RedisTopology> connect(RedisClusterClient client) {
        // connectAsync needs the partitions loaded; getPartitions() would load them blocking.
        return Mono.fromCompletionStage(client::refreshPartitionsAsync)
                .then(Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8)))
                .flatMap(main -> Mono.fromFuture(() -> client.connectAsync(StringCodec.UTF8))
                        .flatMap(pipe -> openMasters(main).then(openMasters(pipe)).thenReturn(pipe))
                        .<RedisTopology>map(pipe -> new ClusterTopology(main, pipe))
                        .onErrorResume(e -> Mono.fromFuture(main.closeAsync()).then(Mono.error(e))));
    }

    /**
     * Opens the node connections up front: Lettuce opens them lazily, and with
     * {@code REJECT_COMMANDS} the first command to a node still connecting would be rejected.
     */
    private static Mono<Void> openMasters(StatefulRedisClusterConnection<String, String> connection) {
        return Flux.fromIterable(connection.getPartitions())
                .filter(node -> node.getRole().isUpstream())
                .flatMap(node -> Mono.fromFuture(() -> connection.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())))
                .then();
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
        return Flux.fromIterable(main.getPartitions())
                .filter(node -> node.getRole().isUpstream())
                .flatMap(node -> Mono.fromFuture(() -> main.getConnectionAsync(node.getNodeId())), 1)
                .map(connection -> connection.reactive());
    }

    @Override
    public Mono<Void> close() {
        return Mono.fromFuture(main.closeAsync()).then(Mono.fromFuture(pipelined.closeAsync()));
    }
}
