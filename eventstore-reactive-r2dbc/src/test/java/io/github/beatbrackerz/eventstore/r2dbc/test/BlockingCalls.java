package io.github.beatbrackerz.eventstore.r2dbc.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;

/**
 * The blocking calls BlockHound saw on non-blocking threads since they were last taken, each with
 * the stack of the thread that made it. {@link BlockingCallsCheck} turns them into test failures.
 *
 * <p>Only calls with this project's code on the stack count: those it made itself or asked a
 * library to make for it. A library blocking on its own (a driver's connection set-up finishing on
 * its event loop, say) is printed but fails nothing, since no change here could remove it.
 */
public final class BlockingCalls {

    private static final String PROJECT = "io.github.beatbrackerz.";
    private static final ConcurrentLinkedQueue<BlockingOperationError> SEEN = new ConcurrentLinkedQueue<>();

    private BlockingCalls() {
    }

    /**
     * Records a blocking call; BlockHound calls this on the offending thread, so the error's stack
     * is that thread's.
     *
     * @param method the blocking method that was called
     */
    static void record(BlockingMethod method) {
        BlockingOperationError error = new BlockingOperationError(method);
        boolean ours = Arrays.stream(error.getStackTrace())
                .anyMatch(frame -> frame.getClassName().startsWith(PROJECT) && !frame.getClassName().equals(BlockingCalls.class.getName()));
        System.err.println("BlockHound: blocking call " + method + " on " + Thread.currentThread().getName()
                + (ours ? "" : " (inside a library, with none of this project's code on the stack: not a failure)"));
        error.printStackTrace();
        if (ours) {
            SEEN.add(error);
        }
    }

    /** @return the calls recorded since the last call of this method, oldest first */
    static List<BlockingOperationError> take() {
        List<BlockingOperationError> taken = new ArrayList<>();
        for (BlockingOperationError error = SEEN.poll(); error != null; error = SEEN.poll()) {
            taken.add(error);
        }
        return taken;
    }
}
