package io.github.beatbrackerz.eventstore.examples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts the orders service. Without configuration it runs on an embedded PostgreSQL 17; set
 * {@code EVENTSTORE_R2DBC_URL} to use a server of your own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrdersApplication {

    /**
     * Runs the application until the JVM is stopped.
     *
     * @param args Spring Boot arguments, for example {@code --server.port=8081}
     */
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
