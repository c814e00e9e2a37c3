package io.github.beatbrackerz.eventstore.redis.tck;

import io.github.beatbrackerz.eventstore.tck.SubscriptionConformance;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the suite's subscription tests only where the PostgreSQL store has its LISTEN/NOTIFY
 * subscription source (package {@code ...r2dbc.subscription}, wired by default by
 * {@code R2dbcEventStores}), as does the one reactive-properties test that cancels subscribers;
 * on a branch without it they are reported as disabled, with this
 * reason. Subscriptions do not touch the cache, so nothing cache-related is left untested.
 */
final class SubscriptionsWired implements ExecutionCondition {

    private static final boolean AVAILABLE = present("io.github.beatbrackerz.eventstore.r2dbc.subscription.package-info");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean subscriptionTest = context.getTestMethod().map(m -> m.getDeclaringClass() == SubscriptionConformance.class
                || m.getName().equals("cancellingOneSubscriberLeavesTheOthersAndTheStoreUsable")).orElse(false);
        if (!subscriptionTest || AVAILABLE) {
            return ConditionEvaluationResult.enabled("subscriptions available or not a subscription test");
        }
        return ConditionEvaluationResult.disabled("the PostgreSQL subscription engine is not on this branch");
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SubscriptionsWired.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
