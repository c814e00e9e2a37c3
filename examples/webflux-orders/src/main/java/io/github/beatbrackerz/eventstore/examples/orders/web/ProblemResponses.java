package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.error.ConcurrencyConflictException;
import io.github.beatbrackerz.eventstore.error.ValidationException;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderNotFoundException;
import io.github.beatbrackerz.eventstore.examples.orders.domain.OrderRuleException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Maps failures to RFC 9457 problem answers ({@code application/problem+json}): 409 for a version
 * conflict (with the expected and actual versions), 400 for bad input (naming the field), 404 for
 * an unknown order and 422 for a command the order's status does not allow.
 */
@RestControllerAdvice
public class ProblemResponses {

    /**
     * @param conflict the store's conflict
     * @return 409 with {@code expectedVersion} and {@code actualVersion}: re-read the order and retry
     */
    @ExceptionHandler
    public ProblemDetail conflict(ConcurrencyConflictException conflict) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "version-conflict", "Version conflict", conflict.getMessage());
        problem.setProperty("orderId", conflict.stream().aggregateId());
        problem.setProperty("expectedVersion", conflict.expectedVersion());
        problem.setProperty("actualVersion", conflict.actualVersion());
        return problem;
    }

    /**
     * @param invalid the rejected argument
     * @return 400 with {@code field}
     */
    @ExceptionHandler
    public ProblemDetail invalid(ValidationException invalid) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", invalid.getMessage());
        problem.setProperty("field", invalid.field());
        return problem;
    }

    /**
     * @param unreadable a body that is not the expected JSON, or a missing body
     * @return 400, with {@code field} when the cause names one
     */
    @ExceptionHandler
    public ProblemDetail unreadable(ServerWebInputException unreadable) {
        ValidationException cause = validationCause(unreadable);
        if (cause != null) {
            return invalid(cause);
        }
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input", "the request body is missing or is not the JSON this endpoint expects");
    }

    /**
     * @param missing the unknown order
     * @return 404
     */
    @ExceptionHandler
    public ProblemDetail notFound(OrderNotFoundException missing) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", missing.getMessage());
        problem.setProperty("orderId", missing.orderId());
        return problem;
    }

    /**
     * @param rule the broken rule
     * @return 422 with the order's {@code orderStatus}
     */
    @ExceptionHandler
    public ProblemDetail rule(OrderRuleException rule) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "order-rule", "Not allowed in this status", rule.getMessage());
        problem.setProperty("orderStatus", rule.status());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail == null ? title : detail);
        problem.setType(URI.create("/problems/" + type));
        problem.setTitle(title);
        return problem;
    }

    private static @Nullable ValidationException validationCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ValidationException validation) {
                return validation;
            }
        }
        return null;
    }
}
