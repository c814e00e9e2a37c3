package io.github.beatbrackerz.eventstore.r2dbc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BlockHound is installed in this module's tests and records a blocking call made on a non-blocking thread. */
class BlockingCallsTest {

    @Test
    void aSleepOnAReactorParallelThreadIsRecordedWithItsThreadsStack() {
        BlockingCalls.take();

        Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return Thread.currentThread().getName();
                })
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));

        List<BlockingOperationError> seen = BlockingCalls.take();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).getMessage()).contains("java.lang.Thread.sleep");
        assertThat(seen.get(0).getStackTrace()).anySatisfy(frame -> assertThat(frame.getClassName()).contains("BlockingCallsTest"));
    }

    @Test
    void theSameSleepOnTheTestThreadIsAllowed() {
        BlockingCalls.take();

        Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                })
                .block(Duration.ofSeconds(10));

        assertThat(BlockingCalls.take()).isEmpty();
    }
}
