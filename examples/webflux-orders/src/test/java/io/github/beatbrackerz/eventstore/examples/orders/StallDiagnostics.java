package io.github.beatbrackerz.eventstore.examples.orders;

import io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails on a timeout (an HTTP exchange that got no answer), prints what the service
 * was doing: every thread's stack and every session of the test database with its wait event,
 * so that a stall seen once in CI can be diagnosed from its log. The failure is rethrown as is.
 */
final class StallDiagnostics implements TestExecutionExceptionHandler {

    private static final String SESSIONS = "SELECT concat_ws(' | ', pid, application_name, state, wait_event_type, wait_event,"
            + " date_trunc('millisecond', now() - xact_start), date_trunc('millisecond', now() - query_start), left(query, 200))"
            + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY application_name, pid";

    private final PostgresTestDatabase database;

    StallDiagnostics(PostgresTestDatabase database) {
        this.database = database;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (isTimeout(failure)) {
            StringBuilder report = new StringBuilder("==== stall diagnostics for ").append(context.getDisplayName()).append(" ====\n");
            for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
                // ThreadInfo.toString() cuts stacks at eight frames; a stall needs the whole stack.
                report.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
                if (thread.getLockName() != null) {
                    report.append(" on ").append(thread.getLockName()).append(" owned by ").append(thread.getLockOwnerName());
                }
                report.append('\n');
                for (StackTraceElement frame : thread.getStackTrace()) {
                    report.append("    at ").append(frame).append('\n');
                }
            }
            report.append("---- sessions of the test database ----\n");
            try {
                List<String> sessions = database.column(SESSIONS, String.class).collectList().block(Duration.ofSeconds(10));
                sessions.forEach(line -> report.append(line).append('\n'));
            } catch (RuntimeException e) {
                report.append("could not list the sessions: ").append(e).append('\n');
            }
            System.out.println(report);
        }
        throw failure;
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof java.util.concurrent.TimeoutException || (message != null && message.contains("Timeout"))) {
                return true;
            }
        }
        return false;
    }
}
