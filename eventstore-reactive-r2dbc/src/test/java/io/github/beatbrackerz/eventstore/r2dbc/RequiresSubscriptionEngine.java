package io.github.beatbrackerz.eventstore.r2dbc;

import io.github.beatbrackerz.eventstore.tck.SubscriptionConformance;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the conformance suite's subscription tests, visibly and with a reason, while no
 * {@link SubscriptionSourceFactory} is registered: the LISTEN/NOTIFY engine is another module
 * part and is wired in when it lands. Every other test runs.
 */
final class RequiresSubscriptionEngine implements ExecutionCondition {

    /** Tests outside {@link SubscriptionConformance} that subscribe. */
    private static final Set<String> USES_SUBSCRIPTIONS = Set.of("cancellingOneSubscriberLeavesTheOthersAndTheStoreUsable");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean subscriptionTest = context.getTestMethod()
                .filter(method -> method.getDeclaringClass().equals(SubscriptionConformance.class) || USES_SUBSCRIPTIONS.contains(method.getName()))
                .isPresent();
        if (subscriptionTest && PostgresStoreFixture.subscriptions().isEmpty()) {
            return ConditionEvaluationResult.disabled("no SubscriptionSourceFactory registered (META-INF/services): the LISTEN/NOTIFY engine is not wired yet");
        }
        return ConditionEvaluationResult.enabled("runs");
    }
}
