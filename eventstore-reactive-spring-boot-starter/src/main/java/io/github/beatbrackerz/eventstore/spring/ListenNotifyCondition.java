package io.github.beatbrackerz.eventstore.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless {@code eventstore.subscriptions.mode} is {@code disabled} (bound with Boot's relaxed rules). */
final class ListenNotifyCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        EventStoreProperties.Mode mode = Binder.get(context.getEnvironment())
                .bind("eventstore.subscriptions.mode", EventStoreProperties.Mode.class)
                .orElse(EventStoreProperties.Mode.LISTEN_NOTIFY);
        return mode == EventStoreProperties.Mode.LISTEN_NOTIFY
                ? ConditionOutcome.match("eventstore.subscriptions.mode is listen-notify")
                : ConditionOutcome.noMatch("eventstore.subscriptions.mode is " + mode);
    }
}
