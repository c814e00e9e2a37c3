package io.github.beatbrackerz.eventstore.r2dbc.test;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockingOperationError;

/**
 * Fails the test (or, for what happened in class-level set-up and tear-down, the class) during
 * which BlockHound recorded a blocking call on a non-blocking thread. Registered for every test by
 * JUnit's extension auto-detection ({@code META-INF/services}); without BlockHound installed it
 * never finds anything.
 */
public final class BlockingCallsCheck implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /** Creates the check; JUnit's service loader calls this. */
    public BlockingCallsCheck() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fail(context, BlockingCalls.take());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        fail(context, BlockingCalls.take());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        fail(context, BlockingCalls.take());
    }

    private static void fail(ExtensionContext context, List<BlockingOperationError> seen) {
        if (seen.isEmpty()) {
            return;
        }
        AssertionError failure = new AssertionError(seen.size() + " blocking call(s) on non-blocking threads during "
                + context.getDisplayName() + "; the first: " + seen.get(0).getMessage(), seen.get(0));
        seen.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
    }
}
