package io.github.beatbrackerz.eventstore.examples.orders.web;

import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummaries;
import io.github.beatbrackerz.eventstore.examples.orders.readmodel.CustomerSummary;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /customers/{customerId}/summary}: the read model that the {@code customer-summaries}
 * durable subscription keeps. It trails the orders by the subscription's delivery delay
 * (milliseconds when running).
 */
@RestController
public class CustomerController {

    private final CustomerSummaries summaries;

    CustomerController(CustomerSummaries summaries) {
        this.summaries = summaries;
    }

    /**
     * @param customerId the customer
     * @return 200 with the summary, 404 while the customer has no order in the read model
     */
    @GetMapping("/customers/{customerId}/summary")
    public Mono<ResponseEntity<CustomerSummary>> summary(@PathVariable String customerId) {
        return summaries.find(customerId).map(ResponseEntity::ok).defaultIfEmpty(ResponseEntity.notFound().build());
    }
}
